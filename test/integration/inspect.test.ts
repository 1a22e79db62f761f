// `topolab inspect` against ground truth: what `docker inspect`, the host's own `ip`
// and the kernel say. Addresses and MACs, veth peers on their bridges, pod-style and
// host-mode namespace sharing, a router's routes and ip_forward, a new ARP entry after
// a ping (flagged as new by the LabApi), and a node whose image has no shell at all.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabApiService, type LabApiService } from '../../electron/lab/api-service';
import type { NodeInspectionView } from '../../electron/lab/inspect/types';
import { cleanupLab, docker, dockerExec, REPO, topolab, writeLab } from './support/harness';

const run = promisify(execFile);
const LAB = 'itest-inspect';
const NOSHELL_IMAGE = 'topolab-itest/noshell';
const YAML = `topolab: 1
name: ${LAB}
networks:
  - {id: lan1, driver: bridge, subnet: 10.86.1.0/24}
  - {id: lan2, driver: bridge, subnet: 10.86.2.0/24}
  - {id: hostnet, driver: host}
nodes:
  - {id: a, interfaces: [{network: lan1, ip: 10.86.1.10}]}
  - {id: b, interfaces: [{network: lan1, ip: 10.86.1.11}]}
  - {id: pod, sharesNetworkWith: a}
  - id: r1
    kind: router
    interfaces: [{network: lan1, ip: 10.86.1.254}, {network: lan2, ip: 10.86.2.254}]
    routes: [{to: 10.86.9.0/24, via: 10.86.2.200}]
  - {id: onhost, interfaces: [{network: hostnet}]}
  - {id: bare, image: ${NOSHELL_IMAGE}, command: [sleep, infinity], interfaces: [{network: lan2, ip: 10.86.2.10}]}
`;

let file: string;
let service: LabApiService;

async function inspect(node: string): Promise<NodeInspectionView> {
  const out = await topolab(['inspect', file, node, '--json']);
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as NodeInspectionView;
}

beforeAll(async () => {
  await cleanupLab(LAB);
  // an image with no shell: topolab/node with every shell removed
  const maker = await docker('create', '--label', `io.topolab.lab=${LAB}`, 'topolab/node', 'true');
  await run('sh', ['-c', `docker export ${maker} | tar --delete bin/sh bin/dash bin/bash usr/bin/sh usr/bin/dash usr/bin/bash 2>/dev/null | docker import --change 'LABEL io.topolab.lab=${LAB}' - ${NOSHELL_IMAGE} >/dev/null`]);
  await docker('rm', '-f', maker);
  file = writeLab(LAB, YAML);
  const up = await topolab(['up', file]);
  expect(up.code, up.stdout + up.stderr).toBe(0);
  service = createLabApiService({ workspace: mkdtempSync(join(tmpdir(), 'topolab-inspect-')), templatesDir: join(REPO, 'templates') });
}, 180_000);

afterAll(async () => {
  await service?.close();
  await topolab(['down', '--lab', LAB]);
  await cleanupLab(LAB);
  await docker('rmi', '-f', NOSHELL_IMAGE).catch(() => undefined);
});

describe('topolab inspect', () => {
  it("reports the addresses and MACs docker inspect has, and each veth's host end on the network's bridge", async () => {
    const v = await inspect('a');
    const truth = JSON.parse(await docker('inspect', `topolab-${LAB}-a`))[0].NetworkSettings.Networks[`topolab-${LAB}-lan1`];
    const eth0 = v.interfaces.find((i) => i.name === 'eth0')!;
    expect(eth0.mac).toBe(truth.MacAddress);
    expect(eth0.addresses.map((x) => `${x.address}/${x.prefix}`)).toContain(`${truth.IPAddress}/${truth.IPPrefixLen}`);
    expect(eth0.kind).toBe('veth');
    expect(eth0.network).toBe('lan1');
    const bridge = `br-${truth.NetworkID.slice(0, 12)}`;
    expect(eth0.hostPeer).toMatchObject({ bridge, network: 'lan1' });
    const { stdout } = await run('ip', ['-o', 'link', 'show', 'master', bridge]);
    expect(stdout).toContain(`${eth0.hostPeer!.name}@`);
  });

  it('pod-style sharers have one network namespace and separate PID namespaces', async () => {
    const a = await inspect('a');
    const pod = await inspect('pod');
    expect(pod.namespaces.net).toBe(a.namespaces.net);
    expect(pod.namespaces.pid).not.toBe(a.namespaces.pid);
    expect(a.sharing.find((s) => s.kind === 'net')?.sharedWith).toContain('pod');
    expect(a.sharing.find((s) => s.kind === 'pid')?.sharedWith).not.toContain('pod');
    expect(pod.interfaces.find((i) => i.name === 'eth0')?.addresses[0]?.address).toBe('10.86.1.10');
  });

  it("a host-mode node is in the host's network namespace", async () => {
    const v = await inspect('onhost');
    expect(v.sharing.find((s) => s.kind === 'net')?.sharedWith).toContain('host');
    expect(v.sharing.find((s) => s.kind === 'pid')?.sharedWith).not.toContain('host');
  });

  it('a router shows its static route and ip_forward = 1', async () => {
    const v = await inspect('r1');
    expect(v.sysctls['net.ipv4.ip_forward']).toBe('1');
    expect(v.routes).toContainEqual(expect.objectContaining({ table: 'main', dst: '10.86.9.0/24', gateway: '10.86.2.200', dev: 'eth1' }));
    expect(v.interfaces.filter((i) => i.kind === 'veth').map((i) => i.network).sort()).toEqual(['lan1', 'lan2']);
  });

  it('a node whose image has no shell is still inspectable', async () => {
    expect((await dockerExec(`topolab-${LAB}-bare`, ['sh', '-c', 'true'])).code).not.toBe(0);
    const v = await inspect('bare');
    expect(v.interfaces.find((i) => i.name === 'eth0')?.addresses[0]?.address).toBe('10.86.2.10');
    expect(v.processes.map((p) => p.args)).toContain('sleep infinity');
    expect(v.processes.some((p) => /tcpdump|perl|3600/.test(p.args))).toBe(false); // the sidecar's own are left out
    expect(v.dns.resolv.dockerEmbedded).toBe(true);
  });
});

describe('topolab inspect <network> and host', () => {
  it("a bridge network: Docker's definition beside the kernel's bridge, its ports (with their nodes) and FDB", async () => {
    await dockerExec(`topolab-${LAB}-a`, ['ping', '-n', '-c', '1', '-W', '2', '10.86.1.11']);
    const out = await topolab(['inspect', file, 'lan1', '--json']);
    expect(out.code, out.stderr).toBe(0);
    const v = JSON.parse(out.stdout) as import('../../electron/lab/inspect/types').NetworkInspection;
    const truth = JSON.parse(await docker('network', 'inspect', `topolab-${LAB}-lan1`))[0];
    expect(v.docker).toMatchObject({ driver: 'bridge', id: truth.Id, subnets: [{ subnet: '10.86.1.0/24' }] });
    expect(v.docker.containers.map((c) => c.node).sort()).toEqual(['a', 'b', 'r1']);
    expect(v.kernel.device).toMatchObject({ name: `br-${truth.Id.slice(0, 12)}`, kind: 'bridge' });
    expect(v.kernel.ports.map((p) => p.node).sort()).toEqual(['a', 'b', 'r1']);
    const aMac = truth.Containers[Object.keys(truth.Containers).find((k) => truth.Containers[k].Name === `topolab-${LAB}-a`)!].MacAddress;
    expect(v.kernel.fdb.some((f) => f.mac === aMac && v.kernel.ports.find((p) => p.name === f.dev)?.node === 'a')).toBe(true);
  });

  it("the host: the lab's bridges and the Docker chains, with the rules about the lab marked", async () => {
    const out = await topolab(['inspect', file, 'host', '--json']);
    expect(out.code, out.stderr).toBe(0);
    const v = JSON.parse(out.stdout) as import('../../electron/lab/inspect/types').HostInspection;
    expect(v.bridges.filter((b) => b.ofLab).map((b) => b.network).sort()).toEqual(['lan1', 'lan2']);
    expect(v.dockerChains).toEqual(expect.arrayContaining(['DOCKER', 'DOCKER-ISOLATION-STAGE-1', 'DOCKER-ISOLATION-STAGE-2']));
    expect(v.labRules.length).toBeGreaterThan(0);
    expect(v.veths.filter((x) => x.node === 'a')).toHaveLength(1);
  });
});

describe('consoles', () => {
  /** Opens a console, types `command`, and resolves with what the terminal showed once `until` appears. */
  async function session(node: string, command: string, until: RegExp): Promise<{ via: string; screen: string; exit: Promise<number | undefined> }> {
    let screen = '';
    let exited: (code: number | undefined) => void = () => undefined;
    const exit = new Promise<number | undefined>((r) => { exited = r; });
    const { id, via } = await service.consoleOpen({ text: YAML, node, cols: 100, rows: 30 });
    const offOut = service.on('consoleOutput', (e) => { if (e.id === id) screen += e.data; });
    const offExit = service.on('consoleExit', (e) => { if (e.id === id) { offOut(); offExit(); exited(e.code); } });
    await service.consoleResize({ id, cols: 120, rows: 40 });
    await service.consoleInput({ id, data: `${command}\r` });
    for (let i = 0; i < 100 && !until.test(screen); i++) await new Promise((r) => setTimeout(r, 50));
    await service.consoleInput({ id, data: 'exit\r' });
    return { via, screen, exit };
  }

  it("opens a shell in the node: `ip -br addr` shows its address, and `exit` ends the session", async () => {
    const s = await session('a', 'ip -br addr; stty size', /10\.86\.1\.10\/24[\s\S]*40 120/);
    expect(s.via).toBe('node');
    expect(s.screen).toMatch(/eth0@\S+\s+UP\s+10\.86\.1\.10\/24/);
    expect(s.screen).toMatch(/40 120/); // the resize reached the terminal
    expect(await s.exit).toBe(0);
  });

  it('a node without a shell gets one in its sidecar, in the same namespaces', async () => {
    const s = await session('bare', 'ip -br addr; ps -e -o args', /10\.86\.2\.10\/24[\s\S]*sleep infinity/);
    expect(s.via).toBe('sidecar');
    expect(s.screen).toMatch(/10\.86\.2\.10\/24/);
    expect(s.screen).toContain('sleep infinity');
    await s.exit;
  });

  it('refuses input to a console that is closed', async () => {
    await expect(service.consoleInput({ id: '0123456789abcdef', data: 'ls\r' })).rejects.toThrow(/closed/);
  });
});

describe('labInspect', () => {
  it('flags the ARP entry a ping adds as new, and nothing on a refresh with no change', async () => {
    // b itself may not change its ARP table (no NET_ADMIN): flush it from the host, in b's namespace
    const pid = await docker('inspect', '-f', '{{.State.Pid}}', `topolab-${LAB}-b`);
    await run('nsenter', ['-t', pid, '-n', 'ip', 'neigh', 'flush', 'all']);
    const first = await service.labInspect({ text: YAML, node: 'b' });
    expect(first.neighbours.some((n) => n.ip === '10.86.1.10')).toBe(false);
    expect(first.changes.neighbours.added).toEqual([]); // no baseline yet: nothing flagged
    expect((await dockerExec(`topolab-${LAB}-b`, ['ping', '-n', '-c', '1', '-W', '2', '10.86.1.10'])).code).toBe(0);
    const second = await service.labInspect({ text: YAML, node: 'b' });
    expect(second.neighbours.find((n) => n.ip === '10.86.1.10')).toMatchObject({ dev: 'eth0', mac: expect.stringMatching(/^02:42:/) });
    expect(second.changes.neighbours.added).toContain('10.86.1.10|eth0');
  });

  it('says what to do for a node that is not running', async () => {
    await expect(service.labInspect({ text: YAML, node: 'ghost' })).rejects.toThrow(/no node "ghost".*deploy/);
  });
});

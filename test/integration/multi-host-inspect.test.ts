// Inspection, consoles and live traffic for a lab across two virtual hosts, against
// ground truth read independently through the outer engine (`docker exec <virtual
// host> docker inspect …`, the virtual host's own /sys and /proc). Two virtual hosts
// on one underlay, an overlay with a container on each, and a bridge local to host A.
// Traffic stays between the lab's own containers; everything is labelled and removed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkTraffic, TrafficEvent } from '../../electron/lab/api';
import { createLabApiService, type LabApiService } from '../../electron/lab/api-service';
import type { HostInspection, NetworkInspection, NodeInspectionView } from '../../electron/lab/inspect/types';
import { cleanupLab, dockerExec, REPO, topolab, writeLab } from './support/harness';

const LAB = 'itest-mhi';
const HOST_A = `topolab-${LAB}-a`;
const HOST_B = `topolab-${LAB}-b`;
const YAML = `topolab: 1
name: ${LAB}
hosts:
  - {id: a, kind: virtual, interfaces: [{network: underlay, ip: 10.74.0.11}]}
  - {id: b, kind: virtual, interfaces: [{network: underlay, ip: 10.74.0.12}]}
networks:
  - {id: underlay, driver: bridge, internal: true, subnet: 10.74.0.0/24}
  - {id: ovl, driver: overlay, subnet: 10.74.10.0/24}
  - {id: lana, driver: bridge, host: a, subnet: 10.74.1.0/24}
nodes:
  - {id: ca, host: a, interfaces: [{network: ovl, ip: 10.74.10.10}, {network: lana, ip: 10.74.1.10}]}
  - {id: cb, host: b, interfaces: [{network: ovl, ip: 10.74.10.20}]}
`;

let file: string;
let service: LabApiService | undefined;

/** Runs the plain docker CLI of a virtual host's nested engine, through the outer engine. */
async function nested(host: string, args: string[]): Promise<string> {
  const out = await dockerExec(host, ['docker', ...args]);
  if (out.code !== 0) throw new Error(`docker ${args.join(' ')} on ${host}: ${out.stderr}`);
  return out.stdout.trim();
}

/** A command in a virtual host's own namespaces (it has sh, readlink, cat; no iproute2). */
async function inHost(host: string, script: string): Promise<string> {
  return (await dockerExec(host, ['sh', '-c', script])).stdout.trim();
}

async function inspectJson<T>(what: string): Promise<T> {
  const out = await topolab(['inspect', file, what, '--json']);
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as T;
}

/** One ICMP echo between the lab's own containers, over the overlay. */
const pingOverOverlay = (count = 1) => dockerExec(HOST_A, ['docker', 'exec', `topolab-${LAB}-ca`, 'ping', '-n', '-c', String(count), '-i', '0.3', '-W', '2', '10.74.10.20']);

beforeAll(async () => {
  await cleanupLab(LAB);
  file = writeLab(LAB, YAML);
  const up = await topolab(['up', file]);
  expect(up.code, up.stdout + up.stderr).toBe(0);
  service = createLabApiService({ workspace: mkdtempSync(join(tmpdir(), 'topolab-mhi-')), templatesDir: join(REPO, 'templates') });
}, 300_000);

afterAll(async () => {
  try {
    await service?.close();
    await topolab(['down', '--lab', LAB]);
  } finally {
    await cleanupLab(LAB);
  }
}, 120_000);

describe('inspecting a node on a virtual host', () => {
  it("reports the addresses and MACs the nested engine's docker inspect has, and its namespace ids", async () => {
    const v = await inspectJson<NodeInspectionView>('ca');
    expect(v.host).toBe('a');
    const truth = JSON.parse(await nested(HOST_A, ['inspect', `topolab-${LAB}-ca`]))[0];
    const endpoints = truth.NetworkSettings.Networks as Record<string, { MacAddress: string; IPAddress: string; IPPrefixLen: number }>;
    for (const [dockerNet, network] of [[`topolab-${LAB}-lana`, 'lana'], [`topolab-${LAB}-ovl`, 'ovl']]) {
      const e = endpoints[dockerNet];
      const iface = v.interfaces.find((i) => i.mac === e.MacAddress);
      expect(iface, `${network}: ${JSON.stringify(v.interfaces.map((i) => [i.name, i.mac]))}`).toBeDefined();
      expect(iface!.addresses.map((a) => `${a.address}/${a.prefix}`)).toContain(`${e.IPAddress}/${e.IPPrefixLen}`);
      expect(iface!.network).toBe(network);
    }
    // the kernel's namespace ids, as the virtual host's own /proc has them (the nested PID is the virtual host's)
    expect(await inHost(HOST_A, `readlink /proc/${truth.State.Pid}/ns/net`)).toBe(`net:[${v.namespaces.net}]`);
    expect(v.sharing.find((s) => s.kind === 'net')?.sharedWith).toEqual([]);
  });

  it("maps each veth's host end to the right bridge in host A's own namespace (the overlay's: br0 in its namespace)", async () => {
    const v = await inspectJson<NodeInspectionView>('ca');
    const lanaId = await nested(HOST_A, ['network', 'inspect', '-f', '{{.Id}}', `topolab-${LAB}-lana`]);
    const onLana = v.interfaces.find((i) => i.network === 'lana')!;
    expect(onLana.kind).toBe('veth');
    expect(onLana.hostPeer).toMatchObject({ bridge: `br-${lanaId.slice(0, 12)}`, network: 'lana' });
    // ground truth: the virtual host's own sysfs says the same veth is a port of that bridge
    expect(await inHost(HOST_A, `readlink /sys/class/net/${onLana.hostPeer!.name}/master`)).toBe(`../br-${lanaId.slice(0, 12)}`);
    expect(await inHost(HOST_A, `cat /sys/class/net/${onLana.hostPeer!.name}/iflink`)).toBe(String(onLana.index));
    const onOverlay = v.interfaces.find((i) => i.network === 'ovl')!;
    expect(onOverlay.hostPeer).toMatchObject({ bridge: 'br0', network: 'ovl' });
  });

  it('through the LabApi too, on host B', async () => {
    const v = await service!.labInspect({ text: YAML, node: 'cb' });
    expect(v.host).toBe('b');
    expect(v.interfaces.find((i) => i.network === 'ovl')?.addresses[0]?.address).toBe('10.74.10.20');
  });
});

describe('inspecting the overlay and the hosts', () => {
  it("shows the VXLAN VNI on each member host, and the peer host's underlay address behind the remote MACs", async () => {
    expect((await pingOverOverlay()).code).toBe(0);
    const v = await inspectJson<NetworkInspection>('ovl');
    const vni = Number((await nested(HOST_A, ['network', 'inspect', '-f', '{{index .Options "com.docker.network.driver.overlay.vxlanid_list"}}', `topolab-${LAB}-ovl`])).split(',')[0]);
    expect(vni).toBeGreaterThan(0);
    expect(v.hosts?.map((h) => h.host)).toEqual(['a', 'b']);
    const a = v.hosts!.find((h) => h.host === 'a')!;
    const b = v.hosts!.find((h) => h.host === 'b')!;
    expect(a.kernel.vxlan?.vxlan?.vni).toBe(vni);
    expect(b.kernel.vxlan?.vxlan?.vni).toBe(vni);
    const cbMac = await nested(HOST_B, ['inspect', '-f', `{{(index .NetworkSettings.Networks "topolab-${LAB}-ovl").MacAddress}}`, `topolab-${LAB}-cb`]);
    const caMac = await nested(HOST_A, ['inspect', '-f', `{{(index .NetworkSettings.Networks "topolab-${LAB}-ovl").MacAddress}}`, `topolab-${LAB}-ca`]);
    expect(a.kernel.fdb).toContainEqual(expect.objectContaining({ mac: cbMac, dev: a.kernel.vxlan!.name, dst: '10.74.0.12' }));
    expect(b.kernel.fdb).toContainEqual(expect.objectContaining({ mac: caMac, dev: b.kernel.vxlan!.name, dst: '10.74.0.11' }));
    expect(v.docker.peers).toEqual(expect.arrayContaining([expect.objectContaining({ host: 'a', ip: '10.74.0.11' }), expect.objectContaining({ host: 'b', ip: '10.74.0.12' })]));
    expect(v.docker.containers.filter((c) => c.node).map((c) => `${c.node}@${c.host}`).sort()).toEqual(['ca@a', 'cb@b']);
  });

  it('a bridge that lives on host A is inspected there', async () => {
    const v = await inspectJson<NetworkInspection>('lana');
    expect(v.host).toBe('a');
    expect(v.docker.containers.map((c) => c.node)).toEqual(['ca']);
    expect(v.kernel.ports.map((p) => p.node)).toEqual(['ca']);
  });

  it("the host view of A: its own bridges, veths, VXLAN device, underlay link and iptables chains", async () => {
    const v = await inspectJson<HostInspection>('a');
    expect(v.host).toBe('a');
    const devices = (await inHost(HOST_A, 'ls /sys/class/net')).split(/\s+/);
    expect(v.bridges.map((b) => b.name).sort()).toEqual(devices.filter((d) => d.startsWith('br-') || d === 'docker0' || d === 'docker_gwbridge').sort());
    expect(v.bridges.filter((b) => b.ofLab).map((b) => b.network)).toEqual(['lana']);
    expect(v.veths.filter((x) => x.node === 'ca')).toHaveLength(1);
    expect(v.vxlans).toEqual([expect.objectContaining({ network: 'ovl', device: expect.objectContaining({ kind: 'vxlan' }) })]);
    expect(v.uplinks).toEqual([expect.objectContaining({ network: 'underlay', addresses: expect.arrayContaining([expect.objectContaining({ address: '10.74.0.11', prefix: 24 })]) })]);
    expect(v.dockerChains).toEqual(expect.arrayContaining(['DOCKER', 'DOCKER-ISOLATION-STAGE-1']));
    expect(v.labRules.length).toBeGreaterThan(0);
  });

  it("'host' is still the engine's own host: the underlay bridge, with the virtual hosts on its ports", async () => {
    const v = await inspectJson<HostInspection>('host');
    expect(v.host).toBeUndefined();
    expect(v.bridges.filter((b) => b.ofLab).map((b) => b.network)).toEqual(['underlay']);
    expect(v.veths.filter((x) => x.node).map((x) => x.node).sort()).toEqual(['a', 'b']);
  });

  it('the LabApi host view takes a host id, and refuses one that is not a host', async () => {
    expect((await service!.labInspectHost({ text: YAML, host: 'b' })).vxlans?.[0]?.network).toBe('ovl');
    await expect(service!.labInspectHost({ text: YAML, host: 'ca' })).rejects.toThrow(/not a host/);
  });
});

describe('consoles on virtual hosts', () => {
  /** Opens a console, types `command`, and resolves with what the terminal showed once `until` appears. */
  async function session(node: string, command: string, until: RegExp) {
    let screen = '';
    let exited: (code: number | undefined) => void = () => undefined;
    const exit = new Promise<number | undefined>((r) => { exited = r; });
    const opened = await service!.consoleOpen({ text: YAML, node, cols: 100, rows: 30 });
    const offOut = service!.on('consoleOutput', (e) => { if (e.id === opened.id) screen += e.data; });
    const offExit = service!.on('consoleExit', (e) => { if (e.id === opened.id) { offOut(); offExit(); exited(e.code); } });
    await service!.consoleResize({ id: opened.id, cols: 120, rows: 40 });
    await service!.consoleInput({ id: opened.id, data: `${command}\r` });
    for (let i = 0; i < 200 && !until.test(screen); i++) await new Promise((r) => setTimeout(r, 50));
    await service!.consoleInput({ id: opened.id, data: 'exit\r' });
    return { ...opened, screen, exit };
  }

  it('a shell in a node on host B, through its nested engine: `ip -br addr` shows its overlay address, and resize reaches the TTY', async () => {
    const s = await session('cb', 'ip -br addr; stty size', /10\.74\.10\.20\/24[\s\S]*40 120/);
    expect(s).toMatchObject({ via: 'node', host: 'b' });
    expect(s.screen).toMatch(/eth0@\S+\s+UP\s+10\.74\.10\.20\/24/);
    expect(s.screen).toMatch(/40 120/);
    expect(await s.exit).toBe(0);
  });

  it("a shell in virtual host B itself: its own hostname and nested engine", async () => {
    const s = await session('b', "hostname; docker ps --format '{{.Names}}'", new RegExp(`topolab-${LAB}-cb`));
    expect(s.host).toBe('b');
    expect(s.screen).toMatch(/^b\r?$/m);
    expect(s.screen).toContain(`topolab-${LAB}-cb`);
    await s.exit;
  });
});

describe('live traffic across virtual hosts', () => {
  it("samples the nodes on their hosts' engines and the virtual hosts' underlay links", async () => {
    const events: TrafficEvent[] = [];
    const off = service!.on('traffic', (e) => { if (e.lab === LAB) events.push(e); });
    try {
      expect(await service!.labTraffic({ lab: LAB, watch: true })).toMatchObject({ watching: true });
      const pinging = pingOverOverlay(8);
      for (let i = 0; i < 100 && events.length < 3; i++) await new Promise((r) => setTimeout(r, 100));
      expect((await pinging).code).toBe(0);
    } finally {
      await service!.labTraffic({ lab: LAB, watch: false });
      off();
    }
    const links: LinkTraffic[] = events.flatMap((e) => e.links);
    const cb = links.filter((l) => l.node === 'cb' && l.network === 'ovl');
    expect(cb.length).toBeGreaterThan(0);
    expect(cb.every((l) => l.host === 'b')).toBe(true);
    expect(cb.some((l) => l.rxPps > 0 && l.txPps > 0)).toBe(true);
    for (const host of ['a', 'b']) {
      const uplink = links.filter((l) => l.node === host);
      expect(uplink.length, `${host}'s underlay link`).toBeGreaterThan(0);
      expect(uplink.every((l) => l.host === host && l.network === 'underlay')).toBe(true);
    }
    // the overlay's packets cross the underlay: B's link carries them
    expect(links.some((l) => l.node === 'b' && l.rxBps > 0)).toBe(true);
  });
});

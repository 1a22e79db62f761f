// A lab across two virtual hosts on the real engine, through the CLI as people use it:
// up (with the hosts' operations), an empty second plan, status read from each host's
// nested engine, an overlay between the hosts that carries traffic both ways while a
// bridge on host A stays out of B's reach, `topolab test` checking that, live states
// from the nested engines, a host killed in the middle of `up`, and a `down` that
// leaves nothing. Subnets 10.73.0.0/16 only; traffic stays between the lab's
// containers (the underlay is internal: nothing leaves it); torn down by label.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabStateEvent } from '../../electron/lab/api';
import { createLabApiService, type LabApiService } from '../../electron/lab/api-service';
import { connectEngine } from '../../electron/lab/docker/engine';
import { removeNestedCgroups } from '../../electron/lab/hosts/cgroups';
import type { LabStatus } from '../../electron/lab/lab-service';
import { vethLabPrefix } from '../../electron/lab/plan/naming';
import { cleanupLab, docker, dockerExec, hostLinks, labContainers, labNetworks, REPO, startTopolab, topolab, writeLab, waitFor } from './support/harness';

const LAB = 'itest-mh';
const HOST_A = `topolab-${LAB}-a`;
const HOST_B = `topolab-${LAB}-b`;
const YAML = `topolab: 1
name: ${LAB}
hosts:
  - id: local
  - id: a
    kind: virtual
    interfaces: [{network: underlay, ip: 10.73.0.11}]
  - id: b
    kind: virtual
    interfaces: [{network: underlay, ip: 10.73.0.12}]
networks:
  - {id: underlay, driver: bridge, subnet: 10.73.0.0/24, internal: true}
  - {id: ovl, driver: overlay, subnet: 10.73.10.0/24}
  - {id: lan-a, driver: bridge, host: a, subnet: 10.73.1.0/24}
nodes:
  - {id: ca, host: a, interfaces: [{network: ovl, ip: 10.73.10.10}]}
  - {id: cb, host: b, interfaces: [{network: ovl, ip: 10.73.10.20}]}
  - {id: la, host: a, interfaces: [{network: lan-a, ip: 10.73.1.10}]}
expectations:
  - {from: ca, to: cb, reachable: true}
  - {from: cb, to: ca, reachable: true}
  - {from: cb, to: la, reachable: false}
  - {node: ca, route: 10.73.10.0/24}
`;

let file: string;
let outer: Dockerode;
let service: LabApiService | undefined;
const states: LabStateEvent[] = [];

/** A node's container on a virtual host, run with the nested engine's own CLI. */
const nested = (host: string, cmd: string[]) => dockerExec(host, ['docker', ...cmd]);
const pingFrom = (host: string, node: string, ip: string) => nested(host, ['exec', `topolab-${LAB}-${node}`, 'ping', '-c1', '-W2', ip]);

/** The machine's cgroup directories a nested engine of this lab made (v1 hierarchies and the v2 tree). */
function labCgroups(): string[] {
  const root = '/sys/fs/cgroup';
  if (!existsSync(root)) return [];
  const found: string[] = [];
  const scan = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory() && entry.name.startsWith(`topolab-${LAB}-`)) found.push(join(dir, entry.name));
  };
  scan(root);
  for (const entry of readdirSync(root, { withFileTypes: true })) if (entry.isDirectory()) scan(join(root, entry.name));
  return found;
}

async function statusJson(): Promise<LabStatus> {
  const result = await topolab(['status', file, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as LabStatus;
}


/** Removes the lab by label (virtual hosts take everything nested with them) and the cgroups they leave. */
async function tearDownByLabel(): Promise<void> {
  await cleanupLab(LAB);
  await removeNestedCgroups(outer, LAB, ['a', 'b']).catch(() => undefined);
  await cleanupLab(LAB); // the cgroup helper itself, should it have been left behind
}

beforeAll(async () => {
  outer = (await connectEngine()).docker;
  await tearDownByLabel();
  file = writeLab(LAB, YAML);
});

afterAll(async () => {
  await service?.close().catch(() => undefined);
  await topolab(['down', file]).catch(() => undefined);
  await tearDownByLabel();
}, 180_000);

describe('a lab across two virtual hosts', () => {
  it('up starts both hosts, copies images, forms the swarm and builds the nested networks and nodes', async () => {
    const result = await topolab(['up', file]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\+ create\s+host a\b/);
    expect(result.stdout).toMatch(/\+ create\s+host b\b/);
    for (const line of [
      'start virtual host a on 10.73.0.11',
      'start virtual host b on 10.73.0.12',
      'on a: copy image topolab/node',
      'on b: copy image topolab/node',
      'form a swarm: a manages, b joins',
      'on a: create network lan-a (bridge 10.73.1.0/24)',
      'on a: create network ovl (overlay 10.73.10.0/24)',
      'on b: create node cb (topolab/node)',
    ]) {
      expect(result.stdout).toContain(line);
    }
    expect(result.stdout).toMatch(/Lab itest-mh is up: \d+ operations/);
    // the outer engine has the hosts; the nodes are nested in them
    expect(await labContainers(LAB)).toEqual([HOST_A, HOST_B]);
    expect((await nested(HOST_A, ['ps', '--filter', `label=io.topolab.lab=${LAB}`, '--format', '{{.Names}}'])).stdout.split('\n').filter((n) => n && !n.includes('sidecar')).sort()).toEqual([`topolab-${LAB}-ca`, `topolab-${LAB}-la`]);
    expect((await nested(HOST_B, ['ps', '--filter', `label=io.topolab.lab=${LAB}`, '--format', '{{.Names}}'])).stdout.trim()).toBe(`topolab-${LAB}-cb`);
  }, 300_000);

  it('a second plan is empty', async () => {
    const text = await topolab(['plan', file]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`No changes: lab ${LAB} matches the file.`);
    const json = await topolab(['plan', file, '--json']);
    expect((JSON.parse(json.stdout) as { operations: unknown[] }).operations).toEqual([]);
  }, 120_000);

  it('status reads the nodes from their hosts\' engines, with addresses, and shows the hosts', async () => {
    const status = await statusJson();
    expect(status.nodes.map((n) => ({ id: n.id, host: n.host, state: n.state, interfaces: n.interfaces.map((i) => `${i.network}=${i.ip}`) }))).toEqual([
      { id: 'ca', host: 'a', state: 'running', interfaces: ['ovl=10.73.10.10'] },
      { id: 'cb', host: 'b', state: 'running', interfaces: ['ovl=10.73.10.20'] },
      { id: 'la', host: 'a', state: 'running', interfaces: ['lan-a=10.73.1.10'] },
    ]);
    expect(status.hosts.map((h) => ({ id: h.id, kind: h.kind, state: h.state, engineAnswers: h.engineAnswers, addresses: h.addresses }))).toEqual([
      { id: 'local', kind: 'local', state: 'running', engineAnswers: true, addresses: [] },
      { id: 'a', kind: 'virtual', state: 'running', engineAnswers: true, addresses: [{ network: 'underlay', ip: '10.73.0.11' }] },
      { id: 'b', kind: 'virtual', state: 'running', engineAnswers: true, addresses: [{ network: 'underlay', ip: '10.73.0.12' }] },
    ]);
    expect(status.networks.map((n) => `${n.id}:${n.state}:${n.subnets.join()}`)).toEqual(['underlay:present:10.73.0.0/24', 'ovl:present:10.73.10.0/24', 'lan-a:present:10.73.1.0/24']);
    expect(status.strays).toEqual([]); // the virtual host containers are the lab's, not strays

    const text = await topolab(['status', file]);
    expect(text.stdout).toMatch(/^HOST\s+KIND\s+STATE\s+ENGINE\s+UNDERLAY/m);
    expect(text.stdout).toMatch(/^b\s+virtual\s+running\s+answers .*underlay=10\.73\.0\.12/m);
    expect(text.stdout).toMatch(/^cb\s+b\s+container\s+running\s+ovl=10\.73\.10\.20/m);
    expect(text.stdout).not.toContain('Not in the file');
  }, 120_000);

  it('the overlay carries traffic between the hosts, both ways', async () => {
    const ab = await pingFrom(HOST_A, 'ca', '10.73.10.20');
    expect(ab.code, ab.stdout + ab.stderr).toBe(0);
    const ba = await pingFrom(HOST_B, 'cb', '10.73.10.10');
    expect(ba.code, ba.stdout + ba.stderr).toBe(0);
  }, 60_000);

  it('the bridge on host A is not reachable from host B', async () => {
    const fromB = await pingFrom(HOST_B, 'cb', '10.73.1.10');
    expect(fromB.code, fromB.stdout).not.toBe(0);
  }, 60_000);

  it('topolab test checks the expectations on the nodes\' own hosts, and they hold', async () => {
    const result = await topolab(['test', file]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/PASS\s+ca → cb is reachable/);
    expect(result.stdout).toMatch(/PASS\s+cb → ca is reachable/);
    expect(result.stdout).toMatch(/PASS\s+cb → la is not reachable/);
    expect(result.stdout).toMatch(/PASS\s+ca has a route to 10\.73\.10\.0\/24/);
    expect(result.stdout).toContain('4 of 4 expectations hold.');
  }, 180_000);

  it('labWatch follows the nodes on virtual hosts through their nested engines', async () => {
    service = createLabApiService({ workspace: mkdtempSync(join(tmpdir(), `topolab-${LAB}-ws-`)), templatesDir: join(REPO, 'templates') });
    service.on('labState', (e) => states.push(e));
    expect(await service.labWatch({ lab: LAB, watch: true })).toEqual({ watching: true });
    await nested(HOST_B, ['kill', `topolab-${LAB}-cb`]);
    const died = await waitFor(states, (s) => s.node === 'cb' && s.state === 'exited' && !!s.message?.includes('code'), 'cb exited', 60_000);
    expect(died).toMatchObject({ lab: LAB, message: 'exited with code 137' });
    expect(died.kind).toBeUndefined();
    await nested(HOST_B, ['start', `topolab-${LAB}-cb`]);
    await waitFor(states, (s) => s.node === 'cb' && s.state === 'running', 'cb running again', 60_000);
    const status = await service.labStatus({ text: YAML });
    expect(status.nodes.find((n) => n.id === 'cb')).toMatchObject({ host: 'b', state: 'running', interfaces: [{ network: 'ovl', ip: '10.73.10.20' }] });
    expect(status.hosts?.map((h) => `${h.id}:${h.state}:${h.engineAnswers}`)).toEqual(['local:running:true', 'a:running:true', 'b:running:true']);
  }, 120_000);

  it('a virtual host killed in the middle of up is reported by name; status and the watch say so too', async () => {
    const down = await topolab(['down', file]);
    expect(down.code, down.stderr).toBe(0);
    const up = startTopolab(['up', file]);
    let output = '';
    let killed = false;
    const exited = new Promise<number>((resolve) => up.on('exit', (code) => resolve(code ?? -1)));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // host B is up and its images are being copied: kill it now
      if (!killed && /✓ start virtual host b\b/.test(output)) {
        killed = true;
        void docker('kill', HOST_B);
      }
    };
    up.stdout!.on('data', onData);
    up.stderr!.on('data', onData);
    const code = await exited;
    expect(killed, output).toBe(true);
    expect(code, output).toBe(1);
    expect(output).toMatch(/Failed: virtual host b is not running \(its container topolab-itest-mh-b is exited/);
    expect(output).toContain(`\`topolab down ${file}\` removes it all`);

    const status = await statusJson();
    expect(status.hosts.find((h) => h.id === 'b')).toMatchObject({ state: 'exited', engineAnswers: false });
    expect(status.nodes.find((n) => n.id === 'cb')).toMatchObject({ host: 'b', state: 'exited', status: expect.stringMatching(/^virtual host b is not running/) });
    expect(status.strays).toEqual([]);
    await waitFor(states, (s) => s.node === 'b' && s.kind === 'host' && s.state === 'exited', 'host b exited', 60_000);
  }, 300_000);

  it('down removes every container, network, veth and cgroup of the lab, even with a host killed', async () => {
    await service?.labWatch({ lab: LAB, watch: false });
    const result = await topolab(['down', file]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`Lab ${LAB} removed`);
    expect(await labContainers(LAB)).toEqual([]);
    expect(await labNetworks(LAB)).toEqual([]);
    expect(await hostLinks(vethLabPrefix(LAB))).toEqual([]);
    expect(labCgroups()).toEqual([]);
    const again = await topolab(['status', file, '--json']);
    const status = JSON.parse(again.stdout) as LabStatus;
    expect(status.hosts.filter((h) => h.kind === 'virtual').map((h) => h.state)).toEqual(['missing', 'missing']);
  }, 180_000);
});

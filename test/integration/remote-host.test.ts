// A lab with a remote host, on the real engine, without any real remote machine: the
// "remote" engine is a container of topolab/host on the local engine (the same run
// flags as a virtual host) whose nested dockerd also listens on a unix socket in a
// bind-mounted directory of this machine. To topolab it is only a URL in the lab file
// (unix:///tmp/…/docker.sock), reached like any DOCKER_HOST. Through the CLI as people
// use it: up creates the far nodes on that engine (ground truth: its own docker CLI),
// a second plan is empty, status reads both engines, the far nodes reach each other
// (`topolab test` and a trace), inspect works there, a missing image on the remote and
// an unreachable URL are refused before anything changes, and `down <file>` empties
// both engines. Subnets 10.84.0.0/16 only; every network is internal; torn down by
// label (the remote engine container carries its own label, itest-remote-engine).
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEngine } from '../../electron/lab/docker/engine';
import { removeNestedCgroups } from '../../electron/lab/hosts/cgroups';
import { ensureImagesOnHost } from '../../electron/lab/hosts/image-transfer';
import { detectRunMode, virtualHostCreateOptions } from '../../electron/lab/hosts/virtual-host';
import type { LabStateEvent } from '../../electron/lab/api';
import { createLabApiService, type LabApiService } from '../../electron/lab/api-service';
import type { LabStatus } from '../../electron/lab/lab-service';
import { cleanupLab, docker, dockerExec, labContainers, labNetworks, REPO, topolab, waitFor, writeLab } from './support/harness';

const LAB = 'itest-remote';
const ENGINE = 'topolab-itest-remote-engine';
const ENGINE_LAB = 'itest-remote-engine';

let outer: Dockerode;
let dir: string;
let socketUrl: string;
let file: string;
let service: LabApiService | undefined;
const states: LabStateEvent[] = [];
/** Every lab file this test wrote (each in a directory of its own), removed at the end. */
const files: string[] = [];
const workspaces: string[] = [];
const lab = (text: string) => {
  const written = writeLab(LAB, text);
  files.push(written);
  return written;
};

const yaml = (url: string, extraNode = '') => `topolab: 1
name: ${LAB}
hosts:
  - {id: local}
  - {id: far, kind: remote, url: "${url}"}
networks:
  - {id: lanfar, driver: bridge, host: far, internal: true, subnet: 10.84.1.0/24}
  - {id: lanhere, driver: bridge, internal: true, subnet: 10.84.2.0/24}
nodes:
  - {id: f1, host: far, interfaces: [{network: lanfar, ip: 10.84.1.10}]}
  - {id: f2, host: far, interfaces: [{network: lanfar, ip: 10.84.1.20}]}
  - {id: here, interfaces: [{network: lanhere, ip: 10.84.2.10}]}
${extraNode}expectations:
  - {from: f1, to: f2, reachable: true}
  - {from: f2, to: f1, reachable: true}
`;

/** The remote engine's own docker CLI (ground truth, independent of topolab). */
const far = (...args: string[]) => dockerExec(ENGINE, ['docker', ...args]);
const farLines = async (...args: string[]) => (await far(...args)).stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
const farNodes = async () => (await farLines('ps', '-a', '--filter', `label=io.topolab.lab=${LAB}`, '--format', '{{.Names}}')).filter((n) => !n.includes('sidecar'));
const farNetworks = () => farLines('network', 'ls', '--filter', `label=io.topolab.lab=${LAB}`, '--format', '{{.Name}}');

async function statusJson(f = file): Promise<LabStatus> {
  const result = await topolab(['status', f, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as LabStatus;
}

/** Removes the remote engine container, its cgroups, its directory, and the lab on this engine. */
async function tearDown(): Promise<void> {
  const engines = await docker('ps', '-aq', '--filter', `label=io.topolab.lab=${ENGINE_LAB}`).catch(() => '');
  if (engines) await docker('rm', '-f', ...engines.split('\n')).catch(() => undefined);
  await cleanupLab(LAB).catch(() => undefined);
  // the nested engine's cgroup parent is /topolab-itest-remote-engine (objectName(LAB, 'engine'))
  if (outer) await removeNestedCgroups(outer, LAB, ['engine']).catch(() => undefined);
  await cleanupLab(LAB).catch(() => undefined);
  await cleanupLab(ENGINE_LAB).catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Starts the "remote" engine: topolab/host run as a virtual host is, its dockerd also on a socket in `dir`. */
async function startRemoteEngine(): Promise<void> {
  const mode = await detectRunMode(outer, ENGINE_LAB);
  const options = virtualHostCreateOptions({ lab: LAB, id: 'engine', underlays: [], specHash: '' }, mode);
  const [entrypoint, ...flags] = options.Cmd as string[];
  const container = await outer.createContainer({
    ...options,
    name: ENGINE,
    Hostname: 'far',
    // its own lab label: neither this lab's objects nor one of its virtual hosts
    Labels: { 'io.topolab.lab': ENGINE_LAB },
    Cmd: [entrypoint, ...flags, '-H', 'unix:///run/remote/docker.sock', '-H', 'unix:///var/run/docker.sock'],
    HostConfig: { ...options.HostConfig, Binds: [...(options.HostConfig?.Binds ?? []), `${dir}:/run/remote`] },
  });
  await container.start();
  const remote = new Dockerode({ socketPath: `${dir}/docker.sock` });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (await remote.ping().then(() => true, () => false)) break;
    if (Date.now() > deadline) throw new Error(`the remote engine did not answer on ${socketUrl}: ${(await docker('logs', '--tail', '20', ENGINE).catch((e: Error) => e.message))}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  // topolab never copies images to a remote host: the test puts topolab/node there itself
  await ensureImagesOnHost(outer, remote, ['topolab/node']);
}

beforeAll(async () => {
  outer = (await connectEngine()).docker;
  await tearDown();
  dir = mkdtempSync('/tmp/topolab-itest-remote-');
  socketUrl = `unix://${dir}/docker.sock`;
  await startRemoteEngine();
  file = lab(yaml(socketUrl));
}, 300_000);

afterAll(async () => {
  await service?.close().catch(() => undefined);
  if (file) await topolab(['down', file]).catch(() => undefined);
  await tearDown();
  for (const f of files) rmSync(dirname(f), { recursive: true, force: true });
  for (const ws of workspaces) rmSync(ws, { recursive: true, force: true });
}, 180_000);

describe('a lab with a remote host', () => {
  it('up creates the far network and nodes on the remote engine, and the local ones here', async () => {
    const result = await topolab(['up', file]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    for (const line of ['on far: create network lanfar (bridge 10.84.1.0/24)', 'on far: create node f1 (topolab/node)', 'on far: create node f2 (topolab/node)', 'create node here (topolab/node)']) {
      expect(result.stdout).toContain(line);
    }
    // nothing a virtual host would need: no start, no image copy, no swarm
    expect(result.stdout).not.toMatch(/start virtual host|copy image|swarm/);
    expect(result.stdout).toMatch(/Lab itest-remote is up: \d+ operations/);
    expect(await farNodes()).toEqual([`topolab-${LAB}-f1`, `topolab-${LAB}-f2`]);
    expect(await farNetworks()).toEqual([`topolab-${LAB}-lanfar`]);
    expect(await labContainers(LAB)).toEqual([`topolab-${LAB}-here`]);
    expect(await labNetworks(LAB)).toEqual([`topolab-${LAB}-lanhere`]);
    const running = await far('inspect', '-f', '{{.State.Running}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', `topolab-${LAB}-f1`);
    expect(running.stdout.trim()).toBe('true 10.84.1.10');
  }, 300_000);

  it('a second plan is empty', async () => {
    const text = await topolab(['plan', file]);
    expect(text.code, text.stdout + text.stderr).toBe(0);
    expect(text.stdout).toContain(`No changes: lab ${LAB} matches the file.`);
    const json = await topolab(['plan', file, '--json']);
    expect((JSON.parse(json.stdout) as { operations: unknown[] }).operations).toEqual([]);
  }, 120_000);

  it('status reads the far nodes from the remote engine and shows the remote host running', async () => {
    const status = await statusJson();
    expect(status.nodes.map((n) => ({ id: n.id, host: n.host, state: n.state, interfaces: n.interfaces.map((i) => `${i.network}=${i.ip}`) }))).toEqual([
      { id: 'f1', host: 'far', state: 'running', interfaces: ['lanfar=10.84.1.10'] },
      { id: 'f2', host: 'far', state: 'running', interfaces: ['lanfar=10.84.1.20'] },
      { id: 'here', host: undefined, state: 'running', interfaces: ['lanhere=10.84.2.10'] },
    ]);
    expect(status.hosts.map((h) => ({ id: h.id, kind: h.kind, state: h.state, engineAnswers: h.engineAnswers }))).toEqual([
      { id: 'local', kind: 'local', state: 'running', engineAnswers: true },
      { id: 'far', kind: 'remote', state: 'running', engineAnswers: true },
    ]);
    expect(status.hosts[1].status).toBe(socketUrl);
    expect(status.networks.map((n) => `${n.id}:${n.state}:${n.subnets.join()}:${n.hosts?.join() ?? ''}`)).toEqual(['lanfar:present:10.84.1.0/24:far', 'lanhere:present:10.84.2.0/24:']);
    expect(status.strays).toEqual([]);
    const text = await topolab(['status', file]);
    expect(text.stdout).toMatch(new RegExp(`^far\\s+remote\\s+running\\s+answers \\(Docker [^)]+\\) at ${socketUrl.replace(/[/.]/g, '\\$&')}`, 'm'));
    expect(text.stdout).toMatch(/^f1\s+far\s+container\s+running\s+lanfar=10\.84\.1\.10/m);
  }, 120_000);

  it('topolab test: the far nodes reach each other', async () => {
    const result = await topolab(['test', file, '--no-up']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/PASS\s+f1 → f2 is reachable/);
    expect(result.stdout).toMatch(/PASS\s+f2 → f1 is reachable/);
  }, 180_000);

  it('a trace between the far nodes captures on the remote engine', async () => {
    const out = await topolab(['trace', file, '--from', 'f1', '--to', 'f2', '--json']);
    expect(out.stdout, out.stderr).toMatch(/^\{/);
    const trace = JSON.parse(out.stdout) as { verdict: { outcome: string; text: string }; hops: { place: string; iface: string; direction: string; role: string; network?: string }[] };
    expect(trace.verdict.outcome, trace.verdict.text).toBe('delivered');
    const requests = trace.hops.filter((h) => h.role === 'request');
    expect(requests.filter((h) => h.place === 'f1' || h.place === 'f2').map((h) => `${h.place}/${h.iface}/${h.direction}`)).toEqual(['f1/eth0/out', 'f2/eth0/in']);
    // the far machine's own bridge, named by the host's id
    expect(requests.some((h) => h.place === 'far' && h.network === 'lanfar')).toBe(true);
    expect(trace.hops.some((h) => h.role === 'reply' && h.place === 'f1' && h.direction === 'in')).toBe(true);
  }, 180_000);

  it('inspect of a far node works on the remote engine', async () => {
    const out = await topolab(['inspect', file, 'f1', '--json']);
    expect(out.code, out.stderr).toBe(0);
    const view = JSON.parse(out.stdout) as { node: string; host?: string; interfaces: { name: string; addresses: { address: string }[] }[]; errors: string[] };
    expect(view.host).toBe('far');
    expect(view.interfaces.find((i) => i.name === 'eth0')?.addresses.map((a) => a.address)).toContain('10.84.1.10');
    const text = await topolab(['inspect', file, 'f1']);
    expect(text.stdout).toMatch(/^f1 in lab itest-remote on remote host far/m);
    const network = await topolab(['inspect', file, 'lanfar', '--json']);
    expect(network.code, network.stderr).toBe(0);
    expect((JSON.parse(network.stdout) as { host?: string; docker: { containers: { node?: string }[] } }).docker.containers.map((c) => c.node).sort()).toEqual(['f1', 'f2']);
  }, 120_000);

  it('exec and labWatch reach the far nodes through the remote engine', async () => {
    const exec = await topolab(['exec', file, 'f2', '--', 'ip', '-4', '-o', 'addr', 'show', 'eth0']);
    expect(exec.code, exec.stderr).toBe(0);
    expect(exec.stdout).toContain('10.84.1.20/24');
    const workspace = mkdtempSync(join(tmpdir(), `topolab-${LAB}-ws-`));
    workspaces.push(workspace);
    service = createLabApiService({ workspace, templatesDir: join(REPO, 'templates') });
    service.on('labState', (e) => states.push(e));
    expect(await service.labWatch({ lab: LAB, watch: true, text: await readFile(file, 'utf8') })).toEqual({ watching: true });
    await far('kill', `topolab-${LAB}-f2`);
    // the engine says 'kill' (signal 9) and then 'die' (exit code 137); the second is the one with the code
    const died = await waitFor(states, (e) => e.node === 'f2' && e.state === 'exited' && e.message === 'exited with code 137', 'f2 exited with code 137', 60_000);
    expect(died).toMatchObject({ lab: LAB });
    await far('start', `topolab-${LAB}-f2`);
    await waitFor(states, (e) => e.node === 'f2' && e.state === 'running', 'f2 running again', 60_000);
    await service.labWatch({ lab: LAB, watch: false });
  }, 180_000);

  it('an image the remote engine lacks is refused before anything changes, naming host, node and image', async () => {
    const missing = lab(yaml(socketUrl, '  - {id: f3, host: far, image: itest-remote/absent:1, interfaces: [{network: lanfar}]}\n'));
    // the lab's nodes, not its sidecars: the sidecar of a node killed earlier goes away on its own
    const farBefore = await farNodes();
    const hereBefore = await labContainers(LAB);
    const result = await topolab(['up', missing]);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).toContain(`Node f3 on remote host far needs image itest-remote/absent:1, which the Docker engine of far (${socketUrl}) does not have; topolab does not copy images to a machine it does not own.`);
    expect(result.stderr).toContain('Nothing was changed.');
    expect(await farNodes()).toEqual(farBefore);
    expect(await labContainers(LAB)).toEqual(hereBefore);
  }, 120_000);

  it('an unreachable remote URL is one clear sentence: up refuses, status says unreachable', async () => {
    const gone = `unix://${dir}/nope.sock`;
    const unreachable = lab(yaml(gone));
    const sentence = `Cannot reach remote host far at ${gone}: is Docker running there?`;
    const farBefore = await farNodes();
    const hereBefore = await labContainers(LAB);
    const up = await topolab(['up', unreachable]);
    expect(up.code, up.stdout + up.stderr).toBe(1);
    expect(up.stderr).toContain(sentence);
    // said once (its hint only shows how to check the engine)
    expect(up.stderr.split('\n').filter((l) => l.includes('Cannot reach'))).toHaveLength(1);
    expect(up.stderr).toContain('Nothing was changed.');
    expect(await farNodes()).toEqual(farBefore);
    expect(await labContainers(LAB)).toEqual(hereBefore);
    const status = await statusJson(unreachable);
    expect(status.hosts[1]).toMatchObject({ id: 'far', kind: 'remote', state: 'unreachable', status: sentence, engineAnswers: false });
    expect(status.nodes.find((n) => n.id === 'f1')).toMatchObject({ host: 'far', state: 'dead', status: `remote host far is unreachable (${gone})` });
    const text = await topolab(['status', unreachable]);
    expect(text.stdout).toMatch(/^far\s+remote\s+unreachable\s+unreachable/m);
    expect(text.stdout).toContain(sentence);
  }, 120_000);

  it('down <file> removes the lab from both engines; down --lab says remote hosts need the file', async () => {
    const result = await topolab(['down', file]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`Lab ${LAB} removed: 1 container(s), 1 network(s)`);
    expect(result.stdout).toMatch(new RegExp(`On remote host far \\(${socketUrl.replace(/[/.]/g, '\\$&')}\\): removed 2 container\\(s\\), 1 network\\(s\\)`));
    expect(await farLines('ps', '-a', '--filter', `label=io.topolab.lab=${LAB}`, '--format', '{{.Names}}')).toEqual([]);
    expect(await farNetworks()).toEqual([]);
    expect(await labContainers(LAB)).toEqual([]);
    expect(await labNetworks(LAB)).toEqual([]);
    // the remote engine itself is not the lab's
    expect(await docker('inspect', '-f', '{{.State.Running}}', ENGINE)).toBe('true');
    const byName = await topolab(['down', '--lab', LAB]);
    expect(byName.code, byName.stderr).toBe(0);
    expect(byName.stdout).toContain('remote hosts are known only from the lab file, so they are cleaned only by `topolab down <file>`');
  }, 180_000);
});

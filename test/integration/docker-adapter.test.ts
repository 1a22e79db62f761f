// The dockerode adapter against the real engine: no mocks. Plans are built by hand
// here (the planner is tested elsewhere). Traffic only ever flows between this lab's
// own containers; subnets are chosen clear of everything the engine and host use.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import ipaddr from 'ipaddr.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan, type ApplyEvent } from '../../electron/lab/docker/apply';
import { orderOperations } from '../../electron/lab/plan/order';
import { connectEngine, readEngineFacts, resolveEngineEndpoint } from '../../electron/lab/docker/engine';
import { execIn, HELPER_IMAGE, runHelper } from '../../electron/lab/docker/exec';
import { readLiveState } from '../../electron/lab/docker/live';
import { containerCreateOptions, networkCreateOptions, pickAdvertiseAddr } from '../../electron/lab/docker/operations';
import { probeKernel } from '../../electron/lab/docker/probe';
import { listLabs, teardownLab } from '../../electron/lab/docker/teardown';
import { objectLabels, objectName, vethNames } from '../../electron/lab/plan/naming';
import type { ContainerSpec, EndpointSpec, NetworkSpec, Operation, Plan, UsedSubnet } from '../../electron/lab/plan/types';

const LAB = `adapt${process.pid.toString(36)}`;
const IMAGE = process.env.TOPOLAB_TEST_IMAGE || 'topolab/node';

let docker: Dockerode;

// ---------------------------------------------------------------- plan building

function network(id: string, subnet: string, extra: Partial<NetworkSpec> = {}): NetworkSpec {
  const hash = `net-${id}-1`;
  return {
    id,
    name: objectName(LAB, id),
    driver: 'bridge',
    subnet,
    internal: false,
    attachable: true,
    options: {},
    labels: objectLabels(LAB, id, 'network', hash),
    specHash: hash,
    ...extra,
  };
}

function endpoint(net: NetworkSpec, ip?: string, aliases: string[] = []): EndpointSpec {
  return { network: net.id, networkName: net.name, ip, aliases };
}

function node(id: string, endpoints: EndpointSpec[], extra: Partial<ContainerSpec> = {}): ContainerSpec {
  const hash = `node-${id}-1`;
  return {
    id,
    name: objectName(LAB, id),
    image: IMAGE,
    hostname: id,
    env: [],
    networkMode: endpoints.length ? { kind: 'network', networkName: endpoints[0].networkName } : { kind: 'none' },
    endpoints,
    ports: [],
    capAdd: [],
    sysctls: {},
    dropDefaultRoute: false,
    routes: [],
    router: false,
    labels: objectLabels(LAB, id, 'node', hash),
    specHash: hash,
    ...extra,
  };
}

type OpFields<K extends Operation['kind']> = Omit<Extract<Operation, { kind: K }>, 'key' | 'subject' | 'reason' | 'after' | 'kind'>;

function op<K extends Operation['kind']>(kind: K, id: string, fields: OpFields<K>, after: string[] = []): Operation {
  const subjectKind = kind.startsWith('network') || kind.startsWith('veth') ? 'network' : kind === 'swarm.init' ? 'engine' : 'node';
  return { kind, key: `${kind}:${id}`, subject: { kind: subjectKind, id }, reason: 'test', after, ...fields } as Operation;
}

const netOp = (spec: NetworkSpec, after: string[] = []) => op('network.create', spec.id, { spec }, after);
const nodeOp = (spec: ContainerSpec, after: string[] = []) => op('container.create', spec.id, { spec }, after);

function plan(operations: Operation[]): Plan {
  return { lab: LAB, operations, changes: [], addressing: { planned: [], avoided: [] }, diagnostics: [] };
}

// ---------------------------------------------------------------- subnets clear of the engine and host

function overlaps(a: string, b: string): boolean {
  try {
    const [na, pa] = ipaddr.parseCIDR(a);
    const [nb, pb] = ipaddr.parseCIDR(b);
    if (na.kind() !== nb.kind()) return false;
    return na.match(nb, Math.min(pa, pb));
  } catch {
    return false;
  }
}

function freeSubnets(used: UsedSubnet[], count: number): string[] {
  const out: string[] = [];
  for (let third = 0; third < 256 && out.length < count; third++) {
    const candidate = `10.213.${third}.0/24`;
    if (!used.some((u) => overlaps(u.subnet, candidate))) out.push(candidate);
  }
  return out;
}

const host = (subnet: string, n: number) => subnet.replace(/\.0\/24$/, `.${n}`);

async function ipsOf(name: string): Promise<Record<string, string>> {
  const info = await docker.getContainer(name).inspect();
  return Object.fromEntries(Object.entries(info.NetworkSettings.Networks).map(([net, ep]) => [net, ep.IPAddress]));
}

// ---------------------------------------------------------------- tests

let lan1: NetworkSpec;
let lan2: NetworkSpec;
let spare: string;
const foreignName = objectName(LAB, 'web');

beforeAll(async () => {
  ({ docker } = await connectEngine());
  await docker.getImage(IMAGE).inspect(); // fails clearly when the lab image is not built
  await teardownLab(docker, LAB);
  const live = await readLiveState(docker, LAB);
  const [s1, s2, s3] = freeSubnets(live.usedSubnets, 3);
  lan1 = network('lan1', s1);
  lan2 = network('lan2', s2);
  spare = s3;
});

afterAll(async () => {
  if (!docker) return;
  await teardownLab(docker, LAB);
  await docker
    .getContainer(foreignName)
    .remove({ force: true })
    .catch(() => undefined);
});

describe('engine', () => {
  it('connects to the default engine and reads its facts', async () => {
    const facts = await readEngineFacts(docker);
    expect(facts.id).not.toBe('unknown');
    expect(facts.serverVersion).not.toBe('');
    expect(['inactive', 'active', 'pending', 'error', 'locked']).toContain(facts.swarm);
  });

  it('says in one sentence when the engine cannot be reached', async () => {
    const err = await connectEngine({ env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('EngineUnreachableError');
    expect((err as Error).message).toMatch(/^Cannot reach the Docker engine at unix:\/\/\/nonexistent\/docker\.sock: is Docker running\?/);
  });

  it('follows the current docker context of the CLI configuration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topolab-ctx-'));
    try {
      const meta = join(dir, 'contexts', 'meta', createHash('sha256').update('labctx').digest('hex'));
      mkdirSync(meta, { recursive: true });
      writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: 'labctx', Endpoints: { docker: { Host: 'unix:///var/run/docker.sock' } } }));
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ currentContext: 'labctx' }));
      expect(resolveEngineEndpoint({ DOCKER_CONFIG: dir })).toMatchObject({ host: 'unix:///var/run/docker.sock', source: 'context labctx' });
      const viaContext = await connectEngine({ env: { DOCKER_CONFIG: dir } });
      expect((await readEngineFacts(viaContext.docker)).id).toBe((await readEngineFacts(docker)).id);
      const missing = await connectEngine({ env: { DOCKER_CONFIG: dir, DOCKER_CONTEXT: 'nosuch' } }).catch((e: Error) => e);
      expect((missing as Error).message).toMatch(/^Docker context "nosuch" has no engine endpoint/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('resolves DOCKER_HOST before any context', () => {
    expect(resolveEngineEndpoint({ DOCKER_HOST: 'tcp://10.0.0.1:2375', DOCKER_CONTEXT: 'x' }).host).toBe('tcp://10.0.0.1:2375');
    expect(resolveEngineEndpoint({ DOCKER_CONFIG: '/nonexistent' }).host).toBe('unix:///var/run/docker.sock');
  });
});

describe('specs to engine options', () => {
  it('maps a network spec, with its veth label and both address families', () => {
    const veth = vethNames(LAB, 'x');
    const spec = network('x', '10.1.2.0/24', { gateway: '10.1.2.254', subnet6: 'fd00:1::/64', veth, driver: 'macvlan', options: { parent: veth.name } });
    expect(networkCreateOptions(spec)).toMatchObject({
      Name: objectName(LAB, 'x'),
      Driver: 'macvlan',
      EnableIPv6: true,
      CheckDuplicate: true,
      IPAM: { Driver: 'default', Config: [{ Subnet: '10.1.2.0/24', Gateway: '10.1.2.254' }, { Subnet: 'fd00:1::/64' }] },
      Labels: { 'io.topolab.lab': LAB, 'io.topolab.veth': veth.name },
    });
  });

  it('maps a container spec: first endpoint only, ports on their host address, no hostname in a shared namespace', () => {
    const net = network('p', '10.1.3.0/24');
    const spec = node('p', [{ ...endpoint(net, '10.1.3.5', ['web']), mac: '02:42:0a:01:03:05' }, endpoint(network('q', '10.1.4.0/24'))], {
      ports: [{ container: 80, proto: 'tcp', hostIp: '127.0.0.1' }],
    });
    const options = containerCreateOptions(spec);
    expect(options).toMatchObject({
      Hostname: 'p',
      MacAddress: '02:42:0a:01:03:05',
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { NetworkMode: net.name, PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
      NetworkingConfig: { EndpointsConfig: { [net.name]: { IPAMConfig: { IPv4Address: '10.1.3.5' }, Aliases: ['web'] } } },
    });
    expect(Object.keys(options.NetworkingConfig?.EndpointsConfig ?? {})).toEqual([net.name]);
    const sidecar = containerCreateOptions(node('s', [], { networkMode: { kind: 'container', node: 'p', containerName: spec.name } }));
    expect(sidecar.Hostname).toBeUndefined();
    expect(sidecar.NetworkingConfig).toBeUndefined();
    expect(sidecar.HostConfig?.NetworkMode).toBe(`container:${spec.name}`);
  });

  it('picks the swarm advertise address from the default route', () => {
    const routes = '[{"dst":"default","gateway":"192.0.2.1","dev":"eth0","flags":[]}]';
    const addrs = JSON.stringify([
      { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', scope: 'host' }] },
      { ifname: 'docker0', addr_info: [{ family: 'inet', local: '172.17.0.1', scope: 'global' }] },
      { ifname: 'eth0', addr_info: [{ family: 'inet', local: '192.0.2.2', scope: 'global' }] },
    ]);
    expect(pickAdvertiseAddr(routes, addrs)).toBe('192.0.2.2');
    expect(pickAdvertiseAddr('[]', addrs)).toBe('192.0.2.2');
  });

  it('refuses plans whose operations wait for each other or for nothing', () => {
    const a = op('network.create', 'a', { spec: network('a', '10.1.5.0/24') }, ['network.create:b']);
    const b = op('network.create', 'b', { spec: network('b', '10.1.6.0/24') }, ['network.create:a']);
    expect(() => orderOperations([a, b])).toThrow(/wait for each other/);
    expect(() => orderOperations([a])).toThrow(/not in the plan/);
  });
});

describe('a bridge lab', () => {
  it('creates a network and two containers with static addresses that reach each other', async () => {
    const a = node('a', [endpoint(lan1, host(lan1.subnet!, 10), ['alpha'])], { capAdd: ['NET_ADMIN'] });
    const b = node('b', [endpoint(lan1, host(lan1.subnet!, 11))]);
    const events: ApplyEvent[] = [];
    const result = await applyPlan(docker, plan([netOp(lan1), nodeOp(a, ['network.create:lan1']), nodeOp(b, ['network.create:lan1'])]), {
      onEvent: (e) => events.push(e),
    });
    expect(result).toMatchObject({ ok: true, failed: [], notStarted: [] });
    expect(result.completed).toEqual(['network.create:lan1', 'container.create:a', 'container.create:b']);
    expect(events.at(-1)).toMatchObject({ type: 'done', counts: { total: 3, done: 3, failed: 0, running: 0 } });
    expect(events.filter((e) => e.type === 'started')).toHaveLength(3);

    expect(await ipsOf(a.name)).toEqual({ [lan1.name]: host(lan1.subnet!, 10) });
    expect(await ipsOf(b.name)).toEqual({ [lan1.name]: host(lan1.subnet!, 11) });
    const info = await docker.getContainer(a.name).inspect();
    expect(info.Config.Hostname).toBe('a');
    expect(info.Config.Labels).toMatchObject(a.labels);

    const ping = await execIn(docker, a.name, ['ping', '-c1', '-W1', host(lan1.subnet!, 11)]);
    expect(ping.exitCode, ping.stdout + ping.stderr).toBe(0);
    const byAlias = await execIn(docker, b.name, ['ping', '-c1', '-W1', 'alpha']);
    expect(byAlias.exitCode, byAlias.stdout + byAlias.stderr).toBe(0);
  });

  it('reads the live state back with spec hashes and endpoints', async () => {
    const started = performance.now();
    const live = await readLiveState(docker, LAB, { details: true });
    const ms = performance.now() - started;
    console.log(`readLiveState (details) with ${live.containers.length} containers, ${live.networks.length} networks: ${ms.toFixed(1)} ms`);
    // The fast path (container list only) agrees on everything planning needs.
    const fast = await readLiveState(docker, LAB);
    expect(fast.containers.map((c) => [c.name, c.labId, c.specHash, c.state, c.networkMode, c.endpoints.map((e) => [e.networkName, e.ip, e.requestedIp])])).toEqual(
      live.containers.map((c) => [c.name, c.labId, c.specHash, c.state, c.networkMode, c.endpoints.map((e) => [e.networkName, e.ip, e.requestedIp])]),
    );
    expect(fast.networks).toEqual(live.networks);

    expect(live.lab).toBe(LAB);
    expect(live.networks).toHaveLength(1);
    expect(live.networks[0]).toMatchObject({ name: lan1.name, labId: 'lan1', specHash: lan1.specHash, driver: 'bridge', subnets: [lan1.subnet] });
    expect(live.networks[0].containerIds).toHaveLength(2);
    expect(live.containers.map((c) => [c.labId, c.specHash, c.state])).toEqual([
      ['a', 'node-a-1', 'running'],
      ['b', 'node-b-1', 'running'],
    ]);
    const a = live.containers[0];
    expect(a.pid).toBeGreaterThan(0);
    expect(a.networkMode).toBe(lan1.name);
    expect(a.endpoints).toEqual([
      expect.objectContaining({ networkName: lan1.name, ip: host(lan1.subnet!, 10), requestedIp: host(lan1.subnet!, 10), aliases: ['alpha'] }),
    ]);
    expect(live.veths).toEqual([]);
    // Planning must avoid Docker's default bridge, and must not think the lab's own subnet is taken.
    expect(live.usedSubnets).toContainEqual(expect.objectContaining({ owner: 'bridge' }));
    expect(live.usedSubnets.map((u) => u.subnet)).not.toContain(lan1.subnet);
  });

  it('connects a second network as eth1 and applies routes, by exec or by helper', async () => {
    const notes: Record<string, string> = {};
    const result = await applyPlan(
      docker,
      plan([
        netOp(lan2),
        op('connection.create', 'a/lan2', { node: 'a', containerName: objectName(LAB, 'a'), endpoint: endpoint(lan2, host(lan2.subnet!, 20)) }, [
          'network.create:lan2',
        ]),
        // a has NET_ADMIN: exec; b has not: a topolab/node helper in its namespace.
        op('routes.apply', 'a', { node: 'a', containerName: objectName(LAB, 'a'), routes: [{ to: spare, via: host(lan2.subnet!, 1) }], dropDefaultRoute: false }, [
          'connection.create:a/lan2',
        ]),
        op('routes.apply', 'b', { node: 'b', containerName: objectName(LAB, 'b'), routes: [{ to: spare, dev: 'eth0' }], dropDefaultRoute: false }),
      ]),
      { onEvent: (e) => void ('key' in e && e.type === 'finished' && (notes[e.key] = e.message ?? '')) },
    );
    expect(result.failed).toEqual([]);
    expect(result.ok).toBe(true);
    expect(notes['routes.apply:a']).toBe('routes via exec');
    expect(notes['routes.apply:b']).toBe('routes via helper');

    const eth1 = await execIn(docker, objectName(LAB, 'a'), ['ip', '-o', '-4', 'addr', 'show', 'dev', 'eth1']);
    expect(eth1.stdout).toContain(`${host(lan2.subnet!, 20)}/24`);
    const routesA = await execIn(docker, objectName(LAB, 'a'), ['ip', 'route']);
    expect(routesA.stdout).toContain(`${spare} via ${host(lan2.subnet!, 1)} dev eth1`);
    const routesB = await execIn(docker, objectName(LAB, 'b'), ['ip', 'route']);
    expect(routesB.stdout).toContain(`${spare} dev eth0`);
  });

  it('runs a sidecar in a node\'s namespace and publishes ports on 127.0.0.1 only', async () => {
    const a = objectName(LAB, 'a');
    const side = node('side', [], { networkMode: { kind: 'container', node: 'a', containerName: a } });
    const web = node('web2', [endpoint(lan1)], { ports: [{ container: 8080, proto: 'tcp', hostIp: '127.0.0.1' }] });
    const events: ApplyEvent[] = [];
    const result = await applyPlan(docker, plan([nodeOp(side), nodeOp(web)]), { concurrency: 1, onEvent: (e) => events.push(e) });
    expect(result.failed).toEqual([]);
    expect(Math.max(...events.map((e) => e.counts.running))).toBe(1);

    const addrs = await execIn(docker, side.name, ['ip', '-o', '-4', 'addr', 'show', 'dev', 'eth0']);
    expect(addrs.stdout).toContain(`${host(lan1.subnet!, 10)}/24`);
    const ports = (await docker.getContainer(web.name).inspect()).NetworkSettings.Ports['8080/tcp'];
    expect(ports).toHaveLength(1);
    expect(ports[0].HostIp).toBe('127.0.0.1');
    expect(Number(ports[0].HostPort)).toBeGreaterThan(0);

    await applyPlan(docker, plan([op('container.remove', 'side', { name: side.name, dockerId: '' }), op('container.remove', 'web2', { name: web.name, dockerId: '' })]));
    expect(await docker.listContainers({ all: true, filters: JSON.stringify({ name: [side.name, web.name] }) })).toEqual([]);
  });

  it('removes a failed container again and says why it did not start', async () => {
    const broken = node('broken', [endpoint(lan1)], { cmd: ['/nonexistent-program'] });
    const result = await applyPlan(docker, plan([nodeOp(broken)]));
    expect(result.ok).toBe(false);
    expect(result.failed[0].message).toMatch(new RegExp(`^starting container ${broken.name}: .*nonexistent-program`));
    const left = await docker.listContainers({ all: true, filters: JSON.stringify({ name: [broken.name] }) });
    expect(left).toEqual([]);
  });

  it('stops scheduling at the first failure and quotes the engine', async () => {
    const clash = network('clash', lan1.subnet!);
    const later = network('later', spare);
    const events: ApplyEvent[] = [];
    const result = await applyPlan(
      docker,
      plan([netOp(clash), nodeOp(node('c', [endpoint(clash)]), ['network.create:clash']), netOp(later)]),
      { concurrency: 1, onEvent: (e) => events.push(e) },
    );
    expect(result.ok).toBe(false);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0].key).toBe('network.create:clash');
    expect(result.failed[0].message).toMatch(new RegExp(`^creating network ${clash.name}: .*[Pp]ool overlaps`));
    expect(result.completed).toEqual([]);
    expect(result.notStarted).toEqual(['container.create:c', 'network.create:later']);
    expect(events.at(-1)).toMatchObject({ type: 'failed', counts: { total: 3, done: 0, failed: 1 } });
    const names = (await docker.listNetworks()).map((n) => n.Name);
    expect(names).not.toContain(clash.name);
    expect(names).not.toContain(later.name);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await applyPlan(docker, plan([netOp(network('never', spare))]), { signal: controller.signal });
    expect(result).toMatchObject({ ok: false, aborted: true, completed: [], notStarted: ['network.create:never'] });
  });

  it('lists the lab, and tears down by label only', async () => {
    const foreign = await docker.createContainer({ name: foreignName, Image: IMAGE, HostConfig: { NetworkMode: 'none' } });
    await foreign.start();

    expect(await listLabs(docker)).toContainEqual({ lab: LAB, containers: 2, networks: 2 });
    const removed = await teardownLab(docker, LAB);
    expect(removed.failed).toEqual([]);
    expect(removed.removedContainers).toEqual([objectName(LAB, 'a'), objectName(LAB, 'b')]);
    expect(removed.removedNetworks).toEqual([lan1.name, lan2.name]);

    const live = await readLiveState(docker, LAB);
    expect(live.containers).toEqual([]);
    expect(live.networks).toEqual([]);
    expect((await listLabs(docker)).map((l) => l.lab)).not.toContain(LAB);
    expect((await docker.getContainer(foreignName).inspect()).State.Running).toBe(true);
    await foreign.remove({ force: true });
  });
});

describe('a macvlan lab on a lab-owned veth', () => {
  it('probes the kernel', async () => {
    const probe = await probeKernel(docker, LAB);
    console.log('kernel probe:', JSON.stringify(probe));
    expect(probe.macvlan).toBe(true);
    if (!probe.ipvlan) expect(probe.reason).toMatch(/ipvlan/);
  });

  it('creates a veth idempotently, and teardown finds it by its alias when no network names it', async () => {
    const veth = vethNames(LAB, 'orphan');
    const create = op('veth.create', 'orphan', { veth, lab: LAB });
    expect((await applyPlan(docker, plan([create]))).ok).toBe(true);
    expect((await applyPlan(docker, plan([create]))).ok).toBe(true);
    const removed = await teardownLab(docker, LAB);
    expect(removed.removedVeths).toEqual([veth.name]);
  });

  it('creates the veth, a macvlan network on it and two containers that reach each other; teardown removes the veth', async () => {
    const veth = vethNames(LAB, 'under');
    const subnet = spare;
    const under = network('under', subnet, { driver: 'macvlan', options: { parent: veth.name, macvlan_mode: 'bridge' }, veth });
    const m1 = node('m1', [endpoint(under, host(subnet, 10))]);
    const m2 = node('m2', [endpoint(under, host(subnet, 11))]);
    const result = await applyPlan(
      docker,
      plan([
        op('veth.create', 'under', { veth, lab: LAB }),
        netOp(under, ['veth.create:under']),
        nodeOp(m1, ['network.create:under']),
        nodeOp(m2, ['network.create:under']),
      ]),
    );
    expect(result.failed).toEqual([]);

    const live = await readLiveState(docker, LAB);
    expect(live.veths).toEqual([veth.name]);
    expect(live.networks[0]).toMatchObject({ driver: 'macvlan', options: { parent: veth.name, macvlan_mode: 'bridge' } });

    const ping = await execIn(docker, m1.name, ['ping', '-c1', '-W1', host(subnet, 11)]);
    expect(ping.exitCode, ping.stdout + ping.stderr).toBe(0);

    const links = () => runHelper(docker, { lab: LAB, image: HELPER_IMAGE, cmd: ['ip', '-o', 'link', 'show'], networkMode: 'host' });
    expect((await links()).stdout).toContain(`${veth.name}@${veth.peer}`);

    const removed = await teardownLab(docker, LAB);
    expect(removed.failed).toEqual([]);
    expect(removed.removedVeths).toEqual([veth.name]);
    const after = (await links()).stdout;
    expect(after).not.toContain(veth.name);
    expect(after).not.toContain(veth.peer);
  });
});

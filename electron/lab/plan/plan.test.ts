import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readFileSync } from 'node:fs';
import { parseLab } from '../model/parse';
import type { LabDocument } from '../model/schema';
import { planAddresses } from '../model/addressing';
import { planLab } from './plan';
import { desiredState } from './spec';
import { liveFromDesired } from './live-fixture';
import { emptyLiveState, type LiveState, type Operation } from './types';
import { orderOperations } from './order';
import { LABEL_ID, LABEL_LAB, LABEL_SPEC, vethNames } from './naming';

function lab(yaml: string): LabDocument {
  const parsed = parseLab(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics, null, 2));
  return parsed.document;
}

/** The live state after applying `doc` perfectly. */
function deployed(doc: LabDocument, engine: Partial<LiveState['engine']> = {}): LiveState {
  const addressing = planAddresses({ document: doc, used: [] });
  return liveFromDesired(doc.name, desiredState(doc, addressing), engine);
}

const keys = (ops: Operation[]) => ops.map((o) => o.key);
const indexOf = (ops: Operation[], key: string) => {
  const i = ops.findIndex((o) => o.key === key);
  if (i < 0) throw new Error(`${key} not in plan: ${keys(ops).join(', ')}`);
  return i;
};

const TWO_LANS = readFileSync(new URL('../../../templates/two-lans.yaml', import.meta.url), 'utf8');

describe('plan from an empty engine', () => {
  const doc = lab(TWO_LANS);
  const plan = planLab(doc, emptyLiveState(doc.name));

  it('creates every network and node, networks first', () => {
    expect(plan.operations.filter((o) => o.kind === 'network.create')).toHaveLength(2);
    expect(plan.operations.filter((o) => o.kind === 'container.create')).toHaveLength(3);
    expect(indexOf(plan.operations, 'network.create:lan1')).toBeLessThan(indexOf(plan.operations, 'container.create:client'));
    expect(indexOf(plan.operations, 'network.create:lan2')).toBeLessThan(indexOf(plan.operations, 'connection.create:r1/lan2'));
  });

  it('attaches extra interfaces after the node starts, in file order, and routes after that', () => {
    const connect = plan.operations.find((o) => o.key === 'connection.create:r1/lan2');
    expect(connect?.after).toContain('container.create:r1');
    expect(indexOf(plan.operations, 'routes.apply:client')).toBeGreaterThan(indexOf(plan.operations, 'container.create:client'));
    expect(plan.operations.some((o) => o.key === 'routes.apply:r1')).toBe(false);
  });

  it('gives every object the lab labels and a spec hash', () => {
    for (const op of plan.operations) {
      if (op.kind === 'network.create' || op.kind === 'container.create') {
        expect(op.spec.labels[LABEL_LAB]).toBe('two-lans');
        expect(op.spec.labels[LABEL_ID]).toBe(op.spec.id);
        expect(op.spec.labels[LABEL_SPEC]).toMatch(/^[0-9a-f]{16}$/);
        expect(op.spec.name).toBe(`topolab-two-lans-${op.spec.id}`);
      }
    }
  });

  it('turns a router into ip_forward=1 with NET_ADMIN', () => {
    const r1 = plan.operations.find((o) => o.key === 'container.create:r1');
    if (r1?.kind !== 'container.create') throw new Error('no r1');
    expect(r1.spec.sysctls['net.ipv4.ip_forward']).toBe('1');
    expect(r1.spec.capAdd).toContain('NET_ADMIN');
    expect(r1.spec.endpoints.map((e) => e.ip)).toEqual(['10.71.1.254', '10.71.2.254']);
  });

  it('says why for every operation and summarises per object', () => {
    for (const op of plan.operations) expect(op.reason.length).toBeGreaterThan(5);
    expect(plan.changes.map((c) => `${c.action} ${c.subject.id}`).sort()).toEqual(['create client', 'create lan1', 'create lan2', 'create r1', 'create server']);
  });
});

describe('plan after apply', () => {
  it('is empty for every shipped template', () => {
    const doc = lab(TWO_LANS);
    expect(planLab(doc, deployed(doc)).operations).toEqual([]);
  });

  it('is empty regardless of the order fields and env entries were written in', () => {
    const a = lab('topolab: 1\nname: t\nnetworks: [{id: n, driver: bridge}]\nnodes: [{id: a, env: {X: 1, Y: two}, interfaces: [{network: n}]}]\n');
    const b = lab('topolab: 1\nname: t\nnodes: [{interfaces: [{network: n}], env: {Y: two, X: 1}, id: a}]\nnetworks: [{driver: bridge, id: n}]\n');
    expect(planLab(b, deployed(a)).operations).toEqual([]);
  });
});

describe('changes replace only what changed', () => {
  const base = lab(TWO_LANS);
  const live = deployed(base);

  it('a changed image replaces that node only, and reapplies its routes', () => {
    const doc = lab(TWO_LANS.replace('  - id: client\n    kind: container\n', '  - id: client\n    kind: container\n    image: other/image\n'));
    const plan = planLab(doc, live);
    expect(keys(plan.operations)).toEqual(['container.remove:client', 'container.create:client', 'routes.apply:client']);
    expect(plan.changes).toEqual([{ action: 'replace', subject: { kind: 'node', id: 'client' }, reason: 'replaced: image changed from topolab/node to other/image' }]);
  });

  it('a node removed from the file is removed', () => {
    const doc = structuredClone(base);
    doc.nodes = doc.nodes!.filter((n) => n.id !== 'server');
    expect(keys(planLab(doc, live).operations)).toEqual(['container.remove:server']);
  });

  it('a node added is created alone', () => {
    const doc = structuredClone(base);
    doc.nodes!.push({ id: 'extra', kind: 'container', interfaces: [{ network: 'lan1' }] });
    const plan = planLab(doc, live);
    expect(keys(plan.operations)).toEqual(['container.create:extra']);
    const op = plan.operations[0];
    if (op.kind !== 'container.create') throw new Error();
    expect(op.spec.endpoints[0].ip).toMatch(/^10\.71\.1\.\d+$/);
    expect(op.spec.endpoints[0].ip).not.toBe('10.71.1.10');
  });

  it('a changed secondary address reconnects without replacing the node', () => {
    const doc = structuredClone(base);
    doc.nodes!.find((n) => n.id === 'r1')!.interfaces![1].ip = '10.71.2.253';
    const plan = planLab(doc, live);
    expect(keys(plan.operations)).toEqual(['connection.remove:r1/lan2', 'connection.create:r1/lan2']);
    expect(plan.changes[0].action).toBe('update');
  });

  it('a new alias reconnects that interface', () => {
    const doc = structuredClone(base);
    doc.nodes!.find((n) => n.id === 'server')!.interfaces![0].aliases = ['www'];
    const plan = planLab(doc, live);
    expect(keys(plan.operations)).toEqual(['connection.remove:server/lan2', 'connection.create:server/lan2', 'routes.apply:server']);
  });

  it('a changed network is replaced: its nodes are disconnected, not recreated, and routes come back', () => {
    const doc = structuredClone(base);
    doc.networks!.find((n) => n.id === 'lan2')!.internal = true;
    const plan = planLab(doc, live);
    const ops = keys(plan.operations);
    expect(ops).not.toContain('container.remove:server');
    expect(ops).not.toContain('container.remove:r1');
    expect(indexOf(plan.operations, 'connection.remove:server/lan2')).toBeLessThan(indexOf(plan.operations, 'network.remove:lan2'));
    expect(indexOf(plan.operations, 'network.remove:lan2')).toBeLessThan(indexOf(plan.operations, 'network.create:lan2'));
    expect(indexOf(plan.operations, 'network.create:lan2')).toBeLessThan(indexOf(plan.operations, 'connection.create:server/lan2'));
    expect(indexOf(plan.operations, 'connection.create:server/lan2')).toBeLessThan(indexOf(plan.operations, 'routes.apply:server'));
    expect(ops).toContain('connection.create:r1/lan2');
  });

  it('a network removed from the file is removed after its nodes are gone', () => {
    const doc = structuredClone(base);
    doc.networks = doc.networks!.filter((n) => n.id !== 'lan2');
    doc.nodes = doc.nodes!.filter((n) => n.id !== 'server');
    doc.nodes!.find((n) => n.id === 'r1')!.interfaces!.pop();
    const plan = planLab(doc, live);
    expect(indexOf(plan.operations, 'container.remove:server')).toBeLessThan(indexOf(plan.operations, 'network.remove:lan2'));
    expect(indexOf(plan.operations, 'connection.remove:r1/lan2')).toBeLessThan(indexOf(plan.operations, 'network.remove:lan2'));
  });

  it('a stopped node is recreated, saying so', () => {
    const stopped = structuredClone(live);
    const client = stopped.containers.find((c) => c.labId === 'client')!;
    client.state = 'exited';
    client.status = 'Exited (137) 2 seconds ago';
    const plan = planLab(base, stopped);
    expect(keys(plan.operations)).toEqual(['container.remove:client', 'container.create:client', 'routes.apply:client']);
    expect(plan.changes[0].reason).toContain('Exited (137)');
  });

  it('objects labelled with the lab but not in the file are removed', () => {
    const extra = structuredClone(live);
    extra.containers.push({ ...extra.containers[0], dockerId: 'f'.repeat(64), labId: 'ghost', name: 'topolab-two-lans-ghost', endpoints: [] });
    expect(keys(planLab(base, extra).operations)).toEqual(['container.remove:ghost']);
  });
});

describe('drivers', () => {
  it('a pod-style sharer waits for its target and is replaced with it', () => {
    const text = 'topolab: 1\nname: pod\nnetworks: [{id: n, driver: bridge}]\nnodes:\n  - {id: app, interfaces: [{network: n}]}\n  - {id: side, sharesNetworkWith: app}\n';
    const doc = lab(text);
    const fresh = planLab(doc, emptyLiveState('pod'));
    const side = fresh.operations.find((o) => o.key === 'container.create:side');
    if (side?.kind !== 'container.create') throw new Error();
    expect(side.after).toContain('container.create:app');
    expect(side.spec.networkMode).toEqual({ kind: 'container', node: 'app', containerName: 'topolab-pod-app' });
    expect(side.spec.hostname).toBeUndefined();

    const changed = lab(text.replace('{id: app, interfaces', '{id: app, image: x/y, interfaces'));
    const plan = planLab(changed, deployed(doc));
    expect(keys(plan.operations)).toContain('container.create:side');
    expect(indexOf(plan.operations, 'container.remove:side')).toBeLessThan(indexOf(plan.operations, 'container.remove:app'));
    expect(indexOf(plan.operations, 'container.create:app')).toBeLessThan(indexOf(plan.operations, 'container.create:side'));
  });

  it('a macvlan network with no parent gets a lab-owned veth first, removed after it', () => {
    const doc = lab('topolab: 1\nname: mv\nnetworks: [{id: m, driver: macvlan, subnet: 192.168.77.0/24}]\nnodes: [{id: a, interfaces: [{network: m}]}]\n');
    const plan = planLab(doc, emptyLiveState('mv'));
    const veth = vethNames('mv', 'm');
    const net = plan.operations.find((o) => o.key === 'network.create:m');
    if (net?.kind !== 'network.create') throw new Error();
    expect(net.spec.options).toEqual({ parent: veth.name, macvlan_mode: 'bridge' });
    expect(net.after).toContain('veth.create:m');
    expect(veth.name.length).toBeLessThanOrEqual(15);

    const gone = structuredClone(doc);
    gone.networks = [];
    gone.nodes = [];
    const teardown = planLab(gone, deployed(doc));
    expect(indexOf(teardown.operations, 'network.remove:m')).toBeLessThan(indexOf(teardown.operations, 'veth.remove:m'));
  });

  it('an overlay initialises swarm only when the engine is not in swarm mode', () => {
    const doc = lab('topolab: 1\nname: ov\nnetworks: [{id: o, driver: overlay}]\nnodes: [{id: a, interfaces: [{network: o}]}]\n');
    const inactive = planLab(doc, emptyLiveState('ov'));
    expect(inactive.operations[0].kind).toBe('swarm.init');
    const net = inactive.operations.find((o) => o.kind === 'network.create');
    if (net?.kind !== 'network.create') throw new Error();
    expect(net.spec.attachable).toBe(true);
    expect(net.after).toContain('swarm.init');
    const active = planLab(doc, emptyLiveState('ov', { swarm: 'active' }));
    expect(keys(active.operations)).not.toContain('swarm.init');
  });

  it('host and none nodes get network modes, not endpoints', () => {
    const doc = lab('topolab: 1\nname: m\nnetworks: [{id: h, driver: host}, {id: z, driver: none}]\nnodes: [{id: a, interfaces: [{network: h}]}, {id: b, interfaces: [{network: z}]}, {id: c}]\n');
    const plan = planLab(doc, emptyLiveState('m'));
    const modes = plan.operations.flatMap((o) => (o.kind === 'container.create' ? [[o.spec.id, o.spec.networkMode.kind, o.spec.endpoints.length]] : []));
    expect(modes).toEqual([['a', 'host', 0], ['b', 'none', 0], ['c', 'none', 0]]);
    expect(plan.operations.filter((o) => o.kind === 'network.create')).toEqual([]);
  });

  it("Docker's default bridge is used, never created, and gets no address or alias", () => {
    const doc = lab('topolab: 1\nname: d\nnetworks: [{id: docker0, driver: bridge, builtin: true}]\nnodes: [{id: a, interfaces: [{network: docker0}]}]\n');
    const plan = planLab(doc, emptyLiveState('d'));
    expect(keys(plan.operations)).toEqual(['container.create:a']);
    const op = plan.operations[0];
    if (op.kind !== 'container.create') throw new Error();
    expect(op.spec.networkMode).toEqual({ kind: 'network', networkName: 'bridge' });
    expect(op.spec.endpoints).toEqual([{ network: 'docker0', networkName: 'bridge', ip: undefined, ip6: undefined, aliases: [], mac: undefined }]);
  });

  it('a node on internal networks only loses the default route Docker gives it', () => {
    const doc = lab('topolab: 1\nname: i\nnetworks: [{id: back, driver: bridge, internal: true}, {id: front, driver: bridge}]\nnodes: [{id: db, interfaces: [{network: back}]}, {id: web, interfaces: [{network: front}, {network: back}]}]\n');
    const plan = planLab(doc, emptyLiveState('i'));
    const step = plan.operations.find((o) => o.key === 'routes.apply:db');
    expect(step).toMatchObject({ kind: 'routes.apply', routes: [], dropDefaultRoute: true, reason: 'internal networks only: no default route' });
    expect(plan.operations.some((o) => o.key === 'routes.apply:web')).toBe(false);
    expect(planLab(doc, deployed(doc)).operations).toEqual([]);
  });

  it('publishes ports on 127.0.0.1 unless told otherwise', () => {
    const doc = lab('topolab: 1\nname: p\nnetworks: [{id: n, driver: bridge}]\nnodes: [{id: a, interfaces: [{network: n}], ports: [{container: 80, host: 8080}, {container: 53, proto: udp, hostIp: 0.0.0.0}]}]\n');
    const op = planLab(doc, emptyLiveState('p')).operations.find((o) => o.kind === 'container.create');
    if (op?.kind !== 'container.create') throw new Error();
    expect(op.spec.ports).toEqual([{ container: 80, proto: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 }, { container: 53, proto: 'udp', hostIp: '0.0.0.0', hostPort: undefined }]);
  });

  it('auto subnets avoid the engine and the plan says which it avoided', () => {
    const doc = lab('topolab: 1\nname: a\nnetworks: [{id: n, driver: bridge}]\nnodes: []\n');
    const live = emptyLiveState('a');
    const first = planLab(doc, live).addressing.planned[0].subnet;
    live.usedSubnets = [{ subnet: first, owner: 'someone-else' }];
    const plan = planLab(doc, live);
    expect(plan.addressing.planned[0].subnet).not.toBe(first);
    expect(plan.addressing.avoided).toContainEqual({ subnet: first, owner: 'someone-else' });
  });
});

describe('yaml round trip sanity', () => {
  it('the template parses as YAML with comments', () => {
    expect(parseDocument(TWO_LANS).errors).toEqual([]);
  });
});

describe('orderOperations', () => {
  const op = (key: string, after: string[] = []): Operation => ({ kind: 'swarm.init', key, subject: { kind: 'engine', id: 'e' }, reason: 'test', after });
  it('puts every operation after what it waits for, stable otherwise', () => {
    expect(keys(orderOperations([op('c', ['b']), op('a'), op('b', ['a'])]))).toEqual(['a', 'b', 'c']);
  });
  it('refuses malformed plans in words', () => {
    expect(() => orderOperations([op('a', ['b']), op('b', ['a'])])).toThrow('plan operations wait for each other: a → b → a');
    expect(() => orderOperations([op('a', ['zzz'])])).toThrow('operation a waits for zzz, which is not in the plan');
    expect(() => orderOperations([op('a'), op('a')])).toThrow('plan has two operations with key a');
  });
});

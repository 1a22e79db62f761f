// planMultiHost: one plan for a lab across virtual hosts (pure).
import { describe, expect, it } from 'vitest';
import { parseLab } from '../model/parse';
import type { LabDocument } from '../model/schema';
import { liveFromDesired } from './live-fixture';
import { planMultiHost, type MultiHostLive } from './multi-host';
import { orderOperations } from './order';
import { emptyLiveState, type ContainerSpec, type NetworkSpec, type Operation, type Plan } from './types';

function lab(yaml: string): LabDocument {
  const parsed = parseLab(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics, null, 2));
  return parsed.document;
}

const TWO_HOSTS_YAML = `topolab: 1
name: mh
hosts:
  - {id: local}
  - {id: h1, kind: virtual, interfaces: [{network: wan, ip: 10.80.0.11}]}
  - {id: h2, kind: virtual, interfaces: [{network: wan}]}
networks:
  - {id: wan, driver: bridge, subnet: 10.80.0.0/24}
  - {id: ovl, driver: overlay}
  - {id: lan1, driver: bridge, host: h1}
nodes:
  - {id: a, host: h1, interfaces: [{network: ovl}, {network: lan1}]}
  - {id: a2, host: h1, image: custom/app:1, interfaces: [{network: lan1}]}
  - {id: b, host: h2, interfaces: [{network: ovl}]}
  - {id: mon, interfaces: [{network: wan}]}
`;
const TWO_HOSTS = lab(TWO_HOSTS_YAML);

const emptyLive = (): MultiHostLive => ({ local: emptyLiveState('mh'), virtual: {}, hostContainers: [] });
const op = (plan: Plan, key: string): Operation => {
  const found = plan.operations.find((o) => o.key === key);
  if (!found) throw new Error(`${key} not in plan: ${plan.operations.map((o) => o.key).join(', ')}`);
  return found;
};

/** What each engine would report after `plan` was applied perfectly. */
function deployedFrom(plan: Plan): MultiHostLive {
  const desiredOn = (host: string | undefined) => ({
    networks: plan.operations.filter((o): o is Extract<Operation, { kind: 'network.create' }> => o.kind === 'network.create' && o.host === host).map((o) => o.spec as NetworkSpec),
    containers: plan.operations.filter((o): o is Extract<Operation, { kind: 'container.create' }> => o.kind === 'container.create' && o.host === host).map((o) => o.spec as ContainerSpec),
  });
  const virtual: MultiHostLive['virtual'] = {};
  for (const start of plan.operations.filter((o): o is Extract<Operation, { kind: 'host.start' }> => o.kind === 'host.start')) {
    const copied = plan.operations.find((o): o is Extract<Operation, { kind: 'images.copy' }> => o.kind === 'images.copy' && o.host === start.spec.id);
    virtual[start.spec.id] = {
      container: { dockerId: `vh-${start.spec.id}`, running: true, specHash: start.spec.specHash },
      live: liveFromDesired('mh', desiredOn(start.spec.id), { swarm: 'active' }),
      images: copied?.images ?? [],
    };
  }
  return {
    local: liveFromDesired('mh', desiredOn(undefined)),
    virtual,
    hostContainers: Object.keys(virtual).map((id) => ({ id, name: `topolab-mh-${id}`, dockerId: `vh-${id}` })),
  };
}

describe('a lab across two virtual hosts, from nothing', () => {
  const plan = planMultiHost(TWO_HOSTS, emptyLive());

  it('is a well-formed plan with no diagnostics', () => {
    expect(plan.diagnostics).toEqual([]);
    expect(() => orderOperations(plan.operations)).not.toThrow();
  });

  it('makes the underlay on the local engine first, then starts each host on it', () => {
    expect(op(plan, 'network.create:wan').host).toBeUndefined();
    const h1 = op(plan, 'host.start:h1') as Extract<Operation, { kind: 'host.start' }>;
    expect(h1.after).toEqual(['network.create:wan']);
    expect(h1.spec.underlays).toEqual([{ network: 'topolab-mh-wan', ip: '10.80.0.11' }]);
    const h2 = op(plan, 'host.start:h2') as Extract<Operation, { kind: 'host.start' }>;
    expect(h2.spec.underlays[0].ip).toMatch(/^10\.80\.0\.\d+$/);
    expect(h2.spec.underlays[0].ip).not.toBe('10.80.0.11');
  });

  it('copies each host the images its nodes and helpers need', () => {
    expect(op(plan, 'images.copy:h1')).toMatchObject({ host: 'h1', images: ['custom/app:1', 'topolab/node'], after: ['host.start:h1'] });
    expect(op(plan, 'images.copy:h2')).toMatchObject({ host: 'h2', images: ['topolab/node'] });
  });

  it('forms one swarm, h1 managing, addressed on the underlay', () => {
    const swarm = op(plan, 'swarm.form:h1') as Extract<Operation, { kind: 'swarm.form' }>;
    expect(swarm.manager).toEqual({ host: 'h1', address: '10.80.0.11' });
    expect(swarm.workers).toEqual([{ host: 'h2', address: (op(plan, 'host.start:h2') as Extract<Operation, { kind: 'host.start' }>).spec.underlays[0].ip }]);
    expect(swarm.after.sort()).toEqual(['host.start:h1', 'host.start:h2']);
    expect(plan.operations.some((o) => o.kind === 'swarm.init')).toBe(false);
  });

  it('creates the overlay on the manager only; the worker\'s node waits for it', () => {
    const overlay = op(plan, 'h1/network.create:ovl') as Extract<Operation, { kind: 'network.create' }>;
    expect(overlay.host).toBe('h1');
    expect(overlay.after).toEqual(expect.arrayContaining(['host.start:h1', 'images.copy:h1', 'swarm.form:h1']));
    expect(plan.operations.some((o) => o.key === 'h2/network.create:ovl')).toBe(false);
    expect(op(plan, 'h2/container.create:b').after).toContain('h1/network.create:ovl');
  });

  it('keeps host-local networks and nodes on their host, with one subnet for the overlay across hosts', () => {
    expect(op(plan, 'h1/network.create:lan1').host).toBe('h1');
    expect(op(plan, 'container.create:mon').host).toBeUndefined();
    const a = (op(plan, 'h1/container.create:a') as Extract<Operation, { kind: 'container.create' }>).spec;
    const b = (op(plan, 'h2/container.create:b') as Extract<Operation, { kind: 'container.create' }>).spec;
    const subnet = (op(plan, 'h1/network.create:ovl') as Extract<Operation, { kind: 'network.create' }>).spec.subnet!;
    const prefix = subnet.split('.').slice(0, 3).join('.');
    expect(a.endpoints[0].ip!.startsWith(prefix)).toBe(true);
    expect(b.endpoints[0].ip!.startsWith(prefix)).toBe(true);
    expect(a.endpoints[0].ip).not.toBe(b.endpoints[0].ip);
  });

  it('says what changes, host by host', () => {
    expect(plan.changes).toContainEqual({ action: 'create', subject: { kind: 'host', id: 'h1' }, reason: 'new in the lab file' });
    expect(plan.changes.find((c) => c.subject.id === 'b')?.reason).toMatch(/^on h2: /);
  });
});

describe('a lab across virtual hosts, once deployed', () => {
  it('plans nothing when every engine matches', () => {
    const live = deployedFrom(planMultiHost(TWO_HOSTS, emptyLive()));
    expect(planMultiHost(TWO_HOSTS, live).operations.map((o) => o.key)).toEqual([]);
  });

  it('restarts a host that stopped, and plans its whole nested lab again', () => {
    const live = deployedFrom(planMultiHost(TWO_HOSTS, emptyLive()));
    live.virtual.h2 = { container: { ...live.virtual.h2.container!, running: false } };
    const keys = planMultiHost(TWO_HOSTS, live).operations.map((o) => o.key);
    expect(keys).toEqual(expect.arrayContaining(['host.start:h2', 'images.copy:h2', 'swarm.form:h1', 'h2/container.create:b']));
    expect(keys.some((k) => k.startsWith('h1/'))).toBe(false);
  });

  it('replaces the hosts on an underlay that is replaced, before the network goes', () => {
    const live = deployedFrom(planMultiHost(TWO_HOSTS, emptyLive()));
    const changed = lab(TWO_HOSTS_YAML.replace('{id: wan, driver: bridge, subnet: 10.80.0.0/24}', '{id: wan, driver: bridge, internal: true, subnet: 10.80.0.0/24}'));
    const plan = planMultiHost(changed, live);
    expect(() => orderOperations(plan.operations)).not.toThrow();
    expect(op(plan, 'network.remove:wan').after).toEqual(expect.arrayContaining(['host.remove:h1', 'host.remove:h2']));
    expect(op(plan, 'host.start:h1').after).toContain('network.create:wan');
    expect(op(plan, 'host.start:h1').reason).toBe('replaced: its underlay network is replaced');
    expect(plan.operations.some((o) => o.key === 'h2/container.create:b')).toBe(true);
  });

  it('removes a virtual host that left the file', () => {
    const live = deployedFrom(planMultiHost(TWO_HOSTS, emptyLive()));
    live.hostContainers.push({ id: 'old', name: 'topolab-mh-old', dockerId: 'vh-old' });
    const plan = planMultiHost(TWO_HOSTS, live);
    expect(plan.operations.map((o) => o.key)).toEqual(['host.remove:old']);
    expect(plan.changes).toEqual([{ action: 'remove', subject: { kind: 'host', id: 'old' }, reason: 'no longer in the lab file' }]);
  });
});

const REMOTE_YAML = `topolab: 1
name: rh
hosts:
  - {id: local}
  - {id: far, kind: remote, url: "ssh://lab@far.example"}
  - {id: box, kind: remote, context: box}
networks:
  - {id: lanfar, driver: bridge, host: far, internal: true}
  - {id: lanhere, driver: bridge, subnet: 10.84.2.0/24}
nodes:
  - {id: f1, host: far, interfaces: [{network: lanfar}]}
  - {id: f2, host: far, image: custom/app:1, interfaces: [{network: lanfar}]}
  - {id: here, interfaces: [{network: lanhere}]}
`;
const REMOTE = lab(REMOTE_YAML);

/** Remote engines that answer, have `images`, and hold nothing of the lab yet. */
function remoteLive(images: string[] = ['topolab/node:latest', 'custom/app:1']): MultiHostLive {
  const engine = (id: string) => emptyLiveState('rh', { id });
  return {
    local: emptyLiveState('rh', { id: 'LOCAL' }),
    virtual: {},
    remote: {
      far: { where: 'ssh://lab@far.example', live: engine('FAR'), images },
      box: { where: 'tcp://box.example:2376 (context box)', live: engine('BOX'), images },
    },
    hostContainers: [],
  };
}

describe('a lab with remote hosts', () => {
  const plan = planMultiHost(REMOTE, remoteLive());

  it('plans each remote host\'s networks and nodes on its own engine, tagged with the host', () => {
    expect(plan.diagnostics).toEqual([]);
    expect(() => orderOperations(plan.operations)).not.toThrow();
    expect(op(plan, 'far/network.create:lanfar').host).toBe('far');
    expect(op(plan, 'far/container.create:f1')).toMatchObject({ host: 'far', after: ['far/network.create:lanfar'] });
    expect(op(plan, 'container.create:here').host).toBeUndefined();
    // an internal-only node loses Docker's default route, on its own engine
    expect(op(plan, 'far/routes.apply:f1').host).toBe('far');
  });

  it('never starts, copies images to, or forms a swarm with a remote host', () => {
    expect(plan.operations.filter((o) => ['host.start', 'host.remove', 'images.copy', 'swarm.form', 'swarm.init'].includes(o.kind))).toEqual([]);
  });

  it('says where each remote host is, for apply', () => {
    expect(plan.remotes).toEqual({ far: { url: 'ssh://lab@far.example' }, box: { context: 'box' } });
    expect(planMultiHost(TWO_HOSTS, emptyLive()).remotes).toBeUndefined();
  });

  it('says what changes on a remote host', () => {
    expect(plan.changes.find((c) => c.subject.id === 'f1')?.reason).toMatch(/^on far: /);
  });

  it('plans nothing once the remote engines have it all', () => {
    const desiredOn = (host: string | undefined) => ({
      networks: plan.operations.filter((o): o is Extract<Operation, { kind: 'network.create' }> => o.kind === 'network.create' && o.host === host).map((o) => o.spec),
      containers: plan.operations.filter((o): o is Extract<Operation, { kind: 'container.create' }> => o.kind === 'container.create' && o.host === host).map((o) => o.spec),
    });
    const live = remoteLive();
    live.local = liveFromDesired('rh', desiredOn(undefined), { id: 'LOCAL' });
    live.remote!.far.live = liveFromDesired('rh', desiredOn('far'), { id: 'FAR' });
    expect(planMultiHost(REMOTE, live).operations.map((o) => o.key)).toEqual([]);
  });

  it('refuses an image the remote engine lacks, naming host, node and image, instead of copying it', () => {
    const missing = planMultiHost(REMOTE, remoteLive(['topolab/node:latest']));
    const d = missing.diagnostics.filter((x) => x.code === 'remote-image-missing');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'error', subject: { kind: 'node', id: 'f2' }, path: ['nodes', 1, 'image'] });
    expect(d[0].message).toBe('Node f2 on remote host far needs image custom/app:1, which the Docker engine of far (ssh://lab@far.example) does not have; topolab does not copy images to a machine it does not own.');
    expect(d[0].hint).toContain('docker save custom/app:1 | docker -H ssh://lab@far.example load');
  });

  it('refuses when the helper image is missing there (routes are set by a helper on that engine)', () => {
    const d = planMultiHost(REMOTE, remoteLive(['custom/app:1'])).diagnostics.filter((x) => x.code === 'remote-image-missing');
    expect(d.map((x) => x.subject)).toEqual([{ kind: 'node', id: 'f1' }]);
    // no node needs it, the helper does: said once, about the host
    const onlyHelper = planMultiHost(lab(REMOTE_YAML.replace('{id: f1, host: far, interfaces', '{id: f1, host: far, image: custom/app:1, interfaces')), remoteLive(['custom/app:1']));
    const helper = onlyHelper.diagnostics.filter((x) => x.code === 'remote-image-missing');
    expect(helper.map((x) => x.subject)).toEqual([{ kind: 'host', id: 'far' }]);
    expect(helper[0].message).toContain('topolab needs image topolab/node on remote host far (ssh://lab@far.example) for its helpers');
  });

  it('refuses to plan anything on a remote host that does not answer, in its own sentence', () => {
    const live = remoteLive();
    live.remote!.far = { where: 'ssh://lab@far.example', problem: 'Cannot reach remote host far at ssh://lab@far.example: no answer within 5 seconds, is the host up and Docker listening there?' };
    const refused = planMultiHost(REMOTE, live);
    const d = refused.diagnostics.filter((x) => x.severity === 'error');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: 'remote-host-unreachable', path: ['hosts', 1], subject: { kind: 'host', id: 'far' }, message: live.remote!.far.problem });
    expect(d[0].hint).toContain('docker -H ssh://lab@far.example info');
    expect(refused.operations.some((o) => o.host === 'far')).toBe(false);
  });

  it('refuses a remote host that is the local engine (or another remote host) under another name', () => {
    const live = remoteLive();
    live.remote!.far.live = emptyLiveState('rh', { id: 'LOCAL' });
    live.remote!.box.live = emptyLiveState('rh', { id: 'LOCAL' });
    const d = planMultiHost(REMOTE, live).diagnostics.filter((x) => x.code === 'remote-host-same-engine');
    expect(d.map((x) => x.subject?.id)).toEqual(['far', 'box']);
    expect(d[0].message).toContain('the same Docker engine as the local engine (local)');
    const twin = remoteLive();
    twin.remote!.box.live = emptyLiveState('rh', { id: 'FAR' });
    expect(planMultiHost(REMOTE, twin).diagnostics.find((x) => x.code === 'remote-host-same-engine')?.message).toContain('as remote host far');
  });

  it('keeps planned subnets clear of the remote engines\' own networks', () => {
    const live = remoteLive();
    const auto = plan.addressing.planned.find((p) => p.network === 'lanfar')!.subnet;
    live.remote!.far.live!.usedSubnets = [{ subnet: auto, owner: 'their-net' }];
    const moved = planMultiHost(REMOTE, live).addressing.planned.find((p) => p.network === 'lanfar')!.subnet;
    expect(moved).not.toBe(auto);
  });
});

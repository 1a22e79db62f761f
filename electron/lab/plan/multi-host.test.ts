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

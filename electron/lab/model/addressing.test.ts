import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { AUTO_SUBNET_POOL, planAddresses, type AddressingInput, type UsedRange } from './addressing';
import { contains } from './cidr';
import type { LabDocument, NetworkDef, NodeDef } from './schema';

type Net = Partial<NetworkDef> & { id: string };
type Node = Partial<NodeDef> & { id: string };

function lab(networks: Net[], nodes: Node[] = [], name = 'demo'): LabDocument {
  return {
    topolab: 1,
    name,
    networks: networks.map((n) => ({ driver: 'bridge' as const, ...n })),
    nodes: nodes.map((n) => ({ kind: 'container' as const, ...n })),
  };
}

function plan(document: LabDocument, used: UsedRange[] = [], live?: AddressingInput['live']) {
  return planAddresses({ document, used, live });
}

/** The /24 index in the pool a network starts probing at (the documented formula, pinned here). */
function startIndex(labName: string, networkId: string): number {
  const d = sha256(utf8ToBytes(`${labName}/${networkId}`));
  return (d[0] * 2 ** 24 + d[1] * 2 ** 16 + d[2] * 2 ** 8 + d[3]) % 256;
}

const slash24 = (index: number) => `10.200.${index}.0/24`;

/** A network id of `demo` whose start index is `index`, or which collides with `otherId`. */
function idWithIndex(index: number, prefix = 'n'): string {
  for (let i = 0; i < 100_000; i++) if (startIndex('demo', `${prefix}${i}`) === index) return `${prefix}${i}`;
  throw new Error('no id found');
}

const onNet = (network: string, ip?: string) => ({ interfaces: [{ network, ...(ip ? { ip } : {}) }] });

describe('written subnets', () => {
  it('keeps the subnet (normalized) with the first host as gateway', () => {
    const r = plan(lab([{ id: 'lan', subnet: '10.10.1.0/24' }]));
    expect(r.networks).toEqual({ lan: { subnet: '10.10.1.0/24', gateway: '10.10.1.1', auto: false } });
    expect(r.diagnostics).toEqual([]);
    expect(r.avoided).toEqual([]);
  });

  it('keeps a written gateway', () => {
    const r = plan(lab([{ id: 'lan', subnet: '10.10.1.0/24', gateway: '10.10.1.254' }]));
    expect(r.networks.lan.gateway).toBe('10.10.1.254');
  });

  it('gives ipvlan l3 (and l3s) no gateway, but other modes and drivers one', () => {
    const r = plan(lab([
      { id: 'l3', driver: 'ipvlan', mode: 'l3', subnet: '10.10.1.0/24', gateway: '10.10.1.1' },
      { id: 'l3s', driver: 'ipvlan', mode: 'l3s', subnet: '10.10.2.0/24' },
      { id: 'l2', driver: 'ipvlan', mode: 'l2', subnet: '10.10.3.0/24' },
      { id: 'ipv', driver: 'ipvlan', subnet: '10.10.4.0/24' },
      { id: 'mac', driver: 'macvlan', mode: 'l3', subnet: '10.10.5.0/24' },
      { id: 'ov', driver: 'overlay', subnet: '10.10.6.0/24' },
    ]));
    expect(r.networks.l3).toEqual({ subnet: '10.10.1.0/24', gateway: undefined, auto: false });
    expect(r.networks.l3s.gateway).toBeUndefined();
    expect(r.networks.l2.gateway).toBe('10.10.3.1');
    expect(r.networks.ipv.gateway).toBe('10.10.4.1');
    expect(r.networks.mac.gateway).toBe('10.10.5.1');
    expect(r.networks.ov.gateway).toBe('10.10.6.1');
  });

  it('reports a clash with a subnet the engine already uses', () => {
    const used = [{ subnet: '172.18.0.0/16', owner: "Docker network 'other_default'" }, { subnet: '10.0.0.0/8', owner: 'host interface eth1' }];
    const r = plan(lab([{ id: 'a', subnet: '10.9.0.0/24' }, { id: 'lan', subnet: '172.18.5.0/24' }]), used);
    expect(r.diagnostics).toHaveLength(2);
    expect(r.diagnostics[1]).toEqual({
      severity: 'error',
      code: 'subnet-clash-engine',
      message: "Subnet 172.18.5.0/24 of network 'lan' overlaps 172.18.0.0/16, already used by Docker network 'other_default'.",
      hint: expect.stringMatching(/choose another subnet.*leave subnet out/i),
      path: ['networks', 1, 'subnet'],
      subject: { kind: 'network', id: 'lan' },
    });
    expect(r.diagnostics[0]).toMatchObject({ path: ['networks', 0, 'subnet'], message: expect.stringContaining('host interface eth1') });
    expect(r.networks.lan.subnet).toBe('172.18.5.0/24');
  });

  it('does not report adjacent or other-family ranges', () => {
    const used = [{ subnet: '10.10.2.0/24', owner: 'x' }, { subnet: 'fd00::/8', owner: 'y' }, { subnet: 'garbage', owner: 'z' }];
    expect(plan(lab([{ id: 'lan', subnet: '10.10.1.0/24' }]), used).diagnostics).toEqual([]);
  });

  it('skips unparsable or non-IPv4 subnets without throwing (validate reports them)', () => {
    const r = plan(lab(
      [{ id: 'bad', subnet: '10.1.1.0/33' }, { id: 'v6', subnet: 'fd00::/64' }, { id: 'text', subnet: 'lan' }],
      [{ id: 'a', interfaces: [{ network: 'bad' }, { network: 'v6', ip: 'fd00::5' }] }],
    ));
    for (const id of ['bad', 'v6', 'text']) expect(r.networks[id]).toEqual({ subnet: undefined, gateway: undefined, auto: false });
    expect(r.interfaces).toEqual({ 'a/bad': { ip: undefined, auto: false }, 'a/v6': { ip: 'fd00::5', auto: false } });
    expect(r.diagnostics).toEqual([]);
  });

  it('plans a subnet with host bits set as its network', () => {
    expect(plan(lab([{ id: 'lan', subnet: '10.10.1.7/24' }])).networks.lan.subnet).toBe('10.10.1.0/24');
  });
});

describe('builtin networks', () => {
  it('have no entry, and their interfaces no address', () => {
    const r = plan(lab(
      [{ id: 'h', driver: 'host' }, { id: 'n', driver: 'none' }, { id: 'd', driver: 'bridge', builtin: true }],
      [{ id: 'a', interfaces: [{ network: 'h' }, { network: 'n' }, { network: 'd', ip: '172.17.0.9' }] }],
    ));
    expect(r.networks).toEqual({});
    expect(r.interfaces).toEqual({
      'a/h': { ip: undefined, auto: false },
      'a/n': { ip: undefined, auto: false },
      'a/d': { ip: undefined, auto: false },
    });
    expect(r.avoided).toEqual([]);
  });
});

describe('subnets from the pool', () => {
  it('exports the pool', () => expect(AUTO_SUBNET_POOL).toBe('10.200.0.0/16'));

  it('starts at a hash of lab and network names', () => {
    const r = plan(lab([{ id: 'lan1' }, { id: 'lan2' }], [], 'two-lans'));
    expect(r.networks.lan1).toEqual({ subnet: slash24(startIndex('two-lans', 'lan1')), gateway: `10.200.${startIndex('two-lans', 'lan1')}.1`, auto: true });
    expect(r.networks.lan2.subnet).toBe(slash24(startIndex('two-lans', 'lan2')));
    // Pinned: a change of formula would move the addresses of every lab without live state.
    expect(plan(lab([{ id: 'x' }], [], 'pinned')).networks.x.subnet).toBe('10.200.9.0/24');
  });

  it('is deterministic', () => {
    const doc = lab([{ id: 'a' }, { id: 'b' }, { id: 'c', subnet: '10.200.3.0/24' }], [{ id: 'x', ...onNet('a') }, { id: 'y', ...onNet('b') }]);
    const used = [{ subnet: '10.200.0.0/20', owner: 'o' }];
    expect(JSON.stringify(plan(doc, used))).toBe(JSON.stringify(plan(structuredClone(doc), structuredClone(used))));
  });

  it('depends on the lab name, so two labs rarely start on the same /24', () => {
    const subnets = new Set(['l1', 'l2', 'l3', 'l4', 'l5'].map((name) => plan(lab([{ id: 'lan' }], [], name)).networks.lan.subnet));
    expect(subnets.size).toBeGreaterThan(1);
  });

  it('probes the next /24 when the start collides with another of the lab', () => {
    const first = 'n0';
    const twin = (() => {
      for (let i = 1; i < 100_000; i++) if (startIndex('demo', `n${i}`) === startIndex('demo', first)) return `n${i}`;
      throw new Error('none');
    })();
    const r = plan(lab([{ id: first }, { id: twin }]));
    const start = startIndex('demo', first);
    expect(r.networks[first].subnet).toBe(slash24(start));
    expect(r.networks[twin].subnet).toBe(slash24((start + 1) % 256));
  });

  it('wraps around the end of the pool', () => {
    const id = idWithIndex(255);
    const r = plan(lab([{ id }]), [{ subnet: '10.200.255.0/24', owner: 'other' }]);
    expect(r.networks[id].subnet).toBe('10.200.0.0/24');
  });

  it('keeps clear of written subnets wherever they are in the file', () => {
    const id = idWithIndex(40);
    const r = plan(lab([{ id }, { id: 'w', subnet: '10.200.40.0/23' }]));
    expect(r.networks[id].subnet).toBe('10.200.42.0/24');
  });

  it('avoids used subnets, including a wide one covering many candidates', () => {
    const id = idWithIndex(3);
    const used = [
      { subnet: '10.200.0.0/17', owner: 'big' },
      { subnet: '10.200.128.0/24', owner: 'small' },
      { subnet: '10.200.0.0/17', owner: 'big' },
      { subnet: '172.17.0.0/16', owner: 'bridge' },
      { subnet: 'fd00::/64', owner: 'v6' },
      { subnet: '10.200.129.5/24', owner: 'host interface eth0' },
    ];
    const r = plan(lab([{ id }]), used);
    expect(r.networks[id].subnet).toBe('10.200.130.0/24');
    expect(r.avoided).toEqual([used[0], used[1], used[5]]);
    expect(r.diagnostics).toEqual([]);
  });

  it('avoids a used range that covers the whole pool by reporting exhaustion', () => {
    const r = plan(lab([{ id: 'lan' }, { id: 'ok', subnet: '10.1.0.0/24' }], [{ id: 'a', ...onNet('lan') }]), [{ subnet: '10.0.0.0/8', owner: 'vpn' }]);
    expect(r.networks.lan).toEqual({ subnet: undefined, gateway: undefined, auto: true });
    expect(r.interfaces['a/lan']).toEqual({ ip: undefined, auto: false });
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['subnet-clash-engine', ['networks', 1, 'subnet']],
      ['address-pool-exhausted', ['networks', 0]],
    ]);
    expect(r.diagnostics[1]).toMatchObject({ severity: 'error', subject: { kind: 'network', id: 'lan' }, message: expect.stringContaining('10.200.0.0/16') });
    expect(r.avoided).toEqual([{ subnet: '10.0.0.0/8', owner: 'vpn' }]);
  });

  it('runs out after 256 networks', () => {
    const ids = Array.from({ length: 257 }, (_, i) => ({ id: `net${i}` }));
    const r = plan(lab(ids));
    const subnets = ids.slice(0, 256).map(({ id }) => r.networks[id].subnet);
    expect(new Set(subnets).size).toBe(256);
    expect(subnets.every((s) => s && contains(AUTO_SUBNET_POOL, s.split('/')[0]))).toBe(true);
    expect(r.networks.net256.subnet).toBeUndefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'address-pool-exhausted', path: ['networks', 256] })]);
  });

  it('is exhausted by a written subnet covering the pool', () => {
    const r = plan(lab([{ id: 'auto' }, { id: 'big', subnet: '10.200.0.0/16' }]));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['address-pool-exhausted']);
  });

  it('lists nothing as avoided when no subnet came from the pool', () => {
    expect(plan(lab([{ id: 'lan', subnet: '10.1.1.0/24' }]), [{ subnet: '10.200.0.0/24', owner: 'x' }]).avoided).toEqual([]);
  });
});

describe('live state', () => {
  it('reuses a live subnet, inside or outside the pool', () => {
    const live = { networkSubnets: { a: '10.200.77.0/24', b: '172.30.1.0/24' }, interfaceIps: {} };
    const r = plan(lab([{ id: 'a' }, { id: 'b' }]), [], live);
    expect(r.networks.a).toEqual({ subnet: '10.200.77.0/24', gateway: '10.200.77.1', auto: true });
    expect(r.networks.b).toEqual({ subnet: '172.30.1.0/24', gateway: '172.30.1.1', auto: true });
    expect(r.avoided).toEqual([]);
  });

  it('keeps a live subnet even if something outside the lab now overlaps it', () => {
    const live = { networkSubnets: { a: '10.200.77.0/24' }, interfaceIps: {} };
    expect(plan(lab([{ id: 'a' }]), [{ subnet: '10.200.0.0/16', owner: 'x' }], live).networks.a.subnet).toBe('10.200.77.0/24');
  });

  it('moves a live subnet that a written subnet of the lab now takes', () => {
    const live = { networkSubnets: { a: '10.200.77.0/24' }, interfaceIps: {} };
    const r = plan(lab([{ id: 'a' }, { id: 'b', subnet: '10.200.77.0/25' }]), [], live);
    expect(r.networks.a.subnet).not.toBe('10.200.77.0/24');
    expect(r.networks.a.auto).toBe(true);
  });

  it('a written subnet wins over the live one', () => {
    const live = { networkSubnets: { a: '10.200.77.0/24' }, interfaceIps: {} };
    expect(plan(lab([{ id: 'a', subnet: '10.5.0.0/24' }]), [], live).networks.a).toEqual({ subnet: '10.5.0.0/24', gateway: '10.5.0.1', auto: false });
  });

  it('ignores an unparsable live subnet', () => {
    const live = { networkSubnets: { a: 'nonsense' }, interfaceIps: {} };
    expect(plan(lab([{ id: 'a' }]), [], live).networks.a.subnet).toBe(slash24(startIndex('demo', 'a')));
  });

  it('keeps clear of live subnets of networks no longer in the file', () => {
    const id = idWithIndex(9);
    const live = { networkSubnets: { removed: '10.200.9.0/24' }, interfaceIps: {} };
    expect(plan(lab([{ id }]), [], live).networks[id].subnet).toBe('10.200.10.0/24');
  });

  it('adding networks and nodes does not move existing auto addresses', () => {
    const first = lab([{ id: 'a' }, { id: 'b' }], [{ id: 'x', ...onNet('a') }, { id: 'y', ...onNet('a') }, { id: 'z', ...onNet('b') }]);
    const before = plan(first);
    const live = {
      networkSubnets: Object.fromEntries(Object.entries(before.networks).map(([id, n]) => [id, n.subnet!])),
      interfaceIps: Object.fromEntries(Object.entries(before.interfaces).map(([key, i]) => [key, i.ip!])),
    };
    // The newcomer starts where 'a' is and comes first in the file, and the new node comes first too.
    const clash = idWithIndex(startIndex('demo', 'a'), 'new');
    const second = lab(
      [{ id: clash }, ...first.networks!],
      [{ id: 'w', interfaces: [{ network: 'a' }, { network: clash }] }, ...first.nodes!],
    );
    const after = plan(second, [], live);
    for (const id of ['a', 'b']) expect(after.networks[id]).toEqual(before.networks[id]);
    for (const key of Object.keys(before.interfaces)) expect(after.interfaces[key]).toEqual(before.interfaces[key]);
    expect(after.networks[clash].subnet).not.toBe(before.networks.a.subnet);
    expect(after.interfaces['w/a'].ip).toBe(`10.200.${startIndex('demo', 'a')}.12`);
  });
});

describe('interface addresses', () => {
  const subnet = '10.200.5.0/24';

  it('hands out addresses from offset 10 in node and interface order', () => {
    const r = plan(lab([{ id: 'lan', subnet }, { id: 'lan2', subnet: '10.1.0.0/16' }], [
      { id: 'a', interfaces: [{ network: 'lan' }, { network: 'lan2' }] },
      { id: 'b', interfaces: [{ network: 'lan2' }, { network: 'lan' }] },
    ]));
    expect(r.interfaces).toEqual({
      'a/lan': { ip: '10.200.5.10', auto: true },
      'a/lan2': { ip: '10.1.0.10', auto: true },
      'b/lan2': { ip: '10.1.0.11', auto: true },
      'b/lan': { ip: '10.200.5.11', auto: true },
    });
  });

  it('reserves explicit addresses on the network before handing any out', () => {
    const r = plan(lab([{ id: 'lan', subnet }], [
      { id: 'a', ...onNet('lan') },
      { id: 'b', ...onNet('lan', '10.200.5.10') },
      { id: 'c', ...onNet('lan') },
      { id: 'd', ...onNet('lan', '10.200.5.12') },
    ]));
    expect(r.interfaces).toEqual({
      'a/lan': { ip: '10.200.5.11', auto: true },
      'b/lan': { ip: '10.200.5.10', auto: false },
      'c/lan': { ip: '10.200.5.13', auto: true },
      'd/lan': { ip: '10.200.5.12', auto: false },
    });
  });

  it('keeps a written address as written, even outside the subnet (validate reports it)', () => {
    const r = plan(lab([{ id: 'lan', subnet }], [{ id: 'a', ...onNet('lan', '192.168.9.9') }]));
    expect(r.interfaces['a/lan']).toEqual({ ip: '192.168.9.9', auto: false });
  });

  it('skips a written gateway', () => {
    const r = plan(lab([{ id: 'lan', subnet, gateway: '10.200.5.10' }], [{ id: 'a', ...onNet('lan') }]));
    expect(r.interfaces['a/lan'].ip).toBe('10.200.5.11');
  });

  it('reuses a live address inside the subnet, reserved before new ones are handed out', () => {
    const live = { networkSubnets: {}, interfaceIps: { 'b/lan': '10.200.5.10', 'c/lan': '10.200.5.200' } };
    const r = plan(lab([{ id: 'lan', subnet }], [{ id: 'a', ...onNet('lan') }, { id: 'b', ...onNet('lan') }, { id: 'c', ...onNet('lan') }]), [], live);
    expect(r.interfaces).toEqual({
      'a/lan': { ip: '10.200.5.11', auto: true },
      'b/lan': { ip: '10.200.5.10', auto: true },
      'c/lan': { ip: '10.200.5.200', auto: true },
    });
  });

  it('does not reuse a live address that is outside, taken, the gateway or not a host', () => {
    const live = {
      networkSubnets: {},
      interfaceIps: { 'a/lan': '10.9.9.10', 'b/lan': '10.200.5.50', 'c/lan': '10.200.5.1', 'd/lan': '10.200.5.255', 'e/lan': 'fd00::1', 'f/lan': '10.200.5.0' },
    };
    const nodes = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, ...onNet('lan') }));
    nodes.push({ id: 'g', ...onNet('lan', '10.200.5.50') });
    const r = plan(lab([{ id: 'lan', subnet }], nodes), [], live);
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => r.interfaces[`${id}/lan`].ip)).toEqual([
      '10.200.5.10', '10.200.5.11', '10.200.5.12', '10.200.5.13', '10.200.5.14', '10.200.5.15',
    ]);
  });

  it('a live address reused twice goes to the first in file order', () => {
    const live = { networkSubnets: {}, interfaceIps: { 'a/lan': '10.200.5.20', 'b/lan': '10.200.5.20' } };
    const r = plan(lab([{ id: 'lan', subnet }], [{ id: 'a', ...onNet('lan') }, { id: 'b', ...onNet('lan') }]), [], live);
    expect([r.interfaces['a/lan'].ip, r.interfaces['b/lan'].ip]).toEqual(['10.200.5.20', '10.200.5.10']);
  });

  it('uses the low offsets of a small subnet, then reports subnet-full (/30)', () => {
    const r = plan(lab([{ id: 'p2p', subnet: '10.0.0.0/30' }], [{ id: 'r1', ...onNet('p2p') }, { id: 'r2', ...onNet('p2p') }]));
    expect(r.networks.p2p.gateway).toBe('10.0.0.1');
    expect(r.interfaces['r1/p2p']).toEqual({ ip: '10.0.0.2', auto: true });
    expect(r.interfaces['r2/p2p']).toEqual({ ip: undefined, auto: true });
    expect(r.diagnostics).toEqual([{
      severity: 'error',
      code: 'subnet-full',
      message: "No free address left in 10.0.0.0/30 (network 'p2p') for node 'r2'.",
      hint: expect.any(String),
      path: ['nodes', 1, 'interfaces', 0],
      subject: { kind: 'node', id: 'r2' },
    }]);
  });

  it('fills a /29 to the last host', () => {
    const nodes = Array.from({ length: 6 }, (_, i) => ({ id: `n${i}`, ...onNet('lan') }));
    const r = plan(lab([{ id: 'lan', subnet: '10.0.0.8/29' }], nodes));
    expect(nodes.slice(0, 5).map((n) => r.interfaces[`${n.id}/lan`].ip)).toEqual(['10.0.0.10', '10.0.0.11', '10.0.0.12', '10.0.0.13', '10.0.0.14']);
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([['subnet-full', ['nodes', 5, 'interfaces', 0]]]);
  });

  it('an ipvlan l3 subnet has no gateway to skip', () => {
    const r = plan(lab([{ id: 'l3', driver: 'ipvlan', mode: 'l3', subnet: '10.0.0.0/30' }], [{ id: 'a', ...onNet('l3') }, { id: 'b', ...onNet('l3') }]));
    expect([r.interfaces['a/l3'].ip, r.interfaces['b/l3'].ip]).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('skips nodes sharing another node’s namespace, unknown networks and repeated interfaces', () => {
    const r = plan(lab([{ id: 'lan', subnet }], [
      { id: 'web', interfaces: [{ network: 'lan' }, { network: 'lan', ip: '10.200.5.99' }, { network: 'ghost' }] },
      { id: 'side', sharesNetworkWith: 'web', ...onNet('lan') },
    ]));
    expect(r.interfaces).toEqual({ 'web/lan': { ip: '10.200.5.10', auto: true } });
  });

  it('IPv6 subnets and addresses change nothing in IPv4 planning', () => {
    const nodes = [{ id: 'a', interfaces: [{ network: 'lan', ip6: 'fd00::10' }, { network: 'auto' }] }];
    const withV6 = plan(lab([{ id: 'lan', subnet, subnet6: 'fd00::/64', gateway6: 'fd00::1' }, { id: 'auto', subnet6: 'fd01::/64' }], nodes), [{ subnet: 'fd00::/8', owner: 'v6' }]);
    const without = plan(lab([{ id: 'lan', subnet }, { id: 'auto' }], nodes));
    expect(withV6).toEqual(without);
  });
});

describe('robustness', () => {
  it('plans an empty lab', () => {
    expect(planAddresses({ document: { topolab: 1, name: 'empty' }, used: [] })).toEqual({ networks: {}, interfaces: {}, avoided: [], diagnostics: [] });
  });

  it('uses the first definition of a repeated network id', () => {
    const r = plan(lab([{ id: 'lan', subnet: '10.1.0.0/24' }, { id: 'lan', subnet: '10.2.0.0/24' }, { id: 'h', driver: 'host' }, { id: 'h', subnet: '10.3.0.0/24' }]));
    expect(r.networks).toEqual({ lan: { subnet: '10.1.0.0/24', gateway: '10.1.0.1', auto: false } });
  });

  it('never throws on odd input', () => {
    const doc = lab(
      [{ id: 'a', subnet: '' }, { id: 'b', gateway: 'nope' }, { id: 'c', subnet: '0.0.0.0/0' }],
      [{ id: 'x', interfaces: [{ network: 'a', ip: 'bad' }, { network: 'b', ip: '' }, { network: 'c' }] }],
    );
    const live = { networkSubnets: { b: '' }, interfaceIps: { 'x/c': '::' } };
    expect(() => plan(doc, [{ subnet: '', owner: '' }], live)).not.toThrow();
  });
});

describe('edge cases', () => {
  it('treats ids named like Object members as ordinary ids', () => {
    const r = plan(lab([{ id: 'constructor' }], [{ id: 'toString', ...onNet('constructor') }]), [], { networkSubnets: {}, interfaceIps: {} });
    expect(r.networks['constructor' as string].subnet).toBe(slash24(startIndex('demo', 'constructor')));
    expect(r.interfaces['toString/constructor'].ip).toMatch(/^10\.200\.\d+\.10$/);
  });

  it('hands out both addresses of an ipvlan l3 /31 (no network or broadcast address there)', () => {
    const r = plan(lab([{ id: 'p', driver: 'ipvlan', mode: 'l3', subnet: '10.0.0.0/31' }], [{ id: 'a', ...onNet('p') }, { id: 'b', ...onNet('p') }]));
    expect([r.interfaces['a/p'].ip, r.interfaces['b/p'].ip]).toEqual(['10.0.0.0', '10.0.0.1']);
  });

  it('reports subnet-full for every interface that does not fit', () => {
    const r = plan(lab([{ id: 'one', subnet: '10.0.0.4/32' }], [{ id: 'a', ...onNet('one') }, { id: 'b', ...onNet('one') }]));
    expect(r.networks.one.gateway).toBe('10.0.0.4');
    expect(r.diagnostics.map((d) => d.subject)).toEqual([{ kind: 'node', id: 'a' }, { kind: 'node', id: 'b' }]);
  });

  it('keeps reused live addresses when the subnet is written and unchanged', () => {
    const live = { networkSubnets: { lan: '10.1.0.0/16' }, interfaceIps: { 'a/lan': '10.1.3.4' } };
    const r = plan(lab([{ id: 'lan', subnet: '10.1.0.0/16' }], [{ id: 'a', ...onNet('lan') }]), [], live);
    expect(r.interfaces['a/lan']).toEqual({ ip: '10.1.3.4', auto: true });
  });
});

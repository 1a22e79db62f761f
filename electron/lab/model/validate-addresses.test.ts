// validateLab: subnets, gateways, interface addresses.
import { describe, expect, it } from 'vitest';
import { check, codes, only } from './validate.test-support';

const net = (fields: string) => `networks:\n  - {id: lan1, driver: bridge, ${fields}}\n`;
/** One network lan1 (with `fields`) and node web on it with interface `iface`. */
const lab = (fields: string, iface: string) => `${net(fields)}nodes:\n  - {id: web, interfaces: [{network: lan1, ${iface}}]}\n`;

describe('subnet syntax', () => {
  it.each([
    ['10.1.1.5/24', 'host bits', '`10.1.1.0/24`'],
    ['10.1.1.0', 'prefix length is missing', '`10.1.1.0/24`'],
    ['10.1.1.0/33', '0–32', '10.10.1.0/24'],
    ['10.1.1/24', 'not a valid', '10.10.1.0/24'],
    ['10.1.1.0/24x', '0–32', '10.10.1.0/24'],
  ])('rejects %s, saying what is wrong and what to write', (subnet, reason, hint) => {
    const d = only(check(net(`subnet: ${subnet}`)), 'invalid-cidr');
    expect(d.path).toEqual(['networks', 0, 'subnet']);
    expect(d.message).toContain('Network lan1');
    expect(d.message).toContain(reason);
    expect(d.hint).toContain(hint);
    expect(d.subject).toEqual({ kind: 'network', id: 'lan1' });
  });

  it('points at the subnet value in the file', () => {
    const d = only(check('networks:\n  - id: lan1\n    driver: bridge\n    subnet: 10.1.1.5/24\n'), 'invalid-cidr');
    expect(d.position).toEqual({ line: 6, column: 13 });
  });

  it('accepts IPv4 and IPv6 subnets', () => {
    expect(check(net('subnet: 10.1.0.0/16, subnet6: "fd00:1::/64"'))).toEqual([]);
  });

  it('rejects a subnet with no room for a gateway and a node', () => {
    expect(only(check(net('subnet: 10.1.1.0/31')), 'subnet-too-small').hint).toContain('/30');
    expect(check(net('subnet: 10.1.1.0/30'))).toEqual([]);
  });
});

describe('address families', () => {
  it('rejects IPv6 in subnet and IPv4 in subnet6', () => {
    const ds = check(net('subnet: "fd00::/64", subnet6: 10.1.0.0/16'));
    expect(ds.filter((d) => d.code === 'ip-family-mismatch').map((d) => d.path[2])).toEqual(['subnet', 'subnet6']);
    expect(ds[0].hint).toContain('subnet6');
  });

  it('rejects an IPv6 gateway in gateway', () => {
    const d = only(check(net('subnet: 10.1.0.0/16, subnet6: "fd00::/64", gateway: "fd00::1"')), 'ip-family-mismatch');
    expect(d.hint).toContain('gateway6');
  });

  it('rejects an IPv6 address in ip', () => {
    const d = only(check(lab('subnet6: "fd00::/64"', 'ip: "fd00::5"')), 'ip-family-mismatch');
    expect(d.path).toEqual(['nodes', 0, 'interfaces', 0, 'ip']);
    expect(d.hint).toContain('ip6');
  });
});

describe('gateway', () => {
  it('accepts a gateway inside the subnet', () => {
    expect(check(net('subnet: 10.1.1.0/24, gateway: 10.1.1.254'))).toEqual([]);
    expect(check(net('subnet6: "fd00::/64", gateway6: "fd00::1"'))).toEqual([]);
  });

  it('rejects a gateway outside the subnet', () => {
    const d = only(check(net('subnet: 10.1.1.0/24, gateway: 10.1.2.1')), 'gateway-outside-subnet');
    expect(d.path).toEqual(['networks', 0, 'gateway']);
    expect(d.message).toContain('10.1.1.0/24');
  });

  it.each(['10.1.1.0', '10.1.1.255'])('rejects the network and broadcast address %s', (gw) => {
    expect(only(check(net(`subnet: 10.1.1.0/24, gateway: ${gw}`)), 'gateway-reserved').message).toContain(gw);
  });

  it('rejects an invalid gateway address', () => {
    expect(only(check(net('subnet: 10.1.1.0/24, gateway: 10.1.1.300')), 'invalid-ip').path).toEqual(['networks', 0, 'gateway']);
  });

  it('rejects a gateway without its subnet', () => {
    expect(only(check(net('gateway: 10.1.1.1')), 'gateway-without-subnet').hint).toContain('subnet');
    expect(only(check(net('gateway6: "fd00::1"')), 'gateway-without-subnet').path).toEqual(['networks', 0, 'gateway6']);
  });
});

describe('subnet overlap', () => {
  const two = (a: string, b: string) => `networks:\n  - {id: lan1, driver: bridge, subnet: ${a}}\n  - {id: lan2, driver: bridge, subnet: ${b}}\n`;

  it('reports overlapping subnets on the second network, naming both', () => {
    const d = only(check(two('10.1.0.0/16', '10.1.5.0/24')), 'subnet-overlap');
    expect(d.path).toEqual(['networks', 1, 'subnet']);
    expect(d.subject?.id).toBe('lan2');
    expect(d.message).toContain('lan1');
    expect(d.message).toContain('lan2');
  });

  it('reports identical IPv6 subnets', () => {
    const ds = check('networks:\n  - {id: a, driver: bridge, subnet6: "fd00::/64"}\n  - {id: b, driver: bridge, subnet6: "fd00:0::/64"}\n');
    expect(only(ds, 'subnet-overlap').path).toEqual(['networks', 1, 'subnet6']);
  });

  it('accepts neighbouring subnets', () => {
    expect(check(two('10.1.0.0/24', '10.1.1.0/24'))).toEqual([]);
  });
});

describe('interface addresses', () => {
  it('accepts an address inside the subnet', () => {
    expect(check(lab('subnet: 10.1.1.0/24, subnet6: "fd00::/64"', 'ip: 10.1.1.10, ip6: "fd00::10"'))).toEqual([]);
  });

  it('rejects an invalid address', () => {
    const d = only(check(lab('subnet: 10.1.1.0/24', 'ip: 10.1.1')), 'invalid-ip');
    expect(d.message).toContain('Node web');
    expect(d.message).toContain('lan1');
  });

  it('rejects an address written as a CIDR range, suggesting the address', () => {
    expect(only(check(lab('subnet: 10.1.1.0/24', 'ip: 10.1.1.5/24')), 'invalid-ip').hint).toContain('`10.1.1.5`');
  });

  it('rejects an address outside the subnet', () => {
    const d = only(check(lab('subnet: 10.1.1.0/24', 'ip: 10.1.2.10')), 'ip-outside-subnet');
    expect(d.path).toEqual(['nodes', 0, 'interfaces', 0, 'ip']);
    expect(d.subject).toEqual({ kind: 'node', id: 'web' });
  });

  it.each([
    ['10.1.1.0', 'network address'],
    ['10.1.1.255', 'broadcast'],
    ['10.1.1.1', 'gateway'],
  ])('rejects the reserved address %s (%s)', (ip, why) => {
    expect(only(check(lab('subnet: 10.1.1.0/24', `ip: ${ip}`)), 'ip-reserved').message).toContain(why);
  });

  it('rejects the written gateway, and frees the first address then', () => {
    expect(codes(check(lab('subnet: 10.1.1.0/24, gateway: 10.1.1.254', 'ip: 10.1.1.254')))).toEqual(['ip-reserved']);
    expect(check(lab('subnet: 10.1.1.0/24, gateway: 10.1.1.254', 'ip: 10.1.1.1'))).toEqual([]);
  });

  it('has no default gateway on ipvlan l3', () => {
    const body = 'networks:\n  - {id: lan1, driver: ipvlan, mode: l3, parent: eth9, subnet: 10.1.1.0/24}\nnodes:\n  - {id: web, interfaces: [{network: lan1, ip: 10.1.1.1}]}\n';
    expect(check(body)).toEqual([]);
  });

  it('rejects the same address twice on one network, naming the other node', () => {
    const body = `${net('subnet: 10.1.1.0/24')}nodes:\n  - {id: web, interfaces: [{network: lan1, ip: 10.1.1.10}]}\n  - {id: db, interfaces: [{network: lan1, ip: 10.1.1.10}]}\n`;
    const d = only(check(body), 'ip-duplicate');
    expect(d.path).toEqual(['nodes', 1, 'interfaces', 0, 'ip']);
    expect(d.message).toContain('node web');
    expect(d.subject?.id).toBe('db');
    expect(d.position).toEqual({ line: 7, column: 47 });
  });

  it('compares IPv6 addresses in canonical form', () => {
    const body = `${net('subnet6: "fd00::/64"')}nodes:\n  - {id: web, interfaces: [{network: lan1, ip6: "fd00::a"}]}\n  - {id: db, interfaces: [{network: lan1, ip6: "fd00:0:0:0::000a"}]}\n`;
    expect(codes(check(body))).toEqual(['ip-duplicate']);
  });

  it('allows the same address on two different networks', () => {
    const body = `networks:\n  - {id: a, driver: bridge, subnet: 10.1.1.0/24}\n  - {id: b, driver: bridge, subnet: 10.1.1.0/24, internal: true}\nnodes:\n  - {id: web, interfaces: [{network: a, ip: 10.1.1.10}]}\n`;
    expect(codes(check(body))).toEqual(['subnet-overlap']);
  });

  it('rejects an ip on a network whose subnet is not written', () => {
    const d = only(check(lab('internal: true', 'ip: 10.1.1.10')), 'ip-without-subnet');
    expect(d.severity).toBe('error');
    expect(d.hint).toContain('subnet');
  });

  it('rejects an ip6 on a network without subnet6', () => {
    const d = only(check(lab('subnet: 10.1.1.0/24', 'ip6: "fd00::5"')), 'ip6-without-subnet6');
    expect(d.path).toEqual(['nodes', 0, 'interfaces', 0, 'ip6']);
  });
});

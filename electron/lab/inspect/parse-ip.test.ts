import { describe, expect, it } from 'vitest';
import { ADDRS, LINKS, NEIGH, ROUTES, RULES, json } from './inspect.test-support';
import { parseLinks, parseNeighbours, parseRoutes, parseRules } from './parse';
import type { InterfaceInfo } from './types';

const BAD_INPUTS = ['', '   \n', 'not json', '[{"ifindex":', '{"ifindex":1}', 'null', '42', '"x"', '[1, "a", null, [], true]'];

describe('parseLinks', () => {
  const interfaces = parseLinks(json(LINKS), json(ADDRS));
  const byName = (name: string): InterfaceInfo => {
    const found = interfaces.find((i) => i.name === name);
    if (!found) throw new Error(`no ${name}`);
    return found;
  };

  it('lists every device by ifindex', () => {
    expect(interfaces.map((i) => `${i.index}:${i.name}`)).toEqual(['1:lo', '2:dummy0', '3:ve-a', '4:ve-b', '7:eth0', '9:eth1', '10:mv0', '11:ipv0', '13:br0', '14:vx42', '15:vx6']);
  });

  it('describes loopback from its link type (the kernel gives it no link info)', () => {
    expect(byName('lo')).toEqual({
      index: 1,
      name: 'lo',
      kind: 'loopback',
      mac: '00:00:00:00:00:00',
      mtu: 65536,
      state: 'UNKNOWN',
      flags: ['LOOPBACK', 'UP', 'LOWER_UP'],
      addresses: [
        { family: 'inet', address: '127.0.0.1', prefix: 8, scope: 'host' },
        { family: 'inet6', address: '::1', prefix: 128, scope: 'host' },
      ],
    });
  });

  it("gives a container's veth its peer's index and namespace id in the host", () => {
    expect(byName('eth0')).toEqual({
      index: 7,
      name: 'eth0',
      kind: 'veth',
      mac: '02:42:ac:12:00:02',
      mtu: 1500,
      state: 'UP',
      flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
      addresses: [{ family: 'inet', address: '172.18.0.2', prefix: 16, scope: 'global' }],
      peerIndex: 12,
      peerNetnsId: 0,
    });
  });

  it('keeps every address of a device, IPv6 link-local included, in the order ip prints them', () => {
    expect(byName('eth1').addresses).toEqual([
      { family: 'inet', address: '10.1.0.1', prefix: 24, scope: 'global' },
      { family: 'inet6', address: 'fd00:1::1', prefix: 64, scope: 'global' },
      { family: 'inet6', address: 'fe80::42:aff:fe01:1', prefix: 64, scope: 'link' },
    ]);
  });

  it('resolves a veth peer in the same namespace from its name to its index', () => {
    expect(byName('ve-a')).toMatchObject({ kind: 'veth', peerName: 've-b', peerIndex: 4 });
    expect(byName('ve-b')).toMatchObject({ kind: 'veth', peerName: 've-a', peerIndex: 3 });
    expect(byName('ve-a').peerNetnsId).toBeUndefined();
  });

  it('reads the mode of macvlan and ipvlan devices, and their parent', () => {
    expect(byName('mv0')).toMatchObject({ kind: 'macvlan', mode: 'bridge', peerIndex: 2, peerNetnsId: 0, addresses: [{ address: '192.168.50.10', prefix: 24 }] });
    expect(byName('ipv0')).toMatchObject({ kind: 'ipvlan', mode: 'l2', peerIndex: 3, peerNetnsId: 0, addresses: [] });
  });

  it('reads a unicast vxlan: VNI, remote, local, port and underlay device', () => {
    expect(byName('vx42').vxlan).toEqual({ vni: 42, remote: '192.0.2.9', local: '172.18.0.2', port: 4789, dev: 'eth0' });
  });

  it('reads an IPv6 multicast vxlan from group6/local6', () => {
    expect(byName('vx6').vxlan).toEqual({ vni: 7, group: 'ff05::100', local: 'fd00:1::1', port: 4789, dev: 'eth1' });
    expect(byName('vx6').state).toBe('DOWN');
  });

  it('names the master of a bridge port, its kind and STP state', () => {
    expect(byName('vx42')).toMatchObject({ master: 'br0', masterKind: 'bridge', portState: 'forwarding' });
    expect(byName('eth0').master).toBeUndefined();
  });

  it('gives bridges and dummies their kind and nothing kind-specific', () => {
    const bridge = byName('br0');
    expect(bridge).toMatchObject({ kind: 'bridge', mtu: 1450, addresses: [{ address: '10.42.0.1' }] });
    expect(bridge.mode).toBeUndefined();
    expect(bridge.vxlan).toBeUndefined();
    expect(byName('dummy0')).toMatchObject({ kind: 'dummy', state: 'DOWN', addresses: [] });
  });

  it('treats a device without link info (a physical NIC) as kind ""', () => {
    const [nic] = parseLinks(json([{ ifindex: 2, ifname: 'enp1s0', flags: ['UP'], mtu: 9000, operstate: 'UP', link_type: 'ether', address: '52:54:00:12:34:56' }]), '[]');
    expect(nic).toMatchObject({ kind: '', mtu: 9000, addresses: [] });
  });

  it('passes through kinds it does not know', () => {
    const [tunnel] = parseLinks(json([{ ifindex: 5, ifname: 'wg0', flags: [], mtu: 1420, operstate: 'UNKNOWN', link_type: 'none', linkinfo: { info_kind: 'wireguard' } }]), '');
    expect(tunnel).toMatchObject({ kind: 'wireguard', mac: '' });
  });

  it('ignores `"link": null` (a tunnel with no underlay) and a mode on kinds without one', () => {
    const [gre] = parseLinks(json([{ ifindex: 6, link: null, ifname: 'gre0', flags: [], mtu: 1476, operstate: 'UNKNOWN', link_type: 'ipgre', address: '0.0.0.0', linkinfo: { info_kind: 'gre', info_data: { mode: 'x' } } }]), '');
    expect(gre.peerName).toBeUndefined();
    expect(gre.peerIndex).toBeUndefined();
    expect(gre.mode).toBeUndefined();
  });

  it('falls back to `ip addr` for the devices when `ip link` printed nothing usable', () => {
    const fromAddrs = parseLinks('', json(ADDRS));
    expect(fromAddrs.map((i) => i.name)).toEqual(['lo', 'dummy0', 'eth0', 'eth1', 'mv0', 'br0']);
    expect(fromAddrs.find((i) => i.name === 'eth0')).toMatchObject({ kind: '', peerIndex: 12, peerNetnsId: 0, addresses: [{ address: '172.18.0.2' }] });
  });

  it('shows devices without addresses when `ip addr` failed', () => {
    const noAddrs = parseLinks(json(LINKS), 'garbage');
    expect(noAddrs).toHaveLength(LINKS.length);
    expect(noAddrs.every((i) => i.addresses.length === 0)).toBe(true);
  });

  it('skips entries without ifindex or name, and address entries of unknown families or without a prefix', () => {
    const links = [{ ifname: 'noindex' }, { ifindex: 3 }, { ifindex: 4, ifname: 'ok', mtu: 'big', flags: 'UP' }];
    const addrs = [{ ifindex: 4, addr_info: [{ family: 'inet', local: '10.0.0.1' }, { family: 'mpls', local: 'x', prefixlen: 1 }, { family: 'inet', local: '10.0.0.2', prefixlen: 8 }, 'junk'] }];
    expect(parseLinks(json(links), json(addrs))).toEqual([
      { index: 4, name: 'ok', kind: '', mac: '', mtu: 0, state: 'UNKNOWN', flags: [], addresses: [{ family: 'inet', address: '10.0.0.2', prefix: 8, scope: '' }] },
    ]);
  });

  it.each(BAD_INPUTS)('returns [] for unusable input %j', (bad) => {
    expect(parseLinks(bad, bad)).toEqual([]);
  });
});

describe('parseRoutes', () => {
  const routes = parseRoutes(json(ROUTES));

  it('puts main first, then local, then the other tables by id, keeping the kernel order inside each', () => {
    expect(routes.map((r) => `${r.table} ${r.dst}`)).toEqual([
      'main default',
      'main 10.1.0.0/24',
      'main 10.2.0.0/24',
      'main 10.70.0.0/16',
      'main 10.80.0.0/16',
      'main 172.18.0.0/16',
      'main 10.66.0.0/16',
      'main 10.67.0.0/16',
      'main fd00:1::/64',
      'main fe80::/64',
      'local 10.1.0.1',
      'local 10.1.0.255',
      'local 127.0.0.0/8',
      'local ::1',
      'local ff00::/8',
      '7 10.9.0.0/16',
      '100 default',
    ]);
  });

  it('fills in the defaults ip leaves out: table main, type unicast', () => {
    expect(routes[0]).toEqual({ table: 'main', type: 'unicast', dst: 'default', gateway: '172.18.0.1', dev: 'eth0', flags: [] });
  });

  it('keeps protocol, scope, prefsrc, metric and flags', () => {
    expect(routes.find((r) => r.dst === '10.1.0.0/24')).toEqual({ table: 'main', type: 'unicast', dst: '10.1.0.0/24', dev: 'eth1', protocol: 'kernel', scope: 'link', prefsrc: '10.1.0.1', flags: [] });
    expect(routes.find((r) => r.dst === '10.2.0.0/24')).toMatchObject({ gateway: '10.1.0.2', protocol: 'static', metric: 100, flags: ['onlink'] });
    expect(routes.find((r) => r.dst === '10.9.0.0/16')).toMatchObject({ table: '7', flags: ['linkdown'] });
  });

  it('reads route types: local, broadcast, blackhole, unreachable, multicast', () => {
    expect(routes.find((r) => r.dst === '10.66.0.0/16')).toEqual({ table: 'main', type: 'blackhole', dst: '10.66.0.0/16', flags: [] });
    expect(routes.find((r) => r.dst === '10.67.0.0/16')).toMatchObject({ type: 'unreachable', metric: 5 });
    expect(routes.filter((r) => r.table === 'local').map((r) => r.type)).toEqual(['local', 'broadcast', 'local', 'local', 'multicast']);
    expect(routes.find((r) => r.dst === '::1')).toMatchObject({ metric: 0 });
  });

  it('lists the paths of an ECMP route', () => {
    const ecmp = routes.find((r) => r.dst === '10.70.0.0/16');
    expect(ecmp?.nexthops).toEqual([
      { gateway: '10.1.0.2', dev: 'eth1', weight: 1 },
      { gateway: '172.18.0.9', dev: 'eth0', weight: 2 },
    ]);
    expect(ecmp?.gateway).toBeUndefined();
  });

  it('takes the gateway of an IPv4 route via an IPv6 next hop from `via`', () => {
    expect(routes.find((r) => r.dst === '10.80.0.0/16')).toMatchObject({ gateway: 'fe80::1', dev: 'eth1' });
  });

  it('orders named tables before numbered ones, numbers numerically', () => {
    const tables = parseRoutes(json(['1000', '20', 'default', 'local', 'main', 'mgmt'].map((table) => ({ dst: 'default', table }))));
    expect(tables.map((r) => r.table)).toEqual(['main', 'local', 'default', 'mgmt', '20', '1000']);
  });

  it('skips entries without a destination', () => {
    expect(parseRoutes(json([{ dev: 'eth0' }, { dst: '', dev: 'eth0' }, { dst: '10.0.0.0/8', table: 3 }]))).toEqual([{ table: '3', type: 'unicast', dst: '10.0.0.0/8', flags: [] }]);
  });

  it.each(BAD_INPUTS)('returns [] for unusable input %j', (bad) => {
    expect(parseRoutes(bad)).toEqual([]);
  });
});

describe('parseRules', () => {
  const rules = parseRules(json(RULES));
  const at = (priority: number) => rules.find((r) => r.priority === priority);

  it('reads the three default rules as lookups', () => {
    expect(at(0)).toEqual({ priority: 0, not: false, from: 'all', action: 'lookup', table: 'local' });
    expect(at(32766)).toEqual({ priority: 32766, not: false, from: 'all', action: 'lookup', table: 'main' });
    expect(at(32767)).toEqual({ priority: 32767, not: false, from: 'all', action: 'lookup', table: 'default' });
  });

  it('joins source and destination with their prefix lengths', () => {
    expect(at(100)).toEqual({ priority: 100, not: false, from: '10.1.0.0/24', action: 'lookup', table: '100' });
    expect(at(300)).toEqual({ priority: 300, not: false, from: 'all', to: '10.9.0.0/16', iif: 'eth1', oif: 'eth0', ipproto: 'tcp', dport: '80', action: 'lookup', table: '300' });
    expect(at(50)?.from).toBe('1.2.3.4');
  });

  it('reads fwmark with and without a mask, tos, uid and port ranges', () => {
    expect(at(5)?.fwmark).toBe('0x10/0xff');
    expect(at(200)?.fwmark).toBe('0x1');
    expect(at(8)?.tos).toBe('0x10');
    expect(at(6)?.uidRange).toBe('1000-2000');
    expect(at(7)?.sport).toBe('1000-2000');
  });

  it('reads goto, nop, l3mdev, suppress_prefixlength and non-lookup actions with `not`', () => {
    expect(at(50)).toEqual({ priority: 50, not: false, from: '1.2.3.4', action: 'goto', goto: 32766 });
    expect(at(9)).toEqual({ priority: 9, not: false, from: 'all', action: 'nop' });
    expect(at(1000)).toEqual({ priority: 1000, not: false, from: 'all', action: 'lookup', l3mdev: true });
    expect(at(51)).toMatchObject({ action: 'lookup', table: 'main', suppressPrefixLength: 0 });
    expect(at(301)).toEqual({ priority: 301, not: true, from: '10.2.0.0/16', action: 'prohibit' });
  });

  it('sorts by priority, the order the kernel tries them', () => {
    const shuffled = parseRules(json([{ priority: 32766, table: 'main' }, { priority: 0, table: 'local' }, { priority: 100, table: '100' }]));
    expect(shuffled.map((r) => r.priority)).toEqual([0, 100, 32766]);
  });

  it('defaults a rule without src to all and without priority to 0', () => {
    expect(parseRules(json([{ table: 5 }]))).toEqual([{ priority: 0, not: false, from: 'all', action: 'lookup', table: '5' }]);
  });

  it.each(BAD_INPUTS)('returns [] for unusable input %j', (bad) => {
    expect(parseRules(bad)).toEqual([]);
  });
});

describe('parseNeighbours', () => {
  it('reads ip, device, MAC, NUD state and the router flag', () => {
    expect(parseNeighbours(json(NEIGH))).toEqual([
      { ip: '172.18.0.1', dev: 'eth0', mac: '02:42:c5:63:ce:92', state: 'REACHABLE' },
      { ip: '10.1.0.8', dev: 'eth1', state: 'FAILED' },
      { ip: '10.1.0.2', dev: 'eth1', mac: '02:42:0a:01:00:02', state: 'STALE', router: true },
      { ip: 'fe80::1', dev: 'eth1', mac: '02:00:00:00:00:01', state: 'PERMANENT', router: true },
    ]);
  });

  it('joins several states and tolerates none', () => {
    expect(parseNeighbours(json([{ dst: '10.0.0.1', dev: 'eth0', state: ['REACHABLE', 'NOARP'] }, { dst: '10.0.0.2' }]))).toEqual([
      { ip: '10.0.0.1', dev: 'eth0', state: 'REACHABLE,NOARP' },
      { ip: '10.0.0.2', dev: '', state: '' },
    ]);
  });

  it('skips entries without an address', () => {
    expect(parseNeighbours(json([{ dev: 'eth0', lladdr: 'aa:bb:cc:dd:ee:ff' }]))).toEqual([]);
  });

  it.each(BAD_INPUTS)('returns [] for unusable input %j', (bad) => {
    expect(parseNeighbours(bad)).toEqual([]);
  });
});

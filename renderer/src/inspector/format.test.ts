import { describe, expect, it } from 'vitest';
import type { ConntrackEntry, RouteInfo } from '../../../electron/lab/inspect/types';
import { compactCount, bytesText, groupRoutesByTable, hostPeerText, natText, routeText, ruleText, sharingText, tupleText } from './format';

const route = (patch: Partial<RouteInfo>): RouteInfo => ({ table: 'main', type: 'unicast', dst: 'default', flags: [], ...patch });

describe('inspector formatting', () => {
  it('writes routes as ip route does', () => {
    expect(routeText(route({ gateway: '10.98.1.1', dev: 'eth0' }))).toBe('default via 10.98.1.1 dev eth0');
    expect(routeText(route({ dst: '10.98.1.0/24', dev: 'eth0', protocol: 'kernel', scope: 'link', prefsrc: '10.98.1.10' }))).toBe('10.98.1.0/24 dev eth0 proto kernel scope link src 10.98.1.10');
    expect(routeText(route({ table: 'local', type: 'broadcast', dst: '10.98.1.255', dev: 'eth0', flags: ['linkdown'] }))).toBe('broadcast 10.98.1.255 dev eth0 linkdown');
  });

  it('groups routes: main first, numbered tables, then local and default', () => {
    const groups = groupRoutesByTable([route({ table: 'local' }), route({ table: '100' }), route({ table: 'main' }), route({ table: 'default' }), route({ table: 'main', dst: '10.0.0.0/8' })]);
    expect(groups.map((g) => [g.table, g.routes.length])).toEqual([['main', 2], ['100', 1], ['local', 1], ['default', 1]]);
  });

  it('writes policy rules as ip rule does', () => {
    expect(ruleText({ priority: 0, not: false, from: 'all', action: 'lookup', table: 'local' })).toBe('from all lookup local');
    expect(ruleText({ priority: 100, not: true, from: '10.0.0.0/8', fwmark: '0x1', action: 'unreachable' })).toBe('not from 10.0.0.0/8 fwmark 0x1 unreachable');
  });

  it("names a veth's host end and its bridge", () => {
    expect(hostPeerText({ hostPeer: { name: 'vethb10b71c', bridge: 'br-54fa4e9c64cc', network: 'lan' } })).toBe('↔ host vethb10b71c on br-54fa4e9c64cc (lan)');
    expect(hostPeerText({ hostPeer: { name: 'veth1' } })).toBe('↔ host veth1');
    expect(hostPeerText({})).toBeUndefined();
    expect(sharingText({ sharedWith: ['b', 'host'] })).toBe('shared with b, host');
    expect(sharingText({ sharedWith: [] })).toBe('own');
  });

  it('writes conntrack tuples, and NAT only when the reply is not the mirror', () => {
    const entry = (reply: ConntrackEntry['reply']): ConntrackEntry => ({
      family: 'ipv4', proto: 'tcp', timeout: 30, state: 'ESTABLISHED', assured: true, unreplied: false,
      original: { src: '10.0.0.2', dst: '10.0.0.3', sport: 40000, dport: 80 }, reply,
    });
    expect(tupleText({ src: '10.0.0.2', dst: '10.0.0.3', sport: 40000, dport: 80 })).toBe('10.0.0.2:40000 → 10.0.0.3:80');
    expect(tupleText({ src: '10.0.0.2', dst: '10.0.0.3', icmpType: 8, icmpCode: 0, icmpId: 12 })).toBe('10.0.0.2 → 10.0.0.3 echo #12');
    expect(natText(entry({ src: '10.0.0.3', dst: '10.0.0.2', sport: 80, dport: 40000 }))).toBeUndefined();
    expect(natText(entry({ src: '172.17.0.5', dst: '10.0.0.2', sport: 8080, dport: 40000 }))).toBe('reply 172.17.0.5:8080 → 10.0.0.2:40000');
  });

  it('keeps counters short', () => {
    expect(compactCount(950)).toBe('950');
    expect(compactCount(12_345)).toBe('12k');
    expect(compactCount(4_500_000)).toBe('4.5M');
    expect(bytesText(512)).toBe('512 B');
    expect(bytesText(1_500)).toBe('1.5 kB');
  });
});

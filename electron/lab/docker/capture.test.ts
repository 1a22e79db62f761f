import { describe, expect, it } from 'vitest';
import { parseIpAddrJson } from './capture';

// `ip -j -d addr show` as iproute2 prints it (fields trimmed to the interesting ones, plus
// a few of the rest so the parser is seen to ignore them).

const loopback = {
  ifindex: 1, ifname: 'lo', flags: ['LOOPBACK', 'UP', 'LOWER_UP'], mtu: 65536, qdisc: 'noqueue', operstate: 'UNKNOWN', group: 'default',
  txqlen: 1000, link_type: 'loopback', address: '00:00:00:00:00:00', broadcast: '00:00:00:00:00:00', promiscuity: 0,
  addr_info: [
    { family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host', label: 'lo', valid_life_time: 4294967295, preferred_life_time: 4294967295 },
    { family: 'inet6', local: '::1', prefixlen: 128, scope: 'host', valid_life_time: 4294967295, preferred_life_time: 4294967295 },
  ],
};

/** The engine host, as the agent sees it in the host namespace: a bridge and one of its ports. */
const hostNamespace = [
  loopback,
  {
    ifindex: 2, ifname: 'eth0', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, qdisc: 'fq_codel', operstate: 'UP',
    link_type: 'ether', address: '52:54:00:12:34:56', broadcast: 'ff:ff:ff:ff:ff:ff',
    addr_info: [{ family: 'inet', local: '192.168.1.10', prefixlen: 24, broadcast: '192.168.1.255', scope: 'global', dynamic: true, label: 'eth0' }],
  },
  {
    ifindex: 5, ifname: 'br-3f2a1b4c5d6e', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, qdisc: 'noqueue', operstate: 'UP',
    link_type: 'ether', address: '02:42:5E:A1:0B:01', broadcast: 'ff:ff:ff:ff:ff:ff', promiscuity: 0,
    linkinfo: { info_kind: 'bridge', info_data: { forward_delay: 1500, hello_time: 200, max_age: 2000, stp_state: 0, priority: 32768, vlan_filtering: 0 } },
    addr_info: [
      { family: 'inet', local: '172.18.0.1', prefixlen: 16, broadcast: '172.18.255.255', scope: 'global', label: 'br-3f2a1b4c5d6e' },
      { family: 'inet6', local: 'fe80::42:5eff:fea1:b01', prefixlen: 64, scope: 'link' },
    ],
  },
  {
    ifindex: 7, link_index: 6, ifname: 'veth9c1d2e3', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, qdisc: 'noqueue',
    master: 'br-3f2a1b4c5d6e', operstate: 'UP', link_type: 'ether', address: 'A6:5B:1C:2D:3E:4F', broadcast: 'ff:ff:ff:ff:ff:ff', link_netnsid: 1,
    linkinfo: { info_kind: 'veth', info_slave_kind: 'bridge', info_slave_data: { state: 'forwarding', priority: 32, cost: 2 } },
    addr_info: [{ family: 'inet6', local: 'fe80::a45b:1cff:fe2d:3e4f', prefixlen: 64, scope: 'link' }],
  },
];

/** A container (a router) on two networks, one interface with a secondary address, one down without addresses. */
const containerNamespace = [
  loopback,
  {
    ifindex: 6, link_index: 7, ifname: 'eth0', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, qdisc: 'noqueue', operstate: 'UP',
    link_type: 'ether', address: '02:42:AC:12:00:02', broadcast: 'ff:ff:ff:ff:ff:ff', link_netnsid: 0,
    linkinfo: { info_kind: 'veth' },
    addr_info: [
      { family: 'inet', local: '172.18.0.2', prefixlen: 16, broadcast: '172.18.255.255', scope: 'global', label: 'eth0' },
      { family: 'inet', local: '172.18.9.9', prefixlen: 32, scope: 'global', secondary: true, label: 'eth0' },
    ],
  },
  {
    ifindex: 12, link_index: 13, ifname: 'eth1', flags: ['BROADCAST', 'MULTICAST'], mtu: 1500, operstate: 'DOWN',
    link_type: 'ether', address: '02:42:ac:13:00:02', link_netnsid: 0, linkinfo: { info_kind: 'veth' },
  },
  {
    ifindex: 3, ifname: 'tunl0', flags: ['NOARP'], mtu: 1480, operstate: 'DOWN', link_type: 'ipip', address: '0.0.0.0',
    linkinfo: { info_kind: 'ipip', info_data: { proto: 'ipip', remote: 'any', local: 'any', ttl: 0, pmtudisc: true } },
  },
  { ifindex: 20, ifname: 'dummy0', flags: ['BROADCAST', 'NOARP'], mtu: 1500, operstate: 'DOWN' },
];

describe('parseIpAddrJson', () => {
  it('reads the host namespace: the uplink, a bridge and a bridge port, without loopback', () => {
    expect(parseIpAddrJson(JSON.stringify(hostNamespace))).toEqual([
      { name: 'eth0', index: 2, mac: '52:54:00:12:34:56', kind: '', master: undefined, linkIndex: undefined, addresses: ['192.168.1.10/24'] },
      { name: 'br-3f2a1b4c5d6e', index: 5, mac: '02:42:5e:a1:0b:01', kind: 'bridge', master: undefined, linkIndex: undefined, addresses: ['172.18.0.1/16'] },
      { name: 'veth9c1d2e3', index: 7, mac: 'a6:5b:1c:2d:3e:4f', kind: 'veth', master: 'br-3f2a1b4c5d6e', linkIndex: 6, addresses: [] },
    ]);
  });

  it("reads a container's interfaces: veth peers, every IPv4 address with its prefix, interfaces without addresses", () => {
    expect(parseIpAddrJson(JSON.stringify(containerNamespace))).toEqual([
      { name: 'eth0', index: 6, mac: '02:42:ac:12:00:02', kind: 'veth', master: undefined, linkIndex: 7, addresses: ['172.18.0.2/16', '172.18.9.9/32'] },
      { name: 'eth1', index: 12, mac: '02:42:ac:13:00:02', kind: 'veth', master: undefined, linkIndex: 13, addresses: [] },
      { name: 'tunl0', index: 3, mac: '0.0.0.0', kind: 'ipip', master: undefined, linkIndex: undefined, addresses: [] },
      { name: 'dummy0', index: 20, mac: '', kind: '', master: undefined, linkIndex: undefined, addresses: [] },
    ]);
  });

  it('drops loopback by its link type, whatever it is called', () => {
    const renamed = { ...loopback, ifname: 'lo0', ifindex: 9 };
    expect(parseIpAddrJson(JSON.stringify([renamed]))).toEqual([]);
  });

  it('lower-cases MACs so they compare with the decoder’s', () => {
    const [iface] = parseIpAddrJson(JSON.stringify([{ ifindex: 4, ifname: 'eth0', link_type: 'ether', address: 'DE:AD:BE:EF:0A:FF' }]));
    expect(iface.mac).toBe('de:ad:be:ef:0a:ff');
  });

  it('pairs a host veth with its container end through link_index and ifindex', () => {
    const [hostVeth] = parseIpAddrJson(JSON.stringify(hostNamespace)).filter((i) => i.kind === 'veth');
    const [eth0] = parseIpAddrJson(JSON.stringify(containerNamespace));
    expect(hostVeth.linkIndex).toBe(eth0.index);
    expect(eth0.linkIndex).toBe(hostVeth.index);
  });

  it('keeps the order iproute2 printed', () => {
    expect(parseIpAddrJson(JSON.stringify(containerNamespace)).map((i) => i.name)).toEqual(['eth0', 'eth1', 'tunl0', 'dummy0']);
  });

  it('reads an empty list, and throws on output that is not JSON (the caller falls back to no interfaces)', () => {
    expect(parseIpAddrJson('[]')).toEqual([]);
    expect(() => parseIpAddrJson('')).toThrow();
    expect(() => parseIpAddrJson('Object "addr" is unknown, try "ip help".')).toThrow();
  });
});

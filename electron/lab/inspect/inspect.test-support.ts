// Hand-written sections as the inspect script prints them for a lab router `r1`
// (Debian bookworm sidecar: iproute2 6.1, iptables 1.8.9 nft, procps 4.0.2). The JSON
// keeps the shapes and some of the noise iproute2 6.1 prints, so the parsers are shown
// to pick their fields out of real output rather than out of tidy objects.
import { sectionMarker } from './sections';

const linkNoise = {
  qdisc: 'noqueue',
  linkmode: 'DEFAULT',
  group: 'default',
  txqlen: 1000,
  broadcast: 'ff:ff:ff:ff:ff:ff',
  promiscuity: 0,
  allmulti: 0,
  min_mtu: 68,
  max_mtu: 65535,
  inet6_addr_gen_mode: 'eui64',
  num_tx_queues: 1,
  num_rx_queues: 1,
  gso_max_size: 65536,
  gso_max_segs: 65535,
};

/** `ip -j -d link show` in the container: its peers and parents live in the host (netnsid 0). */
export const LINKS = [
  { ifindex: 1, ifname: 'lo', flags: ['LOOPBACK', 'UP', 'LOWER_UP'], mtu: 65536, ...linkNoise, operstate: 'UNKNOWN', link_type: 'loopback', address: '00:00:00:00:00:00' },
  { ifindex: 2, ifname: 'dummy0', flags: ['BROADCAST', 'NOARP'], mtu: 1500, ...linkNoise, operstate: 'DOWN', link_type: 'ether', address: '62:85:f5:39:73:83', linkinfo: { info_kind: 'dummy' } },
  {
    ifindex: 7, link_index: 12, ifname: 'eth0', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, ...linkNoise, operstate: 'UP', link_type: 'ether',
    address: '02:42:ac:12:00:02', link_netnsid: 0, linkinfo: { info_kind: 'veth' },
  },
  {
    ifindex: 9, link_index: 14, ifname: 'eth1', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, ...linkNoise, operstate: 'UP', link_type: 'ether',
    address: '02:42:0a:01:00:01', link_netnsid: 0, linkinfo: { info_kind: 'veth' },
  },
  {
    ifindex: 10, link_index: 2, ifname: 'mv0', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, ...linkNoise, operstate: 'UP', link_type: 'ether',
    address: 'd2:22:3b:89:01:e2', link_netnsid: 0, linkinfo: { info_kind: 'macvlan', info_data: { mode: 'bridge', bcqueuelen: 1000, usedbcqueuelen: 1000 } },
  },
  {
    ifindex: 11, link_index: 3, ifname: 'ipv0', flags: ['BROADCAST', 'MULTICAST', 'NOARP', 'UP', 'LOWER_UP'], mtu: 1500, ...linkNoise, operstate: 'UNKNOWN', link_type: 'ether',
    address: '02:fc:00:00:00:01', link_netnsid: 0, linkinfo: { info_kind: 'ipvlan', info_data: { mode: 'l2', bridge: true } },
  },
  {
    ifindex: 13, ifname: 'br0', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1450, ...linkNoise, operstate: 'UP', link_type: 'ether', address: '56:f8:a5:d9:61:21',
    linkinfo: { info_kind: 'bridge', info_data: { forward_delay: 1500, hello_time: 200, stp_state: 0, priority: 32768, vlan_filtering: 0, bridge_id: '8000.56:f8:a5:d9:61:21', gc_timer: 0.07, group_fwd_mask: '0' } },
  },
  {
    ifindex: 14, ifname: 'vx42', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1450, ...linkNoise, master: 'br0', operstate: 'UNKNOWN', link_type: 'ether', address: '6e:dd:08:08:18:87',
    linkinfo: {
      info_kind: 'vxlan',
      info_data: { id: 42, remote: '192.0.2.9', local: '172.18.0.2', link: 'eth0', port_range: { low: 0, high: 0 }, port: 4789, learning: true, ttl: 0, df: 'unset', ageing: 300, udp_csum: true },
      info_slave_kind: 'bridge',
      info_slave_data: { state: 'forwarding', priority: 32, cost: 100, hairpin: false, learning: true, flood: true, id: '0x8001', no: '0x1', proxy_arp: false, isolated: false },
    },
  },
  {
    ifindex: 15, ifname: 'vx6', flags: ['BROADCAST', 'MULTICAST'], mtu: 1430, ...linkNoise, operstate: 'DOWN', link_type: 'ether', address: '0e:0a:b1:be:02:ee',
    linkinfo: { info_kind: 'vxlan', info_data: { id: 7, group6: 'ff05::100', local6: 'fd00:1::1', link: 'eth1', port_range: { low: 0, high: 0 }, port: 4789, learning: true } },
  },
  // A veth pair with both ends here: ip names the peer (`link`) instead of giving its index.
  { ifindex: 4, link: 've-a', ifname: 've-b', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, ...linkNoise, operstate: 'UP', link_type: 'ether', address: '46:ff:13:53:c5:cd', linkinfo: { info_kind: 'veth' } },
  { ifindex: 3, link: 've-b', ifname: 've-a', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, ...linkNoise, operstate: 'UP', link_type: 'ether', address: 'ba:1f:fd:c3:b8:ec', linkinfo: { info_kind: 'veth' } },
];

const lifetimes = { valid_life_time: 4294967295, preferred_life_time: 4294967295 };

/** `ip -j addr show`: the same devices, with addr_info and without link info. */
export const ADDRS = [
  {
    ifindex: 1, ifname: 'lo', flags: ['LOOPBACK', 'UP', 'LOWER_UP'], mtu: 65536, operstate: 'UNKNOWN', link_type: 'loopback', address: '00:00:00:00:00:00',
    addr_info: [
      { family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host', label: 'lo', ...lifetimes },
      { family: 'inet6', local: '::1', prefixlen: 128, scope: 'host', ...lifetimes },
    ],
  },
  { ifindex: 2, ifname: 'dummy0', flags: ['BROADCAST', 'NOARP'], mtu: 1500, operstate: 'DOWN', link_type: 'ether', address: '62:85:f5:39:73:83', addr_info: [] },
  {
    ifindex: 7, link_index: 12, ifname: 'eth0', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, operstate: 'UP', link_type: 'ether', address: '02:42:ac:12:00:02', link_netnsid: 0,
    addr_info: [{ family: 'inet', local: '172.18.0.2', prefixlen: 16, broadcast: '172.18.255.255', scope: 'global', label: 'eth0', ...lifetimes }],
  },
  {
    ifindex: 9, link_index: 14, ifname: 'eth1', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, operstate: 'UP', link_type: 'ether', address: '02:42:0a:01:00:01', link_netnsid: 0,
    addr_info: [
      { family: 'inet', local: '10.1.0.1', prefixlen: 24, broadcast: '10.1.0.255', scope: 'global', label: 'eth1', ...lifetimes },
      { family: 'inet6', local: 'fd00:1::1', prefixlen: 64, scope: 'global', nodad: true, ...lifetimes },
      { family: 'inet6', local: 'fe80::42:aff:fe01:1', prefixlen: 64, scope: 'link', ...lifetimes },
    ],
  },
  {
    ifindex: 10, link_index: 2, ifname: 'mv0', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, operstate: 'UP', link_type: 'ether', address: 'd2:22:3b:89:01:e2', link_netnsid: 0,
    addr_info: [{ family: 'inet', local: '192.168.50.10', prefixlen: 24, scope: 'global', label: 'mv0', ...lifetimes }],
  },
  { ifindex: 13, ifname: 'br0', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1450, operstate: 'UP', link_type: 'ether', address: '56:f8:a5:d9:61:21', addr_info: [{ family: 'inet', local: '10.42.0.1', prefixlen: 24, scope: 'global', label: 'br0', ...lifetimes }] },
];

/** `ip -j route show table all`: the kernel dumps table 100 before main, and IPv6 after IPv4. */
export const ROUTES = [
  { dst: 'default', gateway: '10.1.0.254', dev: 'eth1', table: '100', flags: [] },
  { dst: 'default', gateway: '172.18.0.1', dev: 'eth0', flags: [] },
  { dst: '10.1.0.0/24', dev: 'eth1', protocol: 'kernel', scope: 'link', prefsrc: '10.1.0.1', flags: [] },
  { dst: '10.2.0.0/24', gateway: '10.1.0.2', dev: 'eth1', protocol: 'static', metric: 100, flags: ['onlink'] },
  { dst: '10.70.0.0/16', flags: [], nexthops: [{ gateway: '10.1.0.2', dev: 'eth1', weight: 1, flags: [] }, { gateway: '172.18.0.9', dev: 'eth0', weight: 2, flags: [] }] },
  { dst: '10.80.0.0/16', via: { family: 'inet6', host: 'fe80::1' }, dev: 'eth1', flags: [] },
  { dst: '172.18.0.0/16', dev: 'eth0', protocol: 'kernel', scope: 'link', prefsrc: '172.18.0.2', flags: [] },
  { type: 'blackhole', dst: '10.66.0.0/16', flags: [] },
  { type: 'unreachable', dst: '10.67.0.0/16', metric: 5, flags: [] },
  { dst: '10.9.0.0/16', gateway: '10.1.0.3', dev: 'eth1', table: '7', flags: ['linkdown'] },
  { type: 'local', dst: '10.1.0.1', dev: 'eth1', table: 'local', protocol: 'kernel', scope: 'host', prefsrc: '10.1.0.1', flags: [] },
  { type: 'broadcast', dst: '10.1.0.255', dev: 'eth1', table: 'local', protocol: 'kernel', scope: 'link', prefsrc: '10.1.0.1', flags: [] },
  { type: 'local', dst: '127.0.0.0/8', dev: 'lo', table: 'local', protocol: 'kernel', scope: 'host', prefsrc: '127.0.0.1', flags: [] },
  { dst: 'fd00:1::/64', dev: 'eth1', protocol: 'kernel', metric: 256, flags: [], pref: 'medium' },
  { dst: 'fe80::/64', dev: 'eth1', protocol: 'kernel', metric: 256, flags: [], pref: 'medium' },
  { type: 'local', dst: '::1', dev: 'lo', table: 'local', protocol: 'kernel', metric: 0, flags: [], pref: 'medium' },
  { type: 'multicast', dst: 'ff00::/8', dev: 'eth1', table: 'local', protocol: 'kernel', metric: 256, flags: [], pref: 'medium' },
];

/** `ip -j rule show`, as iproute2 6.1 prints each kind of selector and action. */
export const RULES = [
  { priority: 0, src: 'all', table: 'local' },
  { priority: 5, src: 'all', fwmark: '0x10', fwmask: '0xff', table: '5' },
  { priority: 6, src: 'all', uid_start: 1000, uid_end: 2000, table: '6' },
  { priority: 7, src: 'all', sport_start: 1000, sport_end: 2000, table: '7' },
  { priority: 8, src: 'all', tos: '0x10', table: '8' },
  { priority: 9, src: 'all', nop: null },
  { priority: 50, src: '1.2.3.4', goto: 32766 },
  { priority: 51, src: '1.2.3.5', table: 'main', suppress_prefixlen: 0 },
  { priority: 100, src: '10.1.0.0', srclen: 24, table: '100' },
  { priority: 200, src: 'all', fwmark: '0x1', table: '200' },
  { priority: 300, src: 'all', dst: '10.9.0.0', dstlen: 16, iif: 'eth1', oif: 'eth0', ipproto: 'tcp', dport: 80, table: '300' },
  { priority: 301, not: null, src: '10.2.0.0', srclen: 16, action: 'prohibit' },
  { priority: 1000, src: 'all', l3mdev: null },
  { priority: 32766, src: 'all', table: 'main' },
  { priority: 32767, src: 'all', table: 'default' },
];

/** `ip -j neigh show`: `router` is printed as `"router": null`. */
export const NEIGH = [
  { dst: '172.18.0.1', dev: 'eth0', lladdr: '02:42:c5:63:ce:92', state: ['REACHABLE'] },
  { dst: '10.1.0.8', dev: 'eth1', state: ['FAILED'] },
  { dst: '10.1.0.2', dev: 'eth1', lladdr: '02:42:0a:01:00:02', router: null, state: ['STALE'] },
  { dst: 'fe80::1', dev: 'eth1', lladdr: '02:00:00:00:00:01', router: null, state: ['PERMANENT'] },
];

/** `ss -H -tunap` with ss's own column padding. */
export const SOCKETS = [
  'udp   UNCONN 0      0             127.0.0.11:45000      0.0.0.0:*                                    ',
  'udp   UNCONN 0      0             0.0.0.0%eth1:68       0.0.0.0:*    users:(("dhclient",pid=31,fd=7))',
  'udp   UNCONN 0      0                      *:5353             *:*    users:(("avahi daemon",pid=40,fd=12))',
  'udp   UNCONN 0      0     [fe80::42:aff:fe01:1]%eth1:546     [::]:*    users:(("dhclient",pid=31,fd=9))',
  'tcp   LISTEN 0      4096             0.0.0.0:8080       0.0.0.0:*    users:(("nc",pid=12,fd=3))',
  'tcp   LISTEN 0      511              0.0.0.0:80         0.0.0.0:*    users:(("nginx",pid=22,fd=6),("nginx",pid=21,fd=6))',
  'tcp   LISTEN 0      128                 [::]:22            [::]:*    users:(("sshd",pid=15,fd=4))',
  'tcp   LISTEN 0      128                    *:443              *:*    users:(("caddy",pid=16,fd=7))',
  'tcp   ESTAB  0      36    [::ffff:10.1.0.1]:22 [::ffff:10.1.0.3]:50000 users:(("sshd",pid=44,fd=4))',
  'tcp   ESTAB  100    0             10.1.0.1:40000      10.2.0.7:80     users:(("curl",pid=50,fd=5))',
  'tcp   TIME-WAIT 0   0             10.1.0.1:39998      10.2.0.7:80',
  'tcp   SYN-SENT 0    1             10.1.0.1:41000      10.9.0.9:443    users:(("curl",pid=51,fd=5))',
].join('\n');

/** `iptables-save -c` inside a container on a user-defined network: Docker's DNS redirection. */
export const IPTABLES = [
  '# Generated by iptables-save v1.8.9 (nf_tables) on Sat Nov 21 07:00:00 2026',
  '*nat',
  ':PREROUTING ACCEPT [0:0]',
  ':INPUT ACCEPT [0:0]',
  ':OUTPUT ACCEPT [12:840]',
  ':POSTROUTING ACCEPT [12:840]',
  ':DOCKER_OUTPUT - [0:0]',
  ':DOCKER_POSTROUTING - [0:0]',
  '[6:420] -A OUTPUT -d 127.0.0.11/32 -j DOCKER_OUTPUT',
  '[6:420] -A POSTROUTING -d 127.0.0.11/32 -j DOCKER_POSTROUTING',
  '[0:0] -A DOCKER_OUTPUT -d 127.0.0.11/32 -p tcp -m tcp --dport 53 -j DNAT --to-destination 127.0.0.11:39527',
  '[6:420] -A DOCKER_OUTPUT -d 127.0.0.11/32 -p udp -m udp --dport 53 -j DNAT --to-destination 127.0.0.11:45000',
  '[0:0] -A DOCKER_POSTROUTING -s 127.0.0.11/32 -p tcp -m tcp --sport 39527 -j SNAT --to-source :53',
  '[6:420] -A DOCKER_POSTROUTING -s 127.0.0.11/32 -p udp -m udp --sport 45000 -j SNAT --to-source :53',
  'COMMIT',
  '# Completed on Sat Nov 21 07:00:00 2026',
  '# Generated by iptables-save v1.8.9 (nf_tables) on Sat Nov 21 07:00:00 2026',
  '*filter',
  ':INPUT ACCEPT [120:9600]',
  ':FORWARD DROP [3:180]',
  ':OUTPUT ACCEPT [98:7840]',
  ':LAB - [0:0]',
  '[40:3360] -A INPUT -i lo -j ACCEPT',
  '[2:120] -A INPUT -p tcp -m tcp --dport 22 -m comment --comment "ssh -j DROP is not the target" -j LAB',
  '[9:756] -A FORWARD -i eth1 -o eth0 -g LAB',
  '[1:60] -A FORWARD -s 10.66.0.0/16',
  '[2:120] -A LAB -p tcp -j REJECT --reject-with tcp-reset',
  'COMMIT',
  '# Completed on Sat Nov 21 07:00:00 2026',
].join('\n');

export const NFT = '{"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}}, {"table": {"family": "ip", "name": "nat", "handle": 1}}]}';

/** The sysctls section: values are printed as /proc/sys holds them (tabs inside ranges). */
export const SYSCTLS = [
  'net.ipv4.ip_forward = 1',
  'net.ipv4.conf.all.rp_filter = 0',
  'net.ipv4.conf.default.rp_filter = 2',
  'net.ipv4.conf.all.forwarding = 1',
  'net.ipv6.conf.all.forwarding = 0',
  'net.ipv4.ip_local_port_range = 32768\t60999',
  'net.ipv4.conf.all.arp_ignore = 0',
  'net.ipv4.conf.all.proxy_arp = 0',
  'net.ipv4.ping_group_range = 0\t2147483647',
  'net.ipv4.icmp_echo_ignore_all = 0',
].join('\n');

/** The resolv.conf Docker Engine writes for a container on a user-defined network. */
export const RESOLV = [
  '# Generated by Docker Engine.',
  '# This file can be edited; Docker Engine will not make further changes once it',
  '# has been modified.',
  '',
  'nameserver 127.0.0.11',
  'search lab.internal',
  'options ndots:0',
  '',
  "# Based on host file: '/etc/resolv.conf' (internal resolver)",
  '# ExtServers: [host(127.0.0.53) 192.168.65.7]',
  '# Overrides: []',
  '# Option ndots from: internal',
].join('\n');

export const HOSTS = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', '172.18.0.2\tr1'].join('\n');

export const NAMESPACES = [
  'net=net:[4026532305]',
  'pid=pid:[4026532303]',
  'mnt=mnt:[4026532301]',
  'uts=uts:[4026532302]',
  'ipc=ipc:[4026532304]',
  'user=user:[4026531837]',
  'cgroup=cgroup:[4026532306]',
  'time=time:[4026531834]',
].join('\n');

/**
 * The processes section: `self=` names the script's shell (pid 60), which ps lists with
 * its subshell (61) and ps itself (62), all of which the parser drops.
 */
export const PROCESSES = [
  'self=60',
  '      1       0 root     tini            /sbin/tini -- /usr/local/bin/lab-agent',
  '      7       1 root     lab-agent       /usr/local/bin/lab-agent --listen 0.0.0.0:8080',
  '     12       7 nobody   nc              nc -lk -p 8080',
  '     22       1 systemd+ my worker       /usr/bin/python3 -m worker --name "my worker"',
  '     60       0 root     sh              sh -c emit() { printf ... }',
  '     61      60 root     sh              sh -c emit() { printf ... }',
  '     62      61 root     ps              ps -ww -eo pid=,ppid=,user=,comm=,args=',
].join('\n');

export const CONNTRACK = [
  'ipv4     2 tcp      6 431999 ESTABLISHED src=10.1.0.3 dst=10.1.0.1 sport=50000 dport=22 src=10.1.0.1 dst=10.1.0.3 sport=22 dport=50000 [ASSURED] mark=0 zone=0 use=2',
  'ipv4     2 udp      17 28 src=10.1.0.1 dst=10.2.0.53 sport=45000 dport=53 packets=1 bytes=72 [UNREPLIED] src=10.2.0.53 dst=10.1.0.1 sport=53 dport=45000 packets=0 bytes=0 mark=0 zone=0 use=2',
  'ipv4     2 icmp     1 29 src=10.1.0.1 dst=10.2.0.7 type=8 code=0 id=77 src=10.2.0.7 dst=10.1.0.1 type=0 code=0 id=77 mark=0 zone=0 use=2',
  'ipv6     10 tcp      6 119 TIME_WAIT src=fd00:0001:0000:0000:0000:0000:0000:0001 dst=fd00:0002:0000:0000:0000:0000:0000:0007 sport=41000 dport=80 src=fd00:0002:0000:0000:0000:0000:0000:0007 dst=fd00:0001:0000:0000:0000:0000:0000:0001 sport=80 dport=41000 [ASSURED] mark=0 zone=0 use=2',
  'ipv4     2 tcp      6 117 SYN_SENT src=172.18.0.2 dst=203.0.113.5 sport=41500 dport=443 [UNREPLIED] src=203.0.113.5 dst=192.168.65.3 sport=443 dport=41500 mark=16 zone=0 use=2',
].join('\n');

export const json = (value: unknown): string => JSON.stringify(value);

/** Sections joined the way the inspect script prints them: marker line, output, newline. */
export function scriptOutput(sections: Record<string, string>): string {
  return Object.entries(sections)
    .map(([name, text]) => `${sectionMarker(name)}\n${text === '' ? '' : `${text}\n`}`)
    .join('');
}

/** Every section of r1, as one refresh prints them. */
export function fullOutput(overrides: Record<string, string> = {}): string {
  return scriptOutput({
    namespaces: NAMESPACES,
    links: json(LINKS),
    addrs: json(ADDRS),
    routes: json(ROUTES),
    rules: json(RULES),
    neigh: json(NEIGH),
    sockets: SOCKETS,
    iptables: IPTABLES,
    nft: NFT,
    sysctls: SYSCTLS,
    conntrack: CONNTRACK,
    processes: PROCESSES,
    resolv: RESOLV,
    hosts: HOSTS,
    ...overrides,
  });
}

// A small lab for the correlate and verdict tests, and helpers that say where a frame is
// seen on its way. Each container interface has a host-side veth (a bridge port) whose
// peer is that interface; the bridge device itself has no peer.
//
//   network lan (br-lan, 172.18.0.0/16):   client 172.18.0.2 · server 172.18.0.3
//   network left (br-left, 10.1.0.0/24):   pc 10.1.0.2 · r1 eth0 10.1.0.254
//   network right (br-right, 10.2.0.0/24): r1 eth1 10.2.0.254 · web 10.2.0.3
//   network other (br-other, 172.19.0.0/16): db 172.19.0.4 (isolated from lan by Docker)
//
// And a lab across two virtual hosts (Docker engines in containers), whose eth0 are on
// the outer engine's bridge br-underlay; an overlay joins a container on each as VXLAN:
//
//   network underlay (br-underlay, 10.72.0.0/24): host1 eth0 10.72.0.11 · host2 eth0 10.72.0.12
//   network ov (overlay, VNI 4096, 10.0.9.0/24):   alpha 10.0.9.2 on host1 · beta 10.0.9.3 on host2
import { arp, BROADCAST, concat, echoReply, echoRequest, ethernet, icmp, ipv4Frame, tcp, udp, vxlanFrame, type Bytes } from './frames.test-support';
import type { Sighting, TraceProbe } from './types';

/** A container's interface and the host-side veth that is its bridge port. */
export interface Nic {
  node: string;
  iface: string;
  mac: string;
  ip: string;
  network: string;
  veth: string;
  vethMac: string;
}

/** A bridge device on the engine host (the network's gateway). */
export interface Bridge {
  name: string;
  mac: string;
  ip: string;
  network: string;
}

/** Where a capture sees a frame: everything of a Sighting but the time and the bytes. */
export type Vantage = Omit<Sighting, 'timeMicros' | 'data'>;

const nic = (node: string, iface: string, ip: string, network: string, n: number): Nic => ({
  node, iface, ip, network, mac: `02:42:00:00:00:${n.toString(16).padStart(2, '0')}`, veth: `veth${node}${iface.slice(-1)}`, vethMac: `a6:00:00:00:00:${n.toString(16).padStart(2, '0')}`,
});

export const LAN: Bridge = { name: 'br-lan', mac: '02:42:5e:00:00:01', ip: '172.18.0.1', network: 'lan' };
export const CLIENT = nic('client', 'eth0', '172.18.0.2', 'lan', 0x02);
export const SERVER = nic('server', 'eth0', '172.18.0.3', 'lan', 0x03);

export const LEFT: Bridge = { name: 'br-left', mac: '02:42:5e:00:01:01', ip: '10.1.0.1', network: 'left' };
export const RIGHT: Bridge = { name: 'br-right', mac: '02:42:5e:00:02:01', ip: '10.2.0.1', network: 'right' };
export const PC = nic('pc', 'eth0', '10.1.0.2', 'left', 0x12);
export const R1_LEFT = nic('r1', 'eth0', '10.1.0.254', 'left', 0x1e);
export const R1_RIGHT = nic('r1', 'eth1', '10.2.0.254', 'right', 0x2e);
export const WEB = nic('web', 'eth0', '10.2.0.3', 'right', 0x23);

export const OTHER: Bridge = { name: 'br-other', mac: '02:42:5e:00:03:01', ip: '172.19.0.1', network: 'other' };
export const DB = nic('db', 'eth0', '172.19.0.4', 'other', 0x34);

export const UNDERLAY: Bridge = { name: 'br-underlay', mac: '02:42:48:00:00:01', ip: '10.72.0.1', network: 'underlay' };
/** A virtual host's underlay interface, and its port on br-underlay in the outer engine (atNode, atVeth). */
export const HOST1 = nic('host1', 'eth0', '10.72.0.11', 'underlay', 0x4b);
export const HOST2 = nic('host2', 'eth0', '10.72.0.12', 'underlay', 0x4c);
export const OVERLAY_VNI = 4096;
export const ALPHA = nic('alpha', 'eth0', '10.0.9.2', 'ov', 0x92);
export const BETA = nic('beta', 'eth0', '10.0.9.3', 'ov', 0x93);

/** The engine host's own uplink (no peer: not a bridge port). */
export const UPLINK: Vantage = { place: 'host', iface: 'eth0', ifaceMac: '52:54:00:12:34:56' };
export const UPLINK_IP = '192.168.1.10';
export const UPSTREAM_MAC = '52:54:00:ff:ff:01';

export const atNode = (n: Nic): Vantage => ({ place: n.node, iface: n.iface, ifaceMac: n.mac, network: n.network });
export const atVeth = (n: Nic): Vantage => ({ place: 'host', iface: n.veth, ifaceMac: n.vethMac, peerMac: n.mac, network: n.network });
export const atBridge = (b: Bridge): Vantage => ({ place: 'host', iface: b.name, ifaceMac: b.mac, network: b.network });

/** Every capture point a frame passes from one container to another on the same bridge, in order. */
export const acrossBridge = (from: Nic, bridge: Bridge, to: Nic): Vantage[] => [atNode(from), atVeth(from), atBridge(bridge), atVeth(to), atNode(to)];

/**
 * `inner` (a frame of the overlay) as the virtual host `from` sends it to `to` over the
 * underlay: VXLAN to port 4789, the outer source port a hash of the inner flow.
 */
export const encapsulated = (from: Nic, to: Nic, inner: Uint8Array, vni = OVERLAY_VNI, srcPort = 38212): Uint8Array =>
  vxlanFrame({ vni, srcMac: from.mac, dstMac: to.mac, src: from.ip, dst: to.ip, srcPort, id: 0x7a00 }, inner);

export const seenAt = (vantage: Vantage, timeMicros: number, data: Uint8Array): Sighting => ({ ...vantage, timeMicros, data });

/** One frame seen at each vantage point, `stepMicros` apart (0: all in the same microsecond). */
export const seenAlong = (vantages: readonly Vantage[], startMicros: number, data: Uint8Array, stepMicros = 0): Sighting[] =>
  vantages.map((vantage, i) => seenAt(vantage, startMicros + i * stepMicros, data));

/** The probe's token (8 random bytes, as the engine makes it for ping -p). */
export const TOKEN = Uint8Array.from([0x5a, 0x17, 0xc3, 0x9e, 0x04, 0xb8, 0x61, 0xf2]);

export const probe = (over: Partial<TraceProbe> = {}): TraceProbe => ({
  protocol: 'icmp', from: 'client', targetIp: SERVER.ip, targetNode: 'server', token: TOKEN, ...over,
});

/**
 * A ping's payload as `ping -p` makes it: a 16-byte timestamp, then the pattern repeated.
 * One junk byte more puts the token at an odd offset.
 */
export const pingPayload = (token: Uint8Array = TOKEN): Uint8Array =>
  concat(Uint8Array.from({ length: 17 }, (_, i) => (i * 37 + 11) & 0xff), token, token.subarray(0, 3));

interface Link { srcMac: string; dstMac: string }

interface IpParts { src: string; dst: string; ttl?: number; id?: number }

const frame = (l2: Link, ip: IpParts, protocol: number, payload: Bytes): Uint8Array =>
  ipv4Frame({ protocol, src: ip.src, dst: ip.dst, ttl: ip.ttl ?? 64, id: ip.id ?? 0x3e81, dontFragment: true }, payload, { src: l2.srcMac, dst: l2.dstMac });

/** Layer 2 addresses of a frame from one interface to another (MACs of Nics or Bridges). */
export const l2 = (from: { mac: string }, to: { mac: string }): Link => ({ srcMac: from.mac, dstMac: to.mac });

export const pingFrame = (l: Link, ip: IpParts, id: number, seq: number, payload: Bytes = pingPayload()): Uint8Array =>
  frame(l, ip, 1, echoRequest(id, seq, payload));

export const pongFrame = (l: Link, ip: IpParts, id: number, seq: number, payload: Bytes = pingPayload()): Uint8Array =>
  frame(l, ip, 1, echoReply(id, seq, payload));

export const tcpFrame = (l: Link, ip: IpParts, segment: { srcPort: number; dstPort: number; seq: number; ack?: number; flags: string }): Uint8Array =>
  frame(l, ip, 6, tcp({ ...segment, src: ip.src, dst: ip.dst }));

export const udpFrame = (l: Link, ip: IpParts, srcPort: number, dstPort: number, payload: Bytes): Uint8Array =>
  frame(l, ip, 17, udp(srcPort, dstPort, payload, ip.src, ip.dst));

/**
 * An ICMP error from `ip.src` about `quoted` (an IP packet, see ipPacketOf), quoting its
 * header and the first 8 bytes after it, as routers do.
 */
export const icmpErrorFrame = (l: Link, ip: IpParts, type: number, code: number, quoted: Uint8Array): Uint8Array =>
  frame(l, ip, 1, icmp(type, code, [0, 0, 0, 0], quoted.subarray(0, 28)));

/** The IP packet inside an Ethernet frame (what an ICMP error quotes). */
export const ipPacketOf = (ethernetFrame: Uint8Array): Uint8Array => ethernetFrame.subarray(14);

export const arpWhoHas = (from: { mac: string; ip: string }, targetIp: string): Uint8Array =>
  ethernet({ dst: BROADCAST, src: from.mac, etherType: 0x0806 }, arp(1, from.mac, from.ip, '00:00:00:00:00:00', targetIp));

export const arpIsAt = (from: { mac: string; ip: string }, to: { mac: string; ip: string }): Uint8Array =>
  ethernet({ dst: to.mac, src: from.mac, etherType: 0x0806 }, arp(2, from.mac, from.ip, to.mac, to.ip));

// From every packet every capture saw to the probe's hop list (pure). A packet belongs
// to the probe when it carries the probe's token (ICMP and UDP payloads, echoed back in
// replies), when it is the probe's TCP connection (sequence numbers survive NAT), or
// when it is an ICMP error quoting one of those. ARP is kept: it explains stalls.
// A VXLAN-encapsulated frame (an overlay between hosts) is judged by the packet inside:
// that is what the hop describes, with the outer headers in its `encap`.
import { icmpTypeName, tcpFlagsText } from './packet-text';
import { decodeEthernet, innermostPacket, type DecodedPacket } from './packets';
import type { Hop, HopDirection, HopRole, Sighting, TraceProbe } from './types';

/** The place name of the engine host's namespace. */
export const HOST = 'host';

interface Decoded {
  sighting: Sighting;
  /** The frame as captured (outer headers, when encapsulated). */
  packet: DecodedPacket;
  /** The packet it carries: `packet` itself unless it is encapsulated. */
  inner: DecodedPacket;
  /** Index into the time-ordered sightings (the pcap export's order). */
  frame: number;
}

/**
 * Sightings ordered by time. Crossing a bridge or a router often takes under the clock's
 * microsecond, so ties are put in the order a frame takes: the higher TTL first (a
 * router decrements it; the inner packet's TTL for an encapsulated frame), then out of
 * the node, into the bridge port, the bridge itself, out of the other port, into the
 * other node. An encapsulated frame is between two nodes' hosts, so between leaving the
 * one node and entering the other, in the order of its own (outer) way.
 */
export function orderSightings(sightings: readonly Sighting[]): Sighting[] {
  const keyed = sightings.map((s) => {
    const packet = decodeEthernet(s.data);
    return { s, stage: stageOf(s, packet), ttl: innermostPacket(packet).ip?.ttl ?? 256 };
  });
  keyed.sort((a, b) => a.s.timeMicros - b.s.timeMicros || b.ttl - a.ttl || a.stage - b.stage);
  return keyed.map((k) => k.s);
}

/** 0 out of a node, 1 into a bridge port, 2 the bridge device (no peer), 3 out of a port, 4 into a node; 1.6–2.4 encapsulated. */
function stageOf(s: Sighting, packet: DecodedPacket): number {
  const out = directionOf(s, packet) === 'out';
  const stage = s.place !== HOST ? (out ? 0 : 4) : !s.peerMac ? 2 : out ? 3 : 1;
  return packet.vxlan ? 1.6 + stage / 5 : stage;
}

/** Which way the frame crosses the interface, by its (outer) Ethernet addresses. */
export function directionOf(s: Sighting, packet: DecodedPacket): HopDirection {
  const { src, dst } = packet.eth;
  if (src === s.ifaceMac) return 'out';
  if (dst === s.ifaceMac) return 'in';
  // A bridge port: frames from the container at its other end enter the bridge.
  if (s.peerMac) return src === s.peerMac ? 'in' : 'out';
  return 'in';
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  if (needle.length === 0 || haystack.length < needle.length) return false;
  outer: for (let i = 0; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** What the probe's connection looks like once its first packet is known. */
interface Conversation {
  icmpId?: number;
  udpSrcPort?: number;
  tcpIsn?: number;
  /** The ISN of the relayed connection (docker-proxy's own, to the container). */
  relayIsn?: number;
}

/** A packet of the probe: its role, and whether it belongs to a proxy's relayed connection. */
interface Belonging {
  role: HopRole;
  relayed?: boolean;
}

function roleOf(p: DecodedPacket, probe: TraceProbe, conv: Conversation): Belonging | undefined {
  const role = (r: HopRole | undefined): Belonging | undefined => (r ? { role: r } : undefined);
  if (p.tcp && probe.protocol === 'tcp' && conv.tcpIsn !== undefined) {
    const relayed = relayedTcp(p, probe, conv);
    if (relayed) return { role: relayed, relayed: true };
  }
  return role(plainRoleOf(p, probe, conv));
}

const near = (n: number, base: number) => ((n - base) >>> 0) <= 2;

/** The proxy's connection to the container: its SYN goes to a relay address after the probe's SYN. */
function relayedTcp(p: DecodedPacket, probe: TraceProbe, conv: Conversation): HopRole | undefined {
  const t = p.tcp!;
  if (conv.relayIsn === undefined) {
    const toRelay = probe.relays?.some((r) => r.ip === p.ip?.dst && r.port === t.dstPort);
    if (t.flags.syn && !t.flags.ack && toRelay) conv.relayIsn = t.seq;
    else return undefined;
  }
  const isn = conv.relayIsn;
  if (!(t.flags.syn && t.flags.ack) && near(t.seq, isn) && !near(t.seq, conv.tcpIsn!)) return 'request';
  if (t.flags.ack && near(t.ack, (isn + 1) >>> 0)) return 'reply';
  return undefined;
}

function plainRoleOf(p: DecodedPacket, probe: TraceProbe, conv: Conversation): HopRole | undefined {
  if (p.arp) return 'arp';
  if (p.icmp) {
    const { type } = p.icmp;
    if (type === 8 || type === 0) {
      if (probe.protocol !== 'icmp' || !contains(p.icmp.payload, probe.token)) return undefined;
      if (type === 8) conv.icmpId ??= p.icmp.id;
      return type === 8 ? 'request' : 'reply';
    }
    const quoted = p.icmp.embedded;
    if (!quoted) return undefined;
    if (quoted.icmp && conv.icmpId !== undefined && quoted.icmp.id === conv.icmpId) return 'error';
    if (quoted.udp && conv.udpSrcPort !== undefined && quoted.udp.srcPort === conv.udpSrcPort) return 'error';
    if (quoted.tcp && conv.tcpIsn !== undefined && quoted.tcp.seq === conv.tcpIsn) return 'error';
    return undefined;
  }
  if (p.udp && probe.protocol === 'udp') {
    if (contains(p.udp.payload, probe.token)) {
      // the first one is the request; one coming back carries the token too (an echo server)
      if (conv.udpSrcPort === undefined) conv.udpSrcPort = p.udp.srcPort;
      return p.udp.srcPort === conv.udpSrcPort ? 'request' : 'reply';
    }
    return undefined;
  }
  if (p.tcp && probe.protocol === 'tcp') {
    const t = p.tcp;
    if (conv.tcpIsn === undefined) {
      if (t.flags.syn && !t.flags.ack && t.dstPort === probe.port) conv.tcpIsn = t.seq;
      else return undefined;
    }
    const isn = conv.tcpIsn;
    if (!(t.flags.syn && t.flags.ack) && near(t.seq, isn)) return 'request';
    if (t.flags.ack && near(t.ack, (isn + 1) >>> 0)) return 'reply';
    return undefined;
  }
  return undefined;
}

function summaryOf(p: DecodedPacket): string {
  if (p.arp) {
    return p.arp.op === 'request' ? `ARP who-has ${p.arp.targetIp} tell ${p.arp.senderIp}` : `ARP ${p.arp.senderIp} is-at ${p.arp.senderMac}`;
  }
  if (p.icmp) {
    const ids = p.icmp.id !== undefined ? ` id ${p.icmp.id} seq ${p.icmp.seq}` : '';
    return `ICMP ${icmpTypeName(p.icmp.type, p.icmp.code)}${ids}`;
  }
  if (p.tcp) return `TCP ${p.tcp.srcPort} → ${p.tcp.dstPort} [${tcpFlagsText(p.tcp.flags)}]`;
  if (p.udp) return `UDP ${p.udp.srcPort} → ${p.udp.dstPort} (${p.udp.payload.length} bytes)`;
  return `ethertype 0x${p.eth.etherType.toString(16)}`;
}

/** The outer headers of an encapsulated frame, for its hop (undefined for a bare frame). */
function encapOf(p: DecodedPacket): Hop['encap'] {
  if (!p.vxlan || !p.ip || !p.udp) return undefined;
  return {
    vni: p.vxlan.vni, outerSrcIp: p.ip.src, outerDstIp: p.ip.dst, outerSrcMac: p.eth.src, outerDstMac: p.eth.dst,
    udpSrcPort: p.udp.srcPort, udpDstPort: p.udp.dstPort, outerTtl: p.ip.ttl,
  };
}

/** An encapsulated packet's summary says so first: 'VXLAN VNI 4096 10.72.0.11 → 10.72.0.12: ICMP echo request id 7 seq 1'. */
function encapSummary(encap: NonNullable<Hop['encap']>, inner: string): string {
  return `VXLAN VNI ${encap.vni} ${encap.outerSrcIp} → ${encap.outerDstIp}: ${inner}`;
}

function endpoints(p: DecodedPacket): { src: string; dst: string } | undefined {
  if (!p.ip) return undefined;
  const port = (n?: number) => (n === undefined ? '' : `:${n}`);
  const sport = p.tcp?.srcPort ?? p.udp?.srcPort;
  const dport = p.tcp?.dstPort ?? p.udp?.dstPort;
  return { src: `${p.ip.src}${port(sport)}`, dst: `${p.ip.dst}${port(dport)}` };
}

/** The probe's hops in time order, with NAT rewrites marked. */
export function correlate(sightings: readonly Sighting[], probe: TraceProbe): Hop[] {
  const ordered = orderSightings(sightings);
  const decoded: Decoded[] = ordered.map((sighting, frame) => {
    const packet = decodeEthernet(sighting.data);
    return { sighting, packet, inner: innermostPacket(packet), frame };
  });
  const conv: Conversation = {};
  const hops: Hop[] = [];
  const lastEnds = new Map<HopRole, { src: string; dst: string; relayed: boolean }>();
  let t0: number | undefined; // the first hop's time: frames that are not the probe do not count
  const relayNoted = new Set<HopRole>();
  for (const { sighting, packet, inner, frame } of decoded) {
    // the inner packet is what is compared (token, connection, NAT): the outer headers are only the way it travels
    const belonging = roleOf(inner, probe, conv);
    if (!belonging) continue;
    const { role } = belonging;
    const ends = endpoints(inner);
    let rewrite: string | undefined;
    const previous = lastEnds.get(role);
    if (ends && previous && role !== 'arp') {
      const changes: string[] = [];
      if (previous.dst !== ends.dst) changes.push(`destination ${previous.dst} → ${ends.dst}`);
      if (previous.src !== ends.src) changes.push(`source ${previous.src} → ${ends.src}`);
      if (changes.length && belonging.relayed && !previous.relayed && !relayNoted.has(role)) {
        relayNoted.add(role);
        rewrite = `relayed by docker-proxy: ${changes.join('; ')} (the proxy answers on the published port and opens its own connection to the container)`;
      } else if (changes.length && !!belonging.relayed === previous.relayed) {
        rewrite = `${changes.join('; ')} (${previous.dst !== ends.dst ? 'DNAT' : 'SNAT'})`;
      }
    }
    if (ends) lastEnds.set(role, { ...ends, relayed: !!belonging.relayed });
    t0 ??= sighting.timeMicros;
    const encap = encapOf(packet);
    hops.push({
      index: hops.length,
      timeMs: Math.round((sighting.timeMicros - t0) / 10) / 100,
      place: sighting.place,
      iface: sighting.iface,
      network: sighting.network,
      // on loopback every frame has the same (zero) MACs: the role says which way it goes
      direction: sighting.iface === 'lo' ? (role === 'request' ? 'out' : 'in') : directionOf(sighting, packet),
      role,
      srcMac: inner.eth.src,
      dstMac: inner.eth.dst,
      srcIp: inner.ip?.src ?? inner.arp?.senderIp,
      dstIp: inner.ip?.dst ?? inner.arp?.targetIp,
      ttl: inner.ip?.ttl,
      ipId: inner.ip?.id,
      summary: encap ? encapSummary(encap, summaryOf(inner)) : summaryOf(inner),
      rewrite,
      ...(encap ? { encap } : {}),
      frame,
    });
  }
  return hops;
}

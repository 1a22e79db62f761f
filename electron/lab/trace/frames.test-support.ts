// Frame builders shared by the trace tests: every header assembled byte by byte, with
// real checksums, so the decoder is fed what a NIC would put on the wire.

export const MAC_A = '02:42:0a:00:00:02';
export const MAC_B = '02:42:0a:00:00:03';
export const BROADCAST = 'ff:ff:ff:ff:ff:ff';
export const IP_A = '10.0.0.2';
export const IP_B = '10.0.0.3';

export type Bytes = number[] | Uint8Array;

export function concat(...parts: Bytes[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export const u16 = (value: number): number[] => [(value >> 8) & 0xff, value & 0xff];
export const u32 = (value: number): number[] => [...u16(Math.floor(value / 0x10000) & 0xffff), ...u16(value & 0xffff)];
export const macBytes = (text: string): number[] => text.split(':').map((part) => parseInt(part, 16));
export const ipBytes = (text: string): number[] => text.split('.').map(Number);
export const ascii = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));

/** The RFC 1071 one's-complement sum, as IPv4, ICMP, TCP and UDP use it. */
export function internetChecksum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 2) sum += (data[i] << 8) + (data[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export function withChecksumAt(bytes: Uint8Array, offset: number, coveredBy: Uint8Array = bytes): Uint8Array {
  bytes.set(u16(internetChecksum(coveredBy)), offset);
  return bytes;
}

export interface EthernetOptions { dst?: string; src?: string; etherType: number; vlans?: Array<{ tpid: number; id: number; priority?: number }> }

export function ethernet({ dst = MAC_B, src = MAC_A, etherType, vlans = [] }: EthernetOptions, payload: Bytes): Uint8Array {
  const tags = vlans.flatMap(({ tpid, id, priority = 0 }) => [...u16(tpid), ...u16((priority << 13) | id)]);
  return concat(macBytes(dst), macBytes(src), tags, u16(etherType), payload);
}

export interface Ipv4Options {
  src?: string; dst?: string; protocol: number; ttl?: number; id?: number; dontFragment?: boolean; moreFragments?: boolean;
  fragmentOffset?: number; options?: number[]; totalLength?: number;
}

export function ipv4(o: Ipv4Options, payload: Bytes): Uint8Array {
  const options = o.options ?? [];
  const headerLength = 20 + options.length;
  const flags = (o.dontFragment ? 0x4000 : 0) | (o.moreFragments ? 0x2000 : 0) | ((o.fragmentOffset ?? 0) / 8);
  const header = concat(
    [0x40 | (headerLength / 4), 0], u16(o.totalLength ?? headerLength + payload.length), u16(o.id ?? 0x1c46), u16(flags),
    [o.ttl ?? 64, o.protocol], [0, 0], ipBytes(o.src ?? IP_A), ipBytes(o.dst ?? IP_B), options,
  );
  return concat(withChecksumAt(header, 10), payload);
}

export function icmp(type: number, code: number, restOfHeader: number[], payload: Bytes = []): Uint8Array {
  return withChecksumAt(concat([type, code, 0, 0], restOfHeader, payload), 2);
}

export const echoRequest = (id: number, seq: number, payload: Bytes = []): Uint8Array => icmp(8, 0, [...u16(id), ...u16(seq)], payload);
export const echoReply = (id: number, seq: number, payload: Bytes = []): Uint8Array => icmp(0, 0, [...u16(id), ...u16(seq)], payload);

export function pseudoHeaderSum(src: string, dst: string, protocol: number, segment: Uint8Array): Uint8Array {
  return concat(ipBytes(src), ipBytes(dst), [0, protocol], u16(segment.length), segment);
}

export interface TcpOptions { srcPort: number; dstPort: number; seq: number; ack?: number; flags: string; window?: number; options?: number[]; src?: string; dst?: string }

const TCP_FLAG_BITS: Record<string, number> = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10, U: 0x20 };

/** A TCP segment; `flags` is letters: 'S', 'SA', 'RA', 'PA', 'FPAU'… */
export function tcp(o: TcpOptions, payload: Bytes = []): Uint8Array {
  const options = o.options ?? [];
  const flags = [...o.flags].reduce((bits, letter) => bits | TCP_FLAG_BITS[letter], 0);
  const segment = concat(
    u16(o.srcPort), u16(o.dstPort), u32(o.seq), u32(o.ack ?? 0), [((20 + options.length) / 4) << 4, flags], u16(o.window ?? 64240),
    [0, 0], [0, 0], options, payload,
  );
  return withChecksumAt(segment, 16, pseudoHeaderSum(o.src ?? IP_A, o.dst ?? IP_B, 6, segment));
}

export function udp(srcPort: number, dstPort: number, payload: Bytes, src = IP_A, dst = IP_B): Uint8Array {
  const datagram = concat(u16(srcPort), u16(dstPort), u16(8 + payload.length), [0, 0], payload);
  return withChecksumAt(datagram, 6, pseudoHeaderSum(src, dst, 17, datagram));
}

/** An ARP body (op 1: request, 2: reply) for Ethernet and IPv4. */
export function arp(op: number, senderMac: string, senderIp: string, targetMac: string, targetIp: string): Uint8Array {
  return concat(u16(1), u16(0x0800), [6, 4], u16(op), macBytes(senderMac), ipBytes(senderIp), macBytes(targetMac), ipBytes(targetIp));
}

export const ipv4Frame = (ip: Ipv4Options, payload: Bytes, eth: Partial<EthernetOptions> = {}): Uint8Array =>
  ethernet({ etherType: 0x0800, ...eth }, ipv4(ip, payload));

/** Pads a frame to Ethernet's 60-byte minimum, as a NIC does for short frames. */
export const padded = (frame: Uint8Array): Uint8Array => concat(frame, new Array<number>(Math.max(0, 60 - frame.length)).fill(0));

/** The 8-byte VXLAN header: flags (0x08: I, the VNI is valid), 3 reserved bytes, the 24-bit VNI, 1 reserved byte. */
export const vxlanHeader = (vni: number, flags = 0x08): number[] => [flags, 0, 0, 0, (vni >> 16) & 0xff, (vni >> 8) & 0xff, vni & 0xff, 0];

export interface VxlanOptions {
  vni: number;
  /** The outer Ethernet addresses (defaults: MAC_A → MAC_B). */
  srcMac?: string;
  dstMac?: string;
  /** The outer IPv4 addresses: the two VTEPs (defaults: IP_A → IP_B). */
  src?: string;
  dst?: string;
  /** The outer UDP ports: Linux picks the source from a hash of the inner flow; the destination is 4789. */
  srcPort?: number;
  dstPort?: number;
  ttl?: number;
  id?: number;
  flags?: number;
}

/** `inner` (an Ethernet frame) as a VTEP sends it: outer Ethernet, outer IPv4 (DF), UDP to port 4789, VXLAN header, the frame. */
export function vxlanFrame(o: VxlanOptions, inner: Bytes): Uint8Array {
  const src = o.src ?? IP_A;
  const dst = o.dst ?? IP_B;
  const datagram = udp(o.srcPort ?? 49152, o.dstPort ?? 4789, concat(vxlanHeader(o.vni, o.flags), inner), src, dst);
  return ipv4Frame({ protocol: 17, src, dst, ttl: o.ttl, id: o.id, dontFragment: true }, datagram, { src: o.srcMac, dst: o.dstMac });
}

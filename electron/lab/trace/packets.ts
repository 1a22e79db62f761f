// Decoder for captured Ethernet frames (pcap link type 1, EN10MB), pure: it runs in the
// renderer as well as the engine, so no Node modules and no Buffer, only Uint8Array.
//
// Conventions:
// - Nothing throws. Captures end wherever the snap length says, and a detail panel must
//   still show the layers that did arrive, so a frame that ends inside a header yields
//   every layer before that point and `truncated: true`. A layer whose fixed fields
//   arrived but whose options did not (IPv4, TCP) is still reported, without what follows.
// - `truncated` is about headers only: a payload cut short by the snap length is simply
//   shorter than the IP total length says.
// - Payloads are views (subarray) of the frame, not copies: a capture keeps thousands of
//   frames and the panel only ever reads them.
// - Only IPv4 is decoded above Ethernet; IPv6 and other EtherTypes leave `ip` undefined.
// - A UDP datagram to a VXLAN port whose header says it carries a VNI is decoded further:
//   `vxlan` holds the header and the Ethernet frame inside, decoded like any captured frame
//   (innermostPacket reaches it); the packet's own eth/ip/udp stay the outer headers.

export interface EthernetHeader {
  /** 'aa:bb:cc:dd:ee:ff', lowercase; '' if the frame ended first. */
  src: string;
  dst: string;
  /** The EtherType after any 802.1Q tags (0 if the frame ended first). */
  etherType: number;
  /** The VLAN id of the (outer) 802.1Q tag, when the frame had one. */
  vlan?: number;
}

export interface ArpPacket {
  op: 'request' | 'reply' | number;
  senderMac: string;
  senderIp: string;
  targetMac: string;
  targetIp: string;
}

export interface Ipv4Header {
  src: string;
  dst: string;
  ttl: number;
  id: number;
  protocol: number;
  /** In bytes (IHL × 4): more than 20 when the header carries options. */
  headerLength: number;
  totalLength: number;
  dontFragment: boolean;
  moreFragments: boolean;
  /** In bytes (the field counts 8-byte units). */
  fragmentOffset: number;
  /** The header checksum as sent (not verified: captures on the sender see it before offload fills it in). */
  checksum: number;
}

export interface TcpFlags {
  syn: boolean;
  ack: boolean;
  rst: boolean;
  fin: boolean;
  psh: boolean;
  urg: boolean;
}

export interface TcpHeader {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: TcpFlags;
  window: number;
  payload: Uint8Array;
}

export interface UdpHeader {
  srcPort: number;
  dstPort: number;
  /** The UDP length field: header (8) + payload as sent. */
  length: number;
  payload: Uint8Array;
}

/** What an ICMP error quotes of the packet that caused it. */
export interface IcmpEmbeddedPacket {
  ip: Ipv4Header;
  tcp?: Pick<TcpHeader, 'srcPort' | 'dstPort' | 'seq'>;
  udp?: Pick<UdpHeader, 'srcPort' | 'dstPort'>;
  icmp?: { type: number; code: number; id?: number; seq?: number };
}

export interface IcmpMessage {
  type: number;
  code: number;
  /** Echo request/reply only. */
  id?: number;
  /** Echo request/reply only. */
  seq?: number;
  /** What follows the 8-byte ICMP header (for errors: the quoted packet). */
  payload: Uint8Array;
  /** For errors (type 3, 5, 11, 12): the offending packet's IP header and first transport bytes. */
  embedded?: IcmpEmbeddedPacket;
}

/** A VXLAN header (RFC 7348) and the frame it carries. */
export interface VxlanHeader {
  /** The flags byte: 0x08 (I: the VNI is valid) is always set, or the datagram is not decoded as VXLAN. */
  flags: number;
  /** The VXLAN network identifier (24 bits). */
  vni: number;
  /** The encapsulated Ethernet frame, decoded as far as it goes (it may be VXLAN in turn). */
  inner: DecodedPacket;
}

export interface DecodedPacket {
  eth: EthernetHeader;
  arp?: ArpPacket;
  ip?: Ipv4Header;
  icmp?: IcmpMessage;
  tcp?: TcpHeader;
  udp?: UdpHeader;
  /** When `udp` is VXLAN: its header and the inner frame; eth, ip and udp are then the outer headers. */
  vxlan?: VxlanHeader;
  /** Set when the frame ended before a header did (snaplen), inner headers included. */
  truncated?: boolean;
  /** Captured bytes in the frame. */
  length: number;
}

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_QINQ = 0x88a8;
export const ETHERTYPE_IPV6 = 0x86dd;

export const IP_PROTOCOL_ICMP = 1;
export const IP_PROTOCOL_TCP = 6;
export const IP_PROTOCOL_UDP = 17;

const ETHERNET_HEADER_LENGTH = 14;
const VLAN_TAG_LENGTH = 4;
const ARP_IPV4_LENGTH = 28;
const IPV4_MIN_HEADER_LENGTH = 20;
const TCP_MIN_HEADER_LENGTH = 20;
const UDP_HEADER_LENGTH = 8;
const ICMP_HEADER_LENGTH = 8;
/** Type, code and checksum: all an ICMP message is guaranteed to have. */
const ICMP_MIN_LENGTH = 4;
/** RFC 792: an ICMP error quotes the IP header and at least 8 bytes of what followed it. */
const ICMP_QUOTED_TRANSPORT_LENGTH = 8;

/** UDP destination ports of VXLAN: the IANA one (Docker's overlay), and the Linux kernel's default. */
export const VXLAN_PORTS: readonly number[] = [4789, 8472];
const VXLAN_HEADER_LENGTH = 8;
const VXLAN_FLAG_VNI_VALID = 0x08;
/** VXLAN inside VXLAN is decoded this deep at most: a crafted frame cannot make the decoder recurse far. */
const MAX_ENCAPSULATION_DEPTH = 4;

const ICMP_ECHO_REPLY = 0;
const ICMP_ECHO_REQUEST = 8;
const ICMP_ERROR_TYPES = new Set([3, 5, 11, 12]);

// ── Formatting helpers ─────────────────────────────────────────────────────────

/** 'aa:bb:cc:dd:ee:ff' for the 6 bytes at offset ('' if they are not all there). */
export function macToString(bytes: Uint8Array, offset: number): string {
  if (!hasBytes(bytes, offset, 6)) return '';
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push(hexByte(bytes[offset + i]));
  return parts.join(':');
}

/** Dotted quad for the 4 bytes at offset ('' if they are not all there). */
export function ipv4ToString(bytes: Uint8Array, offset: number): string {
  if (!hasBytes(bytes, offset, 4)) return '';
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

function hasBytes(bytes: Uint8Array, offset: number, count: number): boolean {
  return Number.isInteger(offset) && offset >= 0 && offset + count <= bytes.length;
}

export function hexByte(value: number): string {
  return value.toString(16).padStart(2, '0');
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// ── Decoding ───────────────────────────────────────────────────────────────────

/** Decodes one captured Ethernet frame as far as it goes, into any VXLAN encapsulation. Never throws. */
export function decodeEthernet(frame: Uint8Array): DecodedPacket {
  return decodeFrame(frame, 0);
}

/** What a frame carries at its deepest: the inner packet of a VXLAN frame (however nested), else the packet itself. */
export function innermostPacket(packet: DecodedPacket): DecodedPacket {
  let inner = packet;
  while (inner.vxlan) inner = inner.vxlan.inner;
  return inner;
}

/** `depth`: how many encapsulations this frame is inside. */
function decodeFrame(frame: Uint8Array, depth: number): DecodedPacket {
  const { eth, headerEnd, complete } = decodeEthernetHeader(frame);
  const packet: DecodedPacket = { eth, length: frame.length };
  if (!complete) return { ...packet, truncated: true };
  const body = frame.subarray(headerEnd);
  if (eth.etherType === ETHERTYPE_ARP) decodeArpInto(packet, body);
  else if (eth.etherType === ETHERTYPE_IPV4) decodeIpv4Into(packet, body);
  if (packet.udp && depth < MAX_ENCAPSULATION_DEPTH) decodeVxlanInto(packet, packet.udp, depth);
  return packet;
}

interface EthernetDecoding {
  eth: EthernetHeader;
  /** Where the EtherType's payload starts. */
  headerEnd: number;
  complete: boolean;
}

function decodeEthernetHeader(frame: Uint8Array): EthernetDecoding {
  const eth: EthernetHeader = { dst: macToString(frame, 0), src: macToString(frame, 6), etherType: 0 };
  if (frame.length < ETHERNET_HEADER_LENGTH) return { eth, headerEnd: frame.length, complete: false };
  const view = viewOf(frame);
  let typeOffset = 12;
  let etherType = view.getUint16(typeOffset);
  // 802.1Q (and 802.1ad QinQ) tags sit between the source MAC and the real EtherType.
  while (etherType === ETHERTYPE_VLAN || etherType === ETHERTYPE_QINQ) {
    if (frame.length < typeOffset + VLAN_TAG_LENGTH + 2) return { eth, headerEnd: frame.length, complete: false };
    eth.vlan ??= view.getUint16(typeOffset + 2) & 0x0fff;
    typeOffset += VLAN_TAG_LENGTH;
    etherType = view.getUint16(typeOffset);
  }
  eth.etherType = etherType;
  return { eth, headerEnd: typeOffset + 2, complete: true };
}

function decodeArpInto(packet: DecodedPacket, body: Uint8Array): void {
  if (body.length < 8) {
    packet.truncated = true;
    return;
  }
  const view = viewOf(body);
  const isEthernetIpv4 = view.getUint16(0) === 1 && view.getUint16(2) === ETHERTYPE_IPV4 && body[4] === 6 && body[5] === 4;
  // Other hardware/protocol pairs exist (but not on a container network): leave them undecoded.
  if (!isEthernetIpv4) return;
  if (body.length < ARP_IPV4_LENGTH) {
    packet.truncated = true;
    return;
  }
  packet.arp = {
    op: arpOperation(view.getUint16(6)),
    senderMac: macToString(body, 8),
    senderIp: ipv4ToString(body, 14),
    targetMac: macToString(body, 18),
    targetIp: ipv4ToString(body, 24),
  };
}

function arpOperation(code: number): ArpPacket['op'] {
  if (code === 1) return 'request';
  if (code === 2) return 'reply';
  return code;
}

interface Ipv4Decoding {
  ip?: Ipv4Header;
  /** The bytes after the header (and options), up to the total length; undefined if the header is incomplete. */
  payload?: Uint8Array;
  complete: boolean;
}

function decodeIpv4Into(packet: DecodedPacket, body: Uint8Array): void {
  const { ip, payload, complete } = decodeIpv4(body);
  if (ip) packet.ip = ip;
  if (!complete || !ip || !payload) {
    if (!complete) packet.truncated = true;
    return;
  }
  // Later fragments carry the middle of a transport payload, not a header.
  if (ip.fragmentOffset > 0) return;
  if (ip.protocol === IP_PROTOCOL_ICMP) decodeIcmpInto(packet, payload);
  else if (ip.protocol === IP_PROTOCOL_TCP) decodeTcpInto(packet, payload);
  else if (ip.protocol === IP_PROTOCOL_UDP) decodeUdpInto(packet, payload);
}

/**
 * Decodes an IPv4 header. Also used on the packet an ICMP error quotes, whose total
 * length describes the original packet rather than the bytes present, which is fine:
 * the payload is cut to what is there either way.
 */
function decodeIpv4(bytes: Uint8Array): Ipv4Decoding {
  if (bytes.length < IPV4_MIN_HEADER_LENGTH) return { complete: false };
  const view = viewOf(bytes);
  const version = bytes[0] >> 4;
  const headerLength = (bytes[0] & 0x0f) * 4;
  // Not IPv4, or an IHL below the minimum: garbage we cannot walk past, but not a truncation.
  if (version !== 4 || headerLength < IPV4_MIN_HEADER_LENGTH) return { complete: true };
  const flagsAndOffset = view.getUint16(6);
  const ip: Ipv4Header = {
    src: ipv4ToString(bytes, 12),
    dst: ipv4ToString(bytes, 16),
    ttl: bytes[8],
    id: view.getUint16(4),
    protocol: bytes[9],
    headerLength,
    totalLength: view.getUint16(2),
    dontFragment: (flagsAndOffset & 0x4000) !== 0,
    moreFragments: (flagsAndOffset & 0x2000) !== 0,
    fragmentOffset: (flagsAndOffset & 0x1fff) * 8,
    checksum: view.getUint16(10),
  };
  if (bytes.length < headerLength) return { ip, complete: false };
  return { ip, payload: bytes.subarray(headerLength, ipv4PacketEnd(ip, bytes.length)), complete: true };
}

/**
 * Where the IP packet ends in the captured bytes: at its total length, which leaves out
 * the padding Ethernet adds to short frames. A total length below the header length
 * (0 is what a sender's capture shows for TSO/GSO packets) says nothing, so then the
 * packet runs to the end of the frame.
 */
function ipv4PacketEnd(ip: Ipv4Header, available: number): number {
  if (ip.totalLength < ip.headerLength) return available;
  return Math.min(ip.totalLength, available);
}

function decodeTcpInto(packet: DecodedPacket, segment: Uint8Array): void {
  if (segment.length < TCP_MIN_HEADER_LENGTH) {
    packet.truncated = true;
    return;
  }
  const view = viewOf(segment);
  // A data offset below 5 is malformed; treat the header as the minimal one rather than give up.
  const headerLength = Math.max(TCP_MIN_HEADER_LENGTH, (segment[12] >> 4) * 4);
  const optionsArrived = segment.length >= headerLength;
  packet.tcp = {
    srcPort: view.getUint16(0),
    dstPort: view.getUint16(2),
    seq: view.getUint32(4),
    ack: view.getUint32(8),
    flags: tcpFlags(segment[13]),
    window: view.getUint16(14),
    payload: segment.subarray(optionsArrived ? headerLength : segment.length),
  };
  if (!optionsArrived) packet.truncated = true;
}

function tcpFlags(bits: number): TcpFlags {
  return {
    fin: (bits & 0x01) !== 0,
    syn: (bits & 0x02) !== 0,
    rst: (bits & 0x04) !== 0,
    psh: (bits & 0x08) !== 0,
    ack: (bits & 0x10) !== 0,
    urg: (bits & 0x20) !== 0,
  };
}

function decodeUdpInto(packet: DecodedPacket, datagram: Uint8Array): void {
  if (datagram.length < UDP_HEADER_LENGTH) {
    packet.truncated = true;
    return;
  }
  const view = viewOf(datagram);
  const length = view.getUint16(4);
  // As with IPv4, a length field that cannot be right (below the header) is ignored.
  const end = length < UDP_HEADER_LENGTH ? datagram.length : Math.min(length, datagram.length);
  packet.udp = { srcPort: view.getUint16(0), dstPort: view.getUint16(2), length, payload: datagram.subarray(UDP_HEADER_LENGTH, end) };
}

/**
 * A datagram to a VXLAN port is VXLAN when its 8-byte header arrived with the I flag
 * set; anything else (too short, no VNI) stays plain UDP. A header cut by the capture
 * (the datagram's length says more followed) is a truncation like any other.
 */
function decodeVxlanInto(packet: DecodedPacket, udp: UdpHeader, depth: number): void {
  if (!VXLAN_PORTS.includes(udp.dstPort)) return;
  const { payload } = udp;
  if (payload.length < VXLAN_HEADER_LENGTH) {
    if (udp.length >= UDP_HEADER_LENGTH + VXLAN_HEADER_LENGTH) packet.truncated = true;
    return;
  }
  if ((payload[0] & VXLAN_FLAG_VNI_VALID) === 0) return;
  const inner = decodeFrame(payload.subarray(VXLAN_HEADER_LENGTH), depth + 1);
  packet.vxlan = { flags: payload[0], vni: (payload[4] << 16) | (payload[5] << 8) | payload[6], inner };
  if (inner.truncated) packet.truncated = true;
}

function decodeIcmpInto(packet: DecodedPacket, message: Uint8Array): void {
  if (message.length < ICMP_MIN_LENGTH) {
    packet.truncated = true;
    return;
  }
  const icmp: IcmpMessage = { type: message[0], code: message[1], payload: message.subarray(message.length) };
  packet.icmp = icmp;
  if (message.length < ICMP_HEADER_LENGTH) {
    packet.truncated = true;
    return;
  }
  icmp.payload = message.subarray(ICMP_HEADER_LENGTH);
  if (isEcho(icmp.type)) Object.assign(icmp, echoIdentifiers(message));
  if (ICMP_ERROR_TYPES.has(icmp.type)) {
    const { embedded, complete } = decodeIcmpQuote(icmp.payload);
    if (embedded) icmp.embedded = embedded;
    if (!complete) packet.truncated = true;
  }
}

function isEcho(type: number): boolean {
  return type === ICMP_ECHO_REQUEST || type === ICMP_ECHO_REPLY;
}

/** The identifier and sequence number of an echo message (bytes 4–7 of the ICMP header). */
function echoIdentifiers(message: Uint8Array): { id: number; seq: number } {
  const view = viewOf(message);
  return { id: view.getUint16(4), seq: view.getUint16(6) };
}

interface QuoteDecoding {
  embedded?: IcmpEmbeddedPacket;
  complete: boolean;
}

/** Decodes the packet an ICMP error quotes: its IP header and the 8 transport bytes RFC 792 promises. */
function decodeIcmpQuote(quote: Uint8Array): QuoteDecoding {
  const { ip, payload, complete } = decodeIpv4(quote);
  if (!ip || !payload) return { complete };
  const embedded: IcmpEmbeddedPacket = { ip };
  const carriesTransportHeader = ip.fragmentOffset === 0 && [IP_PROTOCOL_ICMP, IP_PROTOCOL_TCP, IP_PROTOCOL_UDP].includes(ip.protocol);
  if (!carriesTransportHeader) return { embedded, complete: true };
  if (payload.length < ICMP_QUOTED_TRANSPORT_LENGTH) return { embedded, complete: false };
  const view = viewOf(payload);
  if (ip.protocol === IP_PROTOCOL_TCP) embedded.tcp = { srcPort: view.getUint16(0), dstPort: view.getUint16(2), seq: view.getUint32(4) };
  else if (ip.protocol === IP_PROTOCOL_UDP) embedded.udp = { srcPort: view.getUint16(0), dstPort: view.getUint16(2) };
  else embedded.icmp = { type: payload[0], code: payload[1], ...(isEcho(payload[0]) ? echoIdentifiers(payload) : {}) };
  return { embedded, complete: true };
}

// ── Names ──────────────────────────────────────────────────────────────────────

// Packets in words (pure): ICMP type names, tcpdump-style TCP flags, and the layer
// list of a decoded packet for the event detail panel, Wireshark-like.
import {
  ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_QINQ, ETHERTYPE_VLAN, IP_PROTOCOL_ICMP, IP_PROTOCOL_TCP, IP_PROTOCOL_UDP, hexByte, innermostPacket,
  type ArpPacket, type DecodedPacket, type EthernetHeader, type IcmpEmbeddedPacket, type IcmpMessage, type Ipv4Header, type TcpFlags, type TcpHeader, type UdpHeader,
  type VxlanHeader,
} from './packets';

export interface Layer {
  name: string;
  fields: Array<[label: string, value: string]>;
}

interface IcmpTypeInfo {
  name: string;
  codes?: Record<number, string>;
}

const ICMP_TYPES: Record<number, IcmpTypeInfo> = {
  0: { name: 'echo reply' },
  3: {
    name: 'destination unreachable',
    codes: {
      0: 'net unreachable',
      1: 'host unreachable',
      2: 'protocol unreachable',
      3: 'port unreachable',
      4: 'fragmentation needed and DF set',
      5: 'source route failed',
      6: 'destination network unknown',
      7: 'destination host unknown',
      9: 'network administratively prohibited',
      10: 'host administratively prohibited',
      11: 'network unreachable for TOS',
      12: 'host unreachable for TOS',
      13: 'communication administratively prohibited',
    },
  },
  4: { name: 'source quench' },
  5: {
    name: 'redirect',
    codes: { 0: 'for network', 1: 'for host', 2: 'for TOS and network', 3: 'for TOS and host' },
  },
  8: { name: 'echo request' },
  9: { name: 'router advertisement' },
  10: { name: 'router solicitation' },
  11: {
    name: 'time exceeded',
    codes: { 0: 'TTL exceeded in transit', 1: 'fragment reassembly time exceeded' },
  },
  12: {
    name: 'parameter problem',
    codes: { 0: 'pointer indicates the error', 1: 'missing a required option', 2: 'bad length' },
  },
  13: { name: 'timestamp request' },
  14: { name: 'timestamp reply' },
};

/** A readable name for an ICMP type and code, e.g. 'destination unreachable: port unreachable'. */
export function icmpTypeName(type: number, code: number): string {
  const info = ICMP_TYPES[type];
  if (!info) return `type ${type}, code ${code}`;
  const codeName = info.codes?.[code];
  if (codeName) return `${info.name}: ${codeName}`;
  // A type without code names only ever uses code 0; anything else is worth showing.
  if (info.codes || code !== 0) return `${info.name}: code ${code}`;
  return info.name;
}

// tcpdump's order and letters (print-tcp.c): FIN, SYN, RST, PSH, ACK as '.', URG.
const TCP_FLAG_LETTERS: Array<[keyof TcpFlags, string]> = [
  ['fin', 'F'],
  ['syn', 'S'],
  ['rst', 'R'],
  ['psh', 'P'],
  ['ack', '.'],
  ['urg', 'U'],
];

/** The flags as tcpdump prints them: 'S', 'S.', 'R.', 'F.', 'P.', '.', or 'none'. */
export function tcpFlagsText(flags: TcpFlags): string {
  const text = TCP_FLAG_LETTERS.filter(([flag]) => flags[flag]).map(([, letter]) => letter).join('');
  return text || 'none';
}

const ETHERTYPE_NAMES: Record<number, string> = {
  [ETHERTYPE_IPV4]: 'IPv4',
  [ETHERTYPE_ARP]: 'ARP',
  [ETHERTYPE_IPV6]: 'IPv6',
  [ETHERTYPE_VLAN]: '802.1Q',
  [ETHERTYPE_QINQ]: '802.1ad',
};

const IP_PROTOCOL_NAMES: Record<number, string> = {
  [IP_PROTOCOL_ICMP]: 'ICMP',
  [IP_PROTOCOL_TCP]: 'TCP',
  [IP_PROTOCOL_UDP]: 'UDP',
  2: 'IGMP',
  47: 'GRE',
  50: 'ESP',
  58: 'ICMPv6',
  89: 'OSPF',
  112: 'VRRP',
  132: 'SCTP',
};

// ── Layers for the detail panel ────────────────────────────────────────────────

/** How many payload bytes the detail panel shows as hex and ASCII. */
const PAYLOAD_PREVIEW_BYTES = 32;

/**
 * Wireshark-like layer list for a detail panel: Ethernet II, ARP, IPv4, ICMP/TCP/UDP,
 * Payload (length + first 32 bytes hex + printable ASCII), and a last 'Truncated' layer
 * when the capture ended inside a header, so that missing layers are explained. A VXLAN
 * frame lists its outer headers, then 'VXLAN', then the frame it carries, each of its
 * layers named 'Inner …' ('Inner Ethernet II', 'Inner IPv4'…; names stay unique); the
 * Payload is the inner packet's.
 */
export function describeLayers(packet: DecodedPacket): Layer[] {
  const layers = headerLayers(packet);
  const inner = innermostPacket(packet);
  const payload = inner.tcp?.payload ?? inner.udp?.payload ?? inner.icmp?.payload;
  if (payload && payload.length > 0) layers.push(describePayload(payload));
  if (packet.truncated) layers.push({ name: 'Truncated', fields: [['Captured', `${packet.length} bytes, ending inside a header`]] });
  return layers;
}

/** The header layers of a packet and of what it encapsulates, the inner ones named with `prefix`. */
function headerLayers(packet: DecodedPacket, prefix = ''): Layer[] {
  const layers: Layer[] = [describeEthernet(packet.eth)];
  if (packet.arp) layers.push(describeArp(packet.arp));
  if (packet.ip) layers.push(describeIpv4(packet.ip));
  if (packet.icmp) layers.push(describeIcmp(packet.icmp));
  if (packet.tcp) layers.push(describeTcp(packet.tcp));
  if (packet.udp) layers.push(describeUdp(packet.udp, packet.vxlan !== undefined));
  if (packet.vxlan) layers.push(describeVxlan(packet.vxlan));
  const named = prefix ? layers.map((layer) => ({ ...layer, name: `${prefix}${layer.name}` })) : layers;
  return packet.vxlan ? [...named, ...headerLayers(packet.vxlan.inner, `Inner ${prefix}`)] : named;
}

function describeEthernet(eth: EthernetHeader): Layer {
  const fields: Layer['fields'] = [
    ['Destination', eth.dst || '?'],
    ['Source', eth.src || '?'],
  ];
  if (eth.vlan !== undefined) fields.push(['VLAN', String(eth.vlan)]);
  fields.push(['Type', numberWithName(`0x${eth.etherType.toString(16).padStart(4, '0')}`, ETHERTYPE_NAMES[eth.etherType])]);
  return { name: 'Ethernet II', fields };
}

function describeArp(arp: ArpPacket): Layer {
  return {
    name: 'ARP',
    fields: [
      ['Operation', typeof arp.op === 'number' ? String(arp.op) : `${arp.op} (${arp.op === 'request' ? 1 : 2})`],
      ['Sender MAC', arp.senderMac],
      ['Sender IP', arp.senderIp],
      ['Target MAC', arp.targetMac],
      ['Target IP', arp.targetIp],
    ],
  };
}

function describeIpv4(ip: Ipv4Header): Layer {
  return {
    name: 'IPv4',
    fields: [
      ['Source', ip.src],
      ['Destination', ip.dst],
      ['Protocol', ipProtocolText(ip.protocol)],
      ['TTL', String(ip.ttl)],
      ['Identification', `${hex16(ip.id)} (${ip.id})`],
      ['Header length', `${ip.headerLength} bytes`],
      ['Total length', String(ip.totalLength)],
      ['Flags', ipFlagsText(ip)],
      ['Fragment offset', String(ip.fragmentOffset)],
      ['Checksum', hex16(ip.checksum)],
    ],
  };
}

function ipProtocolText(protocol: number): string {
  return numberWithName(String(protocol), IP_PROTOCOL_NAMES[protocol]);
}

function ipFlagsText(ip: Ipv4Header): string {
  const names = [ip.dontFragment ? "DF (don't fragment)" : '', ip.moreFragments ? 'MF (more fragments)' : ''].filter(Boolean);
  return names.length > 0 ? names.join(', ') : 'none';
}

function describeIcmp(icmp: IcmpMessage): Layer {
  const fields: Layer['fields'] = [
    ['Type', `${icmp.type} (${icmpTypeName(icmp.type, icmp.code)})`],
    ['Code', String(icmp.code)],
  ];
  if (icmp.id !== undefined) fields.push(['Identifier', `${icmp.id} (${hex16(icmp.id)})`]);
  if (icmp.seq !== undefined) fields.push(['Sequence number', String(icmp.seq)]);
  if (icmp.embedded) fields.push(...embeddedFields(icmp.embedded));
  return { name: 'ICMP', fields };
}

/** The quoted packet, labelled 'Original …' so it is not mistaken for this packet's own fields. */
function embeddedFields({ ip, tcp, udp, icmp }: IcmpEmbeddedPacket): Layer['fields'] {
  const fields: Layer['fields'] = [
    ['Original source', ip.src],
    ['Original destination', ip.dst],
    ['Original protocol', ipProtocolText(ip.protocol)],
    ['Original TTL', String(ip.ttl)],
    ['Original identification', `${hex16(ip.id)} (${ip.id})`],
  ];
  if (tcp) fields.push(['Original ports', `${tcp.srcPort} → ${tcp.dstPort}`], ['Original sequence number', String(tcp.seq)]);
  if (udp) fields.push(['Original ports', `${udp.srcPort} → ${udp.dstPort}`]);
  if (icmp) fields.push(['Original ICMP', embeddedIcmpText(icmp)]);
  return fields;
}

function embeddedIcmpText({ type, code, id, seq }: NonNullable<IcmpEmbeddedPacket['icmp']>): string {
  const name = icmpTypeName(type, code);
  return id === undefined ? name : `${name}, id ${id}, seq ${seq}`;
}

function describeTcp(tcp: TcpHeader): Layer {
  return {
    name: 'TCP',
    fields: [
      ['Source port', String(tcp.srcPort)],
      ['Destination port', String(tcp.dstPort)],
      ['Sequence number', String(tcp.seq)],
      ['Acknowledgment number', String(tcp.ack)],
      ['Flags', `[${tcpFlagsText(tcp.flags)}]`],
      ['Window', String(tcp.window)],
    ],
  };
}

function describeUdp(udp: UdpHeader, vxlan: boolean): Layer {
  return {
    name: 'UDP',
    fields: [
      ['Source port', String(udp.srcPort)],
      ['Destination port', numberWithName(String(udp.dstPort), vxlan ? 'VXLAN' : undefined)],
      ['Length', String(udp.length)],
    ],
  };
}

function describeVxlan(vxlan: VxlanHeader): Layer {
  return {
    name: 'VXLAN',
    fields: [
      ['Flags', `0x${hexByte(vxlan.flags)} (I: VNI present)`],
      ['VNI', `${vxlan.vni} (0x${vxlan.vni.toString(16).padStart(6, '0')})`],
    ],
  };
}

function describePayload(payload: Uint8Array): Layer {
  const preview = payload.subarray(0, PAYLOAD_PREVIEW_BYTES);
  const more = payload.length > preview.length ? ' …' : '';
  return {
    name: 'Payload',
    fields: [
      ['Length', `${payload.length} bytes`],
      ['Hex', Array.from(preview, hexByte).join(' ') + more],
      ['ASCII', printableAscii(preview) + more],
    ],
  };
}

/** Printable ASCII as itself, everything else as '.', like the right column of a hex dump. */
function printableAscii(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => (byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : '.')).join('');
}

function hex16(value: number): string {
  return `0x${value.toString(16).padStart(4, '0')}`;
}

function numberWithName(number: string, name: string | undefined): string {
  return name ? `${number} (${name})` : number;
}

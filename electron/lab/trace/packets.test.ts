import { describe, expect, it } from 'vitest';
import { describeLayers, icmpTypeName, tcpFlagsText } from './packet-text';
import { decodeEthernet, innermostPacket, ipv4ToString, macToString, type DecodedPacket, type TcpHeader } from './packets';
import {
  arp, ascii, BROADCAST, concat, echoReply, echoRequest, ethernet, icmp, internetChecksum, ipBytes, ipv4, ipv4Frame, IP_A, IP_B,
  MAC_A, MAC_B, padded, tcp, u16, udp, vxlanFrame, vxlanHeader,
} from './frames.test-support';

// ── Frames used by several tests (builders in frames.test-support.ts) ───────────

const ROUTER = '10.0.0.1';

const PING_PAYLOAD = ascii('topolab ping payload 0123456789!');

const echoRequestFrame = ipv4Frame({ protocol: 1, ttl: 64, id: 0x4d2, dontFragment: true }, echoRequest(0x1234, 7, PING_PAYLOAD));
const synFrame = ipv4Frame(
  { protocol: 6 },
  tcp({ srcPort: 43512, dstPort: 80, seq: 0xf0e1d2c3, flags: 'S', window: 64240, options: [0x02, 0x04, 0x05, 0xb4, 0x01, 0x01, 0x04, 0x02] }),
);
const quotedUdp = ipv4({ src: IP_A, dst: IP_B, protocol: 17, id: 0xbeef }, udp(53124, 33434, ascii('probe')));
const portUnreachableFrame = ipv4Frame({ src: IP_B, dst: IP_A, protocol: 1 }, icmp(3, 3, [0, 0, 0, 0], quotedUdp), { src: MAC_B, dst: MAC_A });
const quotedEcho = ipv4({ src: IP_A, dst: '192.0.2.9', protocol: 1, ttl: 1, id: 0x77 }, echoRequest(0x99, 3, PING_PAYLOAD));
const timeExceededFrame = ipv4Frame({ src: ROUTER, dst: IP_A, protocol: 1 }, icmp(11, 0, [0, 0, 0, 0], quotedEcho.subarray(0, 28)));

// The echo request between two containers of an overlay, as one virtual host sends it to the other
const VTEP_1 = '10.72.0.11';
const VTEP_2 = '10.72.0.12';
const VTEP_MAC_1 = '02:42:0a:48:00:0b';
const VTEP_MAC_2 = '02:42:0a:48:00:0c';
const underlay = { srcMac: VTEP_MAC_1, dstMac: VTEP_MAC_2, src: VTEP_1, dst: VTEP_2, srcPort: 38212, ttl: 61, id: 0x7a00 };
const vxlanEchoFrame = vxlanFrame({ vni: 4096, ...underlay }, echoRequestFrame);
/** Where each header of vxlanEchoFrame starts. */
const OUTER_UDP = 14 + 20;
const VXLAN_AT = OUTER_UDP + 8;
const INNER_AT = VXLAN_AT + 8;

// ── Tests ───────────────────────────────────────────────────────────────────────

describe('macToString / ipv4ToString', () => {
  const bytes = Uint8Array.from([0xde, 0xAD, 0xbe, 0xef, 0x00, 0x0a, 0xc0, 0xa8, 0x01, 0xfe]);

  it('formats lowercase, zero-padded MACs at an offset', () => {
    expect(macToString(bytes, 0)).toBe('de:ad:be:ef:00:0a');
    expect(macToString(bytes, 4)).toBe('00:0a:c0:a8:01:fe');
  });

  it('formats dotted quads at an offset', () => {
    expect(ipv4ToString(bytes, 6)).toBe('192.168.1.254');
    expect(ipv4ToString(bytes, 0)).toBe('222.173.190.239');
  });

  it('returns an empty string when the bytes are not all there', () => {
    expect(macToString(bytes, 5)).toBe('');
    expect(ipv4ToString(bytes, 7)).toBe('');
    expect(ipv4ToString(bytes, -1)).toBe('');
    expect(macToString(new Uint8Array(0), 0)).toBe('');
  });

  it('reads relative to a subarray view, not its underlying buffer', () => {
    expect(ipv4ToString(bytes.subarray(6), 0)).toBe('192.168.1.254');
  });
});

describe('decodeEthernet: Ethernet II', () => {
  it('reads the addresses, EtherType and frame length', () => {
    const packet = decodeEthernet(echoRequestFrame);
    expect(packet.eth).toEqual({ dst: MAC_B, src: MAC_A, etherType: 0x0800 });
    expect(packet.length).toBe(echoRequestFrame.length);
    expect(packet.truncated).toBeUndefined();
  });

  it('skips an 802.1Q tag, recording the VLAN id without the priority bits', () => {
    const frame = ipv4Frame({ protocol: 17 }, udp(5000, 6000, ascii('tagged')), { vlans: [{ tpid: 0x8100, id: 42, priority: 5 }] });
    const packet = decodeEthernet(frame);
    expect(packet.eth).toEqual({ dst: MAC_B, src: MAC_A, etherType: 0x0800, vlan: 42 });
    expect(packet.ip?.src).toBe(IP_A);
    expect(packet.udp).toMatchObject({ srcPort: 5000, dstPort: 6000 });
    expect(packet.udp?.payload).toEqual(ascii('tagged'));
  });

  it('skips stacked QinQ tags, recording the outer VLAN id', () => {
    const frame = ethernet({ etherType: 0x0806, vlans: [{ tpid: 0x88a8, id: 100 }, { tpid: 0x8100, id: 7 }] }, arp(1, MAC_A, IP_A, '00:00:00:00:00:00', IP_B));
    const packet = decodeEthernet(frame);
    expect(packet.eth).toMatchObject({ etherType: 0x0806, vlan: 100 });
    expect(packet.arp?.op).toBe('request');
  });

  it('decodes only the Ethernet header of an IPv6 frame', () => {
    const ipv6Header = concat([0x60, 0, 0, 0], u16(8), [17, 64], new Array<number>(32).fill(0));
    const frame = ethernet({ dst: '33:33:00:00:00:01', etherType: 0x86dd }, concat(ipv6Header, udp(546, 547, [])));
    const packet = decodeEthernet(frame);
    expect(packet).toEqual({ eth: { dst: '33:33:00:00:00:01', src: MAC_A, etherType: 0x86dd }, length: frame.length });
  });

  it('leaves other EtherTypes undecoded', () => {
    const frame = ethernet({ etherType: 0x88cc }, new Array<number>(46).fill(0x11));
    expect(decodeEthernet(frame)).toEqual({ eth: { dst: MAC_B, src: MAC_A, etherType: 0x88cc }, length: 60 });
  });
});

describe('decodeEthernet: ARP', () => {
  it('decodes a broadcast who-has request', () => {
    const frame = padded(ethernet({ dst: BROADCAST, etherType: 0x0806 }, arp(1, MAC_A, IP_A, '00:00:00:00:00:00', IP_B)));
    const packet = decodeEthernet(frame);
    expect(packet.eth.dst).toBe(BROADCAST);
    expect(packet.arp).toEqual({ op: 'request', senderMac: MAC_A, senderIp: IP_A, targetMac: '00:00:00:00:00:00', targetIp: IP_B });
    expect(packet.ip).toBeUndefined();
    expect(packet.truncated).toBeUndefined();
  });

  it('decodes a reply', () => {
    const frame = ethernet({ src: MAC_B, dst: MAC_A, etherType: 0x0806 }, arp(2, MAC_B, IP_B, MAC_A, IP_A));
    expect(decodeEthernet(frame).arp).toEqual({ op: 'reply', senderMac: MAC_B, senderIp: IP_B, targetMac: MAC_A, targetIp: IP_A });
  });

  it('keeps an unusual operation as its number', () => {
    const frame = ethernet({ etherType: 0x0806 }, arp(8, MAC_A, IP_A, MAC_B, IP_B)); // InARP request
    expect(decodeEthernet(frame).arp?.op).toBe(8);
  });

  it('leaves ARP for other hardware or protocol types undecoded', () => {
    const ipv6OverArp = concat(u16(1), u16(0x86dd), [6, 16], u16(1), new Array<number>(44).fill(0));
    expect(decodeEthernet(ethernet({ etherType: 0x0806 }, ipv6OverArp))).toEqual({ eth: expect.anything(), length: 14 + 52 });
  });
});

describe('decodeEthernet: IPv4', () => {
  it('reads every header field', () => {
    const frame = ipv4Frame({ src: '172.18.0.5', dst: '8.8.8.8', protocol: 17, ttl: 63, id: 0xabcd, dontFragment: true }, udp(40000, 53, [1, 2, 3], '172.18.0.5', '8.8.8.8'));
    const ip = decodeEthernet(frame).ip;
    expect(ip).toEqual({
      src: '172.18.0.5', dst: '8.8.8.8', ttl: 63, id: 0xabcd, protocol: 17, headerLength: 20, totalLength: 31,
      dontFragment: true, moreFragments: false, fragmentOffset: 0, checksum: (frame[24] << 8) | frame[25],
    });
    // The builder's checksum is the real one: summing the header with it gives zero.
    expect(internetChecksum(frame.subarray(14, 34))).toBe(0);
  });

  it('finds the transport header after IPv4 options (IHL > 5)', () => {
    const recordRoute = [0x07, 0x0b, 0x04, ...new Array<number>(8).fill(0), 0x00]; // 12 bytes: IHL 8
    const frame = ipv4Frame({ protocol: 1, options: recordRoute }, echoRequest(1, 2, ascii('opt')));
    const packet = decodeEthernet(frame);
    expect(packet.ip?.headerLength).toBe(32);
    expect(packet.icmp).toMatchObject({ type: 8, id: 1, seq: 2 });
    expect(packet.icmp?.payload).toEqual(ascii('opt'));
  });

  it('accepts the largest header (IHL 15, 40 bytes of options)', () => {
    const frame = ipv4Frame({ protocol: 17, options: new Array<number>(40).fill(1) }, udp(1, 2, [9]));
    const packet = decodeEthernet(frame);
    expect(packet.ip?.headerLength).toBe(60);
    expect(packet.udp).toMatchObject({ srcPort: 1, dstPort: 2, length: 9 });
  });

  it('leaves the Ethernet padding of short frames out of the payload', () => {
    const frame = padded(ipv4Frame({ protocol: 17 }, udp(7, 7, ascii('hi'))));
    expect(frame.length).toBe(60);
    const packet = decodeEthernet(frame);
    expect(packet.udp?.payload).toEqual(ascii('hi'));
    expect(packet.length).toBe(60);
  });

  it('runs to the end of the frame when the total length is 0 (a sender-side capture of a TSO packet)', () => {
    const frame = ipv4Frame({ protocol: 6, totalLength: 0 }, tcp({ srcPort: 1, dstPort: 2, seq: 1, flags: 'PA' }, ascii('segmentation offload')));
    expect(decodeEthernet(frame).tcp?.payload).toEqual(ascii('segmentation offload'));
  });

  it('cuts the payload to what was captured when the snap length ended the frame early', () => {
    const frame = ipv4Frame({ protocol: 17 }, udp(1, 2, ascii('0123456789')));
    const packet = decodeEthernet(frame.subarray(0, frame.length - 4));
    expect(packet.udp?.payload).toEqual(ascii('012345'));
    expect(packet.udp?.length).toBe(18);
    expect(packet.truncated).toBeUndefined();
  });

  it('decodes the transport header of a first fragment only', () => {
    const first = decodeEthernet(ipv4Frame({ protocol: 17, moreFragments: true, id: 9 }, udp(1000, 2000, new Array<number>(16).fill(7))));
    expect(first.ip).toMatchObject({ moreFragments: true, fragmentOffset: 0 });
    expect(first.udp).toMatchObject({ srcPort: 1000, dstPort: 2000 });

    const later = decodeEthernet(ipv4Frame({ protocol: 17, fragmentOffset: 1480, id: 9 }, new Array<number>(16).fill(7)));
    expect(later.ip).toMatchObject({ moreFragments: false, fragmentOffset: 1480 });
    expect(later.udp).toBeUndefined();
    expect(later.truncated).toBeUndefined();
  });

  it('leaves other protocols undecoded', () => {
    const packet = decodeEthernet(ipv4Frame({ protocol: 47 }, new Array<number>(8).fill(0)));
    expect(packet.ip?.protocol).toBe(47);
    expect(packet.icmp ?? packet.tcp ?? packet.udp).toBeUndefined();
  });

  it('does not take a non-IPv4 version or an IHL below 5 for an IPv4 header', () => {
    const frame = ipv4Frame({ protocol: 17 }, udp(1, 2, []));
    const version6 = frame.slice();
    version6[14] = 0x65;
    const ihl4 = frame.slice();
    ihl4[14] = 0x44;
    for (const bad of [version6, ihl4]) expect(decodeEthernet(bad)).toEqual({ eth: { dst: MAC_B, src: MAC_A, etherType: 0x0800 }, length: bad.length });
  });
});

describe('decodeEthernet: ICMP', () => {
  it('decodes an echo request with id, seq and payload', () => {
    const packet = decodeEthernet(echoRequestFrame);
    expect(packet.ip).toMatchObject({ protocol: 1, ttl: 64, id: 0x4d2, dontFragment: true });
    expect(packet.icmp).toEqual({ type: 8, code: 0, id: 0x1234, seq: 7, payload: PING_PAYLOAD });
    expect(packet.icmp?.embedded).toBeUndefined();
  });

  it('decodes an echo reply', () => {
    const frame = ipv4Frame({ src: IP_B, dst: IP_A, protocol: 1 }, echoReply(0x1234, 7, PING_PAYLOAD));
    expect(decodeEthernet(frame).icmp).toEqual({ type: 0, code: 0, id: 0x1234, seq: 7, payload: PING_PAYLOAD });
  });

  it('returns payloads as views of the frame, not copies', () => {
    const payload = decodeEthernet(echoRequestFrame).icmp?.payload;
    expect(payload?.buffer).toBe(echoRequestFrame.buffer);
    expect(payload?.byteOffset).toBe(echoRequestFrame.byteOffset + 14 + 20 + 8);
  });

  it('decodes a port unreachable and the UDP packet it quotes', () => {
    const packet = decodeEthernet(portUnreachableFrame);
    expect(packet.icmp).toMatchObject({ type: 3, code: 3 });
    expect(packet.icmp?.id).toBeUndefined();
    expect(packet.icmp?.seq).toBeUndefined();
    expect(packet.icmp?.payload).toEqual(quotedUdp);
    expect(packet.icmp?.embedded).toEqual({
      ip: expect.objectContaining({ src: IP_A, dst: IP_B, protocol: 17, id: 0xbeef, headerLength: 20, totalLength: 33 }),
      udp: { srcPort: 53124, dstPort: 33434 },
    });
    expect(packet.truncated).toBeUndefined();
  });

  it('decodes a time exceeded and the echo request it quotes (IP header + 8 bytes)', () => {
    const packet = decodeEthernet(timeExceededFrame);
    expect(packet.ip).toMatchObject({ src: ROUTER, dst: IP_A });
    expect(packet.icmp).toMatchObject({ type: 11, code: 0 });
    expect(packet.icmp?.embedded).toEqual({
      ip: expect.objectContaining({ src: IP_A, dst: '192.0.2.9', ttl: 1, protocol: 1, id: 0x77 }),
      icmp: { type: 8, code: 0, id: 0x99, seq: 3 },
    });
    expect(packet.truncated).toBeUndefined();
  });

  it('decodes a fragmentation-needed error quoting a TCP segment, with its sequence number', () => {
    const quoted = ipv4({ protocol: 6, dontFragment: true }, tcp({ srcPort: 40000, dstPort: 443, seq: 0x89abcdef, flags: 'PA' }, new Array<number>(100).fill(0)));
    const frame = ipv4Frame({ src: ROUTER, dst: IP_A, protocol: 1 }, icmp(3, 4, [0, 0, ...u16(1400)], quoted.subarray(0, 28)));
    const embedded = decodeEthernet(frame).icmp?.embedded;
    expect(embedded?.tcp).toEqual({ srcPort: 40000, dstPort: 443, seq: 0x89abcdef });
    expect(embedded?.ip).toMatchObject({ protocol: 6, dontFragment: true, totalLength: 140 });
  });

  it('decodes redirect and parameter problem quotes too', () => {
    const redirect = decodeEthernet(ipv4Frame({ protocol: 1 }, icmp(5, 1, ipBytes(ROUTER), quotedUdp.subarray(0, 28))));
    expect(redirect.icmp?.embedded?.udp).toEqual({ srcPort: 53124, dstPort: 33434 });
    const problem = decodeEthernet(ipv4Frame({ protocol: 1 }, icmp(12, 0, [20, 0, 0, 0], quotedUdp.subarray(0, 28))));
    expect(problem.icmp?.embedded?.ip.src).toBe(IP_A);
  });

  it('quotes only the IP header of a packet without a known transport header, or of a later fragment', () => {
    const gre = ipv4({ protocol: 47 }, new Array<number>(8).fill(0));
    expect(decodeEthernet(ipv4Frame({ protocol: 1 }, icmp(3, 2, [0, 0, 0, 0], gre))).icmp?.embedded).toEqual({ ip: expect.objectContaining({ protocol: 47 }) });
    const fragment = ipv4({ protocol: 17, fragmentOffset: 8 }, new Array<number>(8).fill(0));
    expect(decodeEthernet(ipv4Frame({ protocol: 1 }, icmp(11, 1, [0, 0, 0, 0], fragment))).icmp?.embedded).toEqual({ ip: expect.objectContaining({ fragmentOffset: 8 }) });
  });

  it('does not look for a quote in informational messages', () => {
    const packet = decodeEthernet(ipv4Frame({ protocol: 1 }, icmp(13, 0, [0, 1, 0, 2], new Array<number>(12).fill(0))));
    expect(packet.icmp).toEqual({ type: 13, code: 0, payload: new Uint8Array(12) });
  });
});

describe('decodeEthernet: TCP', () => {
  it('decodes a SYN with options: flags, seq above 2^31, window, empty payload', () => {
    const packet = decodeEthernet(synFrame);
    expect(packet.tcp).toEqual({
      srcPort: 43512, dstPort: 80, seq: 0xf0e1d2c3, ack: 0,
      flags: { syn: true, ack: false, rst: false, fin: false, psh: false, urg: false },
      window: 64240, payload: new Uint8Array(0),
    });
    expect(tcpFlagsText(packet.tcp!.flags)).toBe('S');
  });

  it('decodes a SYN-ACK', () => {
    const frame = ipv4Frame({ src: IP_B, dst: IP_A, protocol: 6 }, tcp({ srcPort: 80, dstPort: 43512, seq: 1000, ack: 0xf0e1d2c4, flags: 'SA', window: 65160, src: IP_B, dst: IP_A }));
    const tcpHeader = decodeEthernet(frame).tcp;
    expect(tcpHeader).toMatchObject({ seq: 1000, ack: 0xf0e1d2c4, window: 65160 });
    expect(tcpHeader?.flags).toEqual({ syn: true, ack: true, rst: false, fin: false, psh: false, urg: false });
    expect(tcpFlagsText(tcpHeader!.flags)).toBe('S.');
  });

  it('decodes a RST-ACK (connection refused)', () => {
    const frame = ipv4Frame({ src: IP_B, dst: IP_A, protocol: 6 }, tcp({ srcPort: 81, dstPort: 43513, seq: 0, ack: 0xffffffff, flags: 'RA', window: 0 }));
    const tcpHeader = decodeEthernet(frame).tcp;
    expect(tcpHeader).toMatchObject({ seq: 0, ack: 0xffffffff, window: 0 });
    expect(tcpHeader?.flags).toEqual({ syn: false, ack: true, rst: true, fin: false, psh: false, urg: false });
    expect(tcpFlagsText(tcpHeader!.flags)).toBe('R.');
  });

  it('decodes PSH, FIN and URG, and the payload after the options', () => {
    const frame = ipv4Frame({ protocol: 6 }, tcp({ srcPort: 1, dstPort: 2, seq: 5, ack: 6, flags: 'FPAU', options: [1, 1, 1, 1] }, ascii('GET / HTTP/1.1\r\n')));
    const tcpHeader = decodeEthernet(frame).tcp;
    expect(tcpHeader?.flags).toEqual({ syn: false, ack: true, rst: false, fin: true, psh: true, urg: true });
    expect(tcpHeader?.payload).toEqual(ascii('GET / HTTP/1.1\r\n'));
  });

  it('treats a data offset below 5 as the minimal header', () => {
    const frame = ipv4Frame({ protocol: 6 }, tcp({ srcPort: 1, dstPort: 2, seq: 3, flags: 'A' }, [0xaa, 0xbb]));
    frame[14 + 20 + 12] = 0x20;
    const packet = decodeEthernet(frame);
    expect(packet.tcp?.payload).toEqual(Uint8Array.from([0xaa, 0xbb]));
    expect(packet.truncated).toBeUndefined();
  });
});

describe('decodeEthernet: UDP', () => {
  it('decodes ports, length and payload', () => {
    const query = concat(u16(0x1a2b), [1, 0], u16(1), u16(0), u16(0), u16(0), [7], ascii('example'), [3], ascii('com'), [0], u16(1), u16(1));
    const packet = decodeEthernet(ipv4Frame({ protocol: 17 }, udp(51000, 53, query)));
    expect(packet.udp).toEqual({ srcPort: 51000, dstPort: 53, length: 8 + query.length, payload: query });
  });

  it('decodes an empty datagram', () => {
    expect(decodeEthernet(padded(ipv4Frame({ protocol: 17 }, udp(1, 2, []))))).toMatchObject({ udp: { length: 8, payload: new Uint8Array(0) } });
  });

  it('ignores a UDP length below the header length', () => {
    const frame = ipv4Frame({ protocol: 17 }, udp(1, 2, ascii('abc')));
    frame.set(u16(3), 14 + 20 + 4);
    expect(decodeEthernet(frame).udp?.payload).toEqual(ascii('abc'));
  });
});

describe('decodeEthernet: truncated frames', () => {
  const vlanUdpFrame = ipv4Frame({ protocol: 17 }, udp(5000, 6000, ascii('tagged')), { vlans: [{ tpid: 0x8100, id: 42 }] });
  const arpFrame = ethernet({ dst: BROADCAST, etherType: 0x0806 }, arp(1, MAC_A, IP_A, '00:00:00:00:00:00', IP_B));
  const optionsFrame = ipv4Frame({ protocol: 1, options: [1, 1, 1, 1, 1, 1, 1, 0] }, echoRequest(3, 4, ascii('x')));

  // Where the last header of each frame ends: any cut before it is a truncation.
  const cases: Array<[name: string, frame: Uint8Array, headersEnd: number]> = [
    ['ARP', arpFrame, 14 + 28],
    ['ICMP echo', echoRequestFrame, 14 + 20 + 8],
    ['IPv4 with options', optionsFrame, 14 + 28 + 8],
    ['TCP with options', synFrame, 14 + 20 + 28],
    ['UDP in a VLAN', vlanUdpFrame, 18 + 20 + 8],
    ['port unreachable quoting UDP', portUnreachableFrame, 14 + 20 + 8 + 20 + 8],
    ['time exceeded quoting an echo', timeExceededFrame, 14 + 20 + 8 + 20 + 8],
    ['ICMP echo in VXLAN', vxlanEchoFrame, INNER_AT + 14 + 20 + 8],
  ];

  it.each(cases)('%s: every cut decodes without throwing, truncated exactly when a header is cut', (_name, frame, headersEnd) => {
    for (let cut = 0; cut <= frame.length; cut++) {
      const packet = decodeEthernet(frame.subarray(0, cut));
      expect(packet.length).toBe(cut);
      expect(packet.truncated ?? false, `cut at ${cut}`).toBe(cut < headersEnd);
    }
  });

  it('reports the layers that arrived at each header boundary of a TCP frame', () => {
    const at = (cut: number): DecodedPacket => decodeEthernet(synFrame.subarray(0, cut));
    expect(at(0)).toEqual({ eth: { dst: '', src: '', etherType: 0 }, length: 0, truncated: true });
    expect(at(6)).toEqual({ eth: { dst: MAC_B, src: '', etherType: 0 }, length: 6, truncated: true });
    expect(at(13)).toEqual({ eth: { dst: MAC_B, src: MAC_A, etherType: 0 }, length: 13, truncated: true });
    expect(at(14)).toEqual({ eth: { dst: MAC_B, src: MAC_A, etherType: 0x0800 }, length: 14, truncated: true });
    expect(at(33).ip).toBeUndefined();
    expect(at(34)).toMatchObject({ ip: { protocol: 6 }, truncated: true });
    expect(at(34).tcp).toBeUndefined();
    expect(at(53).tcp).toBeUndefined();
    // Fixed TCP fields arrived, options did not: the header is reported, without payload.
    expect(at(54)).toMatchObject({ tcp: { srcPort: 43512, seq: 0xf0e1d2c3, payload: new Uint8Array(0) }, truncated: true });
    expect(at(62)).toMatchObject({ tcp: { srcPort: 43512 } });
    expect(at(62).truncated).toBeUndefined();
  });

  it('reports the IPv4 header when only its options were cut', () => {
    const packet = decodeEthernet(optionsFrame.subarray(0, 14 + 24));
    expect(packet).toMatchObject({ ip: { headerLength: 28 }, truncated: true });
    expect(packet.icmp).toBeUndefined();
  });

  it('reports an ICMP message whose identifiers were cut with type and code only', () => {
    const packet = decodeEthernet(echoRequestFrame.subarray(0, 14 + 20 + 5));
    expect(packet.icmp).toEqual({ type: 8, code: 0, payload: new Uint8Array(0) });
    expect(packet.truncated).toBe(true);
  });

  it('keeps the quoted IP header when the quoted transport bytes were cut', () => {
    const packet = decodeEthernet(portUnreachableFrame.subarray(0, 14 + 20 + 8 + 20 + 7));
    expect(packet.icmp?.embedded).toEqual({ ip: expect.objectContaining({ protocol: 17 }) });
    expect(packet.truncated).toBe(true);
  });

  it('handles a VLAN tag cut in the middle', () => {
    expect(decodeEthernet(vlanUdpFrame.subarray(0, 16))).toEqual({ eth: { dst: MAC_B, src: MAC_A, etherType: 0 }, length: 16, truncated: true });
  });

  it('never throws on random bytes', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const etherTypes = [0x0800, 0x0806, 0x8100, 0x88a8, 0x86dd];
    for (let i = 0; i < 2000; i++) {
      const frame = Uint8Array.from({ length: Math.floor(random() * 120) }, () => Math.floor(random() * 256));
      // Steer most frames into the decoders rather than the "unknown EtherType" exit.
      if (frame.length >= 14 && random() < 0.8) frame.set(u16(etherTypes[i % etherTypes.length]), 12);
      if (frame.length >= 15 && random() < 0.7) frame[14] = 0x45;
      if (frame.length >= 24 && random() < 0.7) frame[23] = [1, 6, 17][i % 3];
      expect(() => describeLayers(decodeEthernet(frame))).not.toThrow();
    }
  });
});

describe('icmpTypeName', () => {
  it.each([
    [0, 0, 'echo reply'],
    [8, 0, 'echo request'],
    [3, 0, 'destination unreachable: net unreachable'],
    [3, 1, 'destination unreachable: host unreachable'],
    [3, 2, 'destination unreachable: protocol unreachable'],
    [3, 3, 'destination unreachable: port unreachable'],
    [3, 4, 'destination unreachable: fragmentation needed and DF set'],
    [3, 13, 'destination unreachable: communication administratively prohibited'],
    [3, 99, 'destination unreachable: code 99'],
    [5, 0, 'redirect: for network'],
    [5, 1, 'redirect: for host'],
    [11, 0, 'time exceeded: TTL exceeded in transit'],
    [11, 1, 'time exceeded: fragment reassembly time exceeded'],
    [12, 0, 'parameter problem: pointer indicates the error'],
    [13, 0, 'timestamp request'],
    [8, 1, 'echo request: code 1'],
    [42, 3, 'type 42, code 3'],
  ])('type %i code %i is %j', (type, code, name) => {
    expect(icmpTypeName(type, code)).toBe(name);
  });
});

describe('tcpFlagsText', () => {
  const flags = (set: string): TcpHeader['flags'] => ({
    syn: set.includes('S'), ack: set.includes('A'), rst: set.includes('R'), fin: set.includes('F'), psh: set.includes('P'), urg: set.includes('U'),
  });

  it.each([
    ['S', 'S'], ['SA', 'S.'], ['RA', 'R.'], ['R', 'R'], ['FA', 'F.'], ['PA', 'P.'], ['A', '.'], ['FPA', 'FP.'], ['PAU', 'P.U'], ['', 'none'],
  ])('%j prints as %j', (set, text) => {
    expect(tcpFlagsText(flags(set))).toBe(text);
  });
});

describe('describeLayers', () => {
  it('lists Ethernet II, IPv4, TCP and Payload for a TCP packet', () => {
    const payload = ascii('GET /index.html HTTP/1.1\r\nHost: web\r\n\r\n');
    const frame = ipv4Frame({ protocol: 6, ttl: 64, id: 0x1c46, dontFragment: true }, tcp({ srcPort: 43512, dstPort: 80, seq: 1, ack: 2, flags: 'PA', window: 502 }, payload));
    const checksum = `0x${((frame[24] << 8) | frame[25]).toString(16).padStart(4, '0')}`;
    expect(describeLayers(decodeEthernet(frame))).toEqual([
      { name: 'Ethernet II', fields: [['Destination', MAC_B], ['Source', MAC_A], ['Type', '0x0800 (IPv4)']] },
      {
        name: 'IPv4',
        fields: [
          ['Source', IP_A], ['Destination', IP_B], ['Protocol', '6 (TCP)'], ['TTL', '64'], ['Identification', '0x1c46 (7238)'],
          ['Header length', '20 bytes'], ['Total length', String(20 + 20 + payload.length)], ['Flags', "DF (don't fragment)"],
          ['Fragment offset', '0'], ['Checksum', checksum],
        ],
      },
      {
        name: 'TCP',
        fields: [
          ['Source port', '43512'], ['Destination port', '80'], ['Sequence number', '1'], ['Acknowledgment number', '2'], ['Flags', '[P.]'], ['Window', '502'],
        ],
      },
      {
        name: 'Payload',
        fields: [
          ['Length', '39 bytes'],
          ['Hex', '47 45 54 20 2f 69 6e 64 65 78 2e 68 74 6d 6c 20 48 54 54 50 2f 31 2e 31 0d 0a 48 6f 73 74 3a 20 …'],
          ['ASCII', 'GET /index.html HTTP/1.1..Host:  …'],
        ],
      },
    ]);
  });

  it('shows a short payload whole, non-printable bytes as dots', () => {
    const packet = decodeEthernet(ipv4Frame({ protocol: 17 }, udp(1, 2, [0x00, 0x41, 0x7f, 0x20, 0xff])));
    expect(describeLayers(packet).at(-1)).toEqual({ name: 'Payload', fields: [['Length', '5 bytes'], ['Hex', '00 41 7f 20 ff'], ['ASCII', '.A. .']] });
  });

  it('leaves out the Payload layer when there is none', () => {
    expect(describeLayers(decodeEthernet(synFrame)).map((layer) => layer.name)).toEqual(['Ethernet II', 'IPv4', 'TCP']);
  });

  it('describes ARP, with the VLAN id in the Ethernet layer', () => {
    const frame = ethernet({ dst: BROADCAST, etherType: 0x0806, vlans: [{ tpid: 0x8100, id: 10 }] }, arp(1, MAC_A, IP_A, '00:00:00:00:00:00', IP_B));
    expect(describeLayers(decodeEthernet(frame))).toEqual([
      { name: 'Ethernet II', fields: [['Destination', BROADCAST], ['Source', MAC_A], ['VLAN', '10'], ['Type', '0x0806 (ARP)']] },
      { name: 'ARP', fields: [['Operation', 'request (1)'], ['Sender MAC', MAC_A], ['Sender IP', IP_A], ['Target MAC', '00:00:00:00:00:00'], ['Target IP', IP_B]] },
    ]);
  });

  it('describes an echo request', () => {
    const icmpLayer = describeLayers(decodeEthernet(echoRequestFrame)).find((layer) => layer.name === 'ICMP');
    expect(icmpLayer?.fields).toEqual([['Type', '8 (echo request)'], ['Code', '0'], ['Identifier', '4660 (0x1234)'], ['Sequence number', '7']]);
  });

  it('describes the packet an ICMP error quotes, labelled as the original', () => {
    const layers = describeLayers(decodeEthernet(portUnreachableFrame));
    expect(layers.find((layer) => layer.name === 'ICMP')?.fields).toEqual([
      ['Type', '3 (destination unreachable: port unreachable)'], ['Code', '3'],
      ['Original source', IP_A], ['Original destination', IP_B], ['Original protocol', '17 (UDP)'], ['Original TTL', '64'],
      ['Original identification', '0xbeef (48879)'], ['Original ports', '53124 → 33434'],
    ]);
    const quotedEchoFields = describeLayers(decodeEthernet(timeExceededFrame)).find((layer) => layer.name === 'ICMP')?.fields;
    expect(quotedEchoFields).toContainEqual(['Original ICMP', 'echo request, id 153, seq 3']);
  });

  it('names IP flags, and leaves unknown EtherTypes and protocols as numbers', () => {
    const fragment = describeLayers(decodeEthernet(ipv4Frame({ protocol: 253, moreFragments: true, dontFragment: true }, [1])));
    expect(fragment[1].fields).toContainEqual(['Flags', "DF (don't fragment), MF (more fragments)"]);
    expect(fragment[1].fields).toContainEqual(['Protocol', '253']);
    expect(describeLayers(decodeEthernet(ethernet({ etherType: 0x88b5 }, [])))[0].fields).toContainEqual(['Type', '0x88b5']);
  });

  it('ends with a Truncated layer when the capture ended inside a header', () => {
    const layers = describeLayers(decodeEthernet(synFrame.subarray(0, 40)));
    expect(layers.map((layer) => layer.name)).toEqual(['Ethernet II', 'IPv4', 'Truncated']);
    expect(layers.at(-1)?.fields).toEqual([['Captured', '40 bytes, ending inside a header']]);
    expect(describeLayers(decodeEthernet(new Uint8Array(3)))[0].fields.slice(0, 2)).toEqual([['Destination', '?'], ['Source', '?']]);
  });
});

describe('decodeEthernet: VXLAN', () => {
  it('decodes the outer headers, the VXLAN header, and the inner frame as if it had been captured alone', () => {
    const packet = decodeEthernet(vxlanEchoFrame);
    expect(packet.eth).toEqual({ src: VTEP_MAC_1, dst: VTEP_MAC_2, etherType: 0x0800 });
    expect(packet.ip).toMatchObject({ src: VTEP_1, dst: VTEP_2, ttl: 61, id: 0x7a00, protocol: 17, dontFragment: true });
    expect(packet.udp).toMatchObject({ srcPort: 38212, dstPort: 4789, length: 8 + 8 + echoRequestFrame.length });
    expect(packet.icmp).toBeUndefined();
    expect(packet.truncated).toBeUndefined();
    expect(packet.vxlan).toEqual({ flags: 0x08, vni: 4096, inner: decodeEthernet(echoRequestFrame) });
    expect(packet.vxlan?.inner).toMatchObject({
      eth: { src: MAC_A, dst: MAC_B }, ip: { src: IP_A, dst: IP_B, ttl: 64, id: 0x4d2 }, icmp: { type: 8, id: 0x1234, seq: 7, payload: PING_PAYLOAD },
      length: echoRequestFrame.length,
    });
  });

  it('reads the whole 24-bit VNI, and keeps the flags byte as sent', () => {
    expect(decodeEthernet(vxlanFrame({ vni: 0xabcdef }, echoRequestFrame)).vxlan?.vni).toBe(0xabcdef);
    expect(decodeEthernet(vxlanFrame({ vni: 0 }, echoRequestFrame)).vxlan?.vni).toBe(0);
    expect(decodeEthernet(vxlanFrame({ vni: 1, flags: 0x88 }, echoRequestFrame)).vxlan).toMatchObject({ flags: 0x88, vni: 1 });
  });

  it("accepts the Linux kernel's default port 8472 too", () => {
    expect(decodeEthernet(vxlanFrame({ vni: 42, dstPort: 8472 }, echoRequestFrame)).vxlan?.vni).toBe(42);
  });

  it('decodes every kind of inner frame: ARP, TCP, UDP', () => {
    const inner = (frame: Uint8Array) => decodeEthernet(vxlanFrame({ vni: 7 }, frame)).vxlan?.inner;
    expect(inner(ethernet({ dst: BROADCAST, etherType: 0x0806 }, arp(1, MAC_A, IP_A, '00:00:00:00:00:00', IP_B)))?.arp).toMatchObject({ op: 'request', targetIp: IP_B });
    expect(inner(synFrame)?.tcp).toMatchObject({ srcPort: 43512, dstPort: 80, seq: 0xf0e1d2c3, flags: { syn: true } });
    expect(inner(ipv4Frame({ protocol: 17 }, udp(5353, 53, ascii('query'))))?.udp).toMatchObject({ dstPort: 53, payload: ascii('query') });
  });

  it('leaves the inner payload a view of the captured frame', () => {
    const payload = innermostPacket(decodeEthernet(vxlanEchoFrame)).icmp!.payload;
    expect(payload.buffer).toBe(vxlanEchoFrame.buffer);
  });

  it('stays plain UDP on another port, without the I flag, or when the datagram is shorter than a VXLAN header', () => {
    const plain = (frame: Uint8Array) => {
      const packet = decodeEthernet(frame);
      expect(packet.udp).toBeDefined();
      expect(packet.vxlan).toBeUndefined();
      expect(packet.truncated).toBeUndefined();
    };
    plain(vxlanFrame({ vni: 4096, dstPort: 4790 }, echoRequestFrame));
    plain(vxlanFrame({ vni: 4096, flags: 0x00 }, echoRequestFrame));
    plain(vxlanFrame({ vni: 4096, flags: 0x80 }, echoRequestFrame));
    plain(ipv4Frame({ protocol: 17 }, udp(1234, 4789, vxlanHeader(4096).slice(0, 7))));
    plain(ipv4Frame({ protocol: 17 }, udp(1234, 4789, [])));
  });

  it('takes a VXLAN header cut by the capture for a truncation, and keeps the outer layers', () => {
    const packet = decodeEthernet(vxlanEchoFrame.subarray(0, VXLAN_AT + 5));
    expect(packet).toMatchObject({ ip: { src: VTEP_1 }, udp: { dstPort: 4789 }, truncated: true });
    expect(packet.vxlan).toBeUndefined();
  });

  it('decodes the inner frame as far as it was captured, and marks the whole frame truncated', () => {
    const packet = decodeEthernet(vxlanEchoFrame.subarray(0, INNER_AT + 14 + 10));
    expect(packet.vxlan).toMatchObject({ vni: 4096, inner: { eth: { src: MAC_A, etherType: 0x0800 }, truncated: true, length: 24 } });
    expect(packet.vxlan?.inner.ip).toBeUndefined();
    expect(packet.truncated).toBe(true);
    expect(decodeEthernet(vxlanEchoFrame.subarray(0, INNER_AT)).vxlan?.inner).toEqual({ eth: { src: '', dst: '', etherType: 0 }, length: 0, truncated: true });
  });

  it('decodes VXLAN inside VXLAN, four encapsulations deep at most', () => {
    let frame = echoRequestFrame;
    for (let vni = 1; vni <= 6; vni++) frame = vxlanFrame({ vni }, frame);
    const vnis: number[] = [];
    for (let p: DecodedPacket | undefined = decodeEthernet(frame); p?.vxlan; p = p.vxlan.inner) vnis.push(p.vxlan.vni);
    expect(vnis).toEqual([6, 5, 4, 3]);
    const deepest = innermostPacket(decodeEthernet(frame));
    expect(deepest.udp?.dstPort).toBe(4789);
    expect(deepest.vxlan).toBeUndefined();
    expect(innermostPacket(decodeEthernet(vxlanFrame({ vni: 1 }, vxlanEchoFrame))).icmp?.id).toBe(0x1234);
  });

  it('innermostPacket returns a bare packet itself', () => {
    const packet = decodeEthernet(echoRequestFrame);
    expect(innermostPacket(packet)).toBe(packet);
  });

  it('never throws on random bytes after a VXLAN header', () => {
    let seed = 4789;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 1000; i++) {
      const inner = Uint8Array.from({ length: Math.floor(random() * 100) }, () => Math.floor(random() * 256));
      if (inner.length >= 14 && random() < 0.8) inner.set(u16([0x0800, 0x0806, 0x8100][i % 3]), 12);
      if (inner.length >= 15 && random() < 0.7) inner[14] = 0x45;
      const frame = vxlanFrame({ vni: i, flags: random() < 0.9 ? 0x08 : Math.floor(random() * 256) }, inner);
      const cut = frame.subarray(0, Math.floor(random() * (frame.length + 1)));
      expect(() => describeLayers(decodeEthernet(cut))).not.toThrow();
    }
  });
});

describe('describeLayers: VXLAN', () => {
  it('lists the outer Ethernet, IPv4 and UDP, the VXLAN header, then the inner layers named Inner, and the inner payload', () => {
    const layers = describeLayers(decodeEthernet(vxlanEchoFrame));
    expect(layers.map((layer) => layer.name)).toEqual([
      'Ethernet II', 'IPv4', 'UDP', 'VXLAN', 'Inner Ethernet II', 'Inner IPv4', 'Inner ICMP', 'Payload',
    ]);
    const byName = new Map(layers.map((layer) => [layer.name, layer.fields]));
    expect(byName.get('Ethernet II')).toEqual([['Destination', VTEP_MAC_2], ['Source', VTEP_MAC_1], ['Type', '0x0800 (IPv4)']]);
    expect(byName.get('IPv4')).toEqual(expect.arrayContaining([['Source', VTEP_1], ['Destination', VTEP_2], ['Protocol', '17 (UDP)'], ['TTL', '61']]));
    expect(byName.get('UDP')).toEqual([['Source port', '38212'], ['Destination port', '4789 (VXLAN)'], ['Length', String(16 + echoRequestFrame.length)]]);
    expect(byName.get('VXLAN')).toEqual([['Flags', '0x08 (I: VNI present)'], ['VNI', '4096 (0x001000)']]);
    // the inner layers are exactly what the bare frame shows
    const bare = describeLayers(decodeEthernet(echoRequestFrame));
    expect(layers.slice(4)).toEqual(bare.map((layer) => (layer.name === 'Payload' ? layer : { ...layer, name: `Inner ${layer.name}` })));
    expect(byName.get('Inner IPv4')).toEqual(expect.arrayContaining([['Source', IP_A], ['Destination', IP_B], ['TTL', '64']]));
    expect(byName.get('Payload')).toContainEqual(['Length', `${PING_PAYLOAD.length} bytes`]);
  });

  it('names the destination port VXLAN only when the datagram was decoded as VXLAN', () => {
    const notVxlan = describeLayers(decodeEthernet(vxlanFrame({ vni: 4096, flags: 0 }, echoRequestFrame)));
    expect(notVxlan.map((layer) => layer.name)).toEqual(['Ethernet II', 'IPv4', 'UDP', 'Payload']);
    expect(notVxlan[2].fields).toContainEqual(['Destination port', '4789']);
  });

  it('ends with one Truncated layer when the inner frame was cut', () => {
    const layers = describeLayers(decodeEthernet(vxlanEchoFrame.subarray(0, INNER_AT + 14 + 10)));
    expect(layers.map((layer) => layer.name)).toEqual(['Ethernet II', 'IPv4', 'UDP', 'VXLAN', 'Inner Ethernet II', 'Truncated']);
    expect(layers.at(-1)?.fields).toEqual([['Captured', `${INNER_AT + 24} bytes, ending inside a header`]]);
  });

  it('keeps layer names unique when VXLAN is nested', () => {
    const names = describeLayers(decodeEthernet(vxlanFrame({ vni: 1 }, vxlanEchoFrame))).map((layer) => layer.name);
    expect(names).toEqual([
      'Ethernet II', 'IPv4', 'UDP', 'VXLAN',
      'Inner Ethernet II', 'Inner IPv4', 'Inner UDP', 'Inner VXLAN',
      'Inner Inner Ethernet II', 'Inner Inner IPv4', 'Inner Inner ICMP', 'Payload',
    ]);
    expect(new Set(names).size).toBe(names.length);
  });
});

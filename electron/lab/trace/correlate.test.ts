import { describe, expect, it } from 'vitest';
import { correlate, directionOf, HOST, orderSightings } from './correlate';
import { ascii } from './frames.test-support';
import { decodeEthernet } from './packets';
import {
  acrossBridge, ALPHA, arpIsAt, arpWhoHas, atBridge, atNode, atVeth, BETA, CLIENT, encapsulated, HOST1, HOST2, icmpErrorFrame, ipPacketOf, l2, LAN,
  LEFT, OVERLAY_VNI, PC, pingFrame, pingPayload, pongFrame, probe, R1_LEFT, R1_RIGHT, RIGHT, seenAlong, seenAt, SERVER, tcpFrame, TOKEN, udpFrame,
  UNDERLAY, UPLINK, UPLINK_IP, UPSTREAM_MAC, WEB, type Vantage,
} from './sightings.test-support';
import type { Hop, Sighting } from './types';

/** A hop in one line: where, which way, what for. */
const line = (h: Hop): string => `${h.place} ${h.iface} ${h.direction} ${h.role}`;
const where = (s: Sighting): string => `${s.place} ${s.iface}`;

const T0 = 1_700_000_000_000_000; // µs since the epoch, as pcap timestamps are
const ECHO_ID = 0x1d2e; // 7470

// client pings server across br-lan: the request and the reply, each seen five times
const echoRequest = pingFrame(l2(CLIENT, SERVER), { src: CLIENT.ip, dst: SERVER.ip, id: 0x4001 }, ECHO_ID, 1);
const echoReply = pongFrame(l2(SERVER, CLIENT), { src: SERVER.ip, dst: CLIENT.ip, id: 0x9a02 }, ECHO_ID, 1);
const there = acrossBridge(CLIENT, LAN, SERVER);
const back = acrossBridge(SERVER, LAN, CLIENT);
const sameBridgePing = (): Sighting[] => [...seenAlong(there, T0, echoRequest), ...seenAlong(back, T0 + 150, echoReply)];

describe('directionOf', () => {
  const dir = (vantage: Vantage, frame: Uint8Array) => directionOf(seenAt(vantage, T0, frame), decodeEthernet(frame));

  it('is out when the frame comes from the interface, in when it is addressed to it', () => {
    expect(dir(atNode(CLIENT), echoRequest)).toBe('out');
    expect(dir(atNode(SERVER), echoRequest)).toBe('in');
    expect(dir(atNode(SERVER), echoReply)).toBe('out');
    expect(dir(atNode(CLIENT), echoReply)).toBe('in');
  });

  it('on a bridge port, is in for frames from the container at its other end and out for the rest', () => {
    expect(dir(atVeth(CLIENT), echoRequest)).toBe('in');
    expect(dir(atVeth(SERVER), echoRequest)).toBe('out');
    expect(dir(atVeth(SERVER), echoReply)).toBe('in');
    expect(dir(atVeth(CLIENT), echoReply)).toBe('out');
  });

  it('on a bridge port, also judges broadcasts by their source', () => {
    const whoHas = arpWhoHas(CLIENT, SERVER.ip);
    expect(dir(atVeth(CLIENT), whoHas)).toBe('in');
    expect(dir(atVeth(SERVER), whoHas)).toBe('out');
  });

  it('on the bridge device, is in for frames passing through, out for frames the host sends', () => {
    expect(dir(atBridge(LAN), echoRequest)).toBe('in');
    expect(dir(atBridge(LAN), echoReply)).toBe('in');
    const fromHost = pingFrame(l2(LAN, SERVER), { src: LAN.ip, dst: SERVER.ip }, 1, 1);
    const toHost = pongFrame(l2(SERVER, LAN), { src: SERVER.ip, dst: LAN.ip }, 1, 1);
    expect(dir(atBridge(LAN), fromHost)).toBe('out');
    expect(dir(atBridge(LAN), toHost)).toBe('in');
  });

  it("takes a broadcast at a node that did not send it as coming in", () => {
    const whoHas = arpWhoHas(CLIENT, SERVER.ip);
    expect(dir(atNode(CLIENT), whoHas)).toBe('out');
    expect(dir(atNode(SERVER), whoHas)).toBe('in');
  });
});

describe('orderSightings', () => {
  it('orders by time first, whatever the place', () => {
    const late = seenAt(atNode(CLIENT), T0 + 2, echoRequest);
    const early = seenAt(atNode(SERVER), T0 + 1, echoRequest);
    expect(orderSightings([late, early])).toEqual([early, late]);
  });

  it('puts sightings of one microsecond in the order a frame crosses a bridge', () => {
    const scrambled = [4, 2, 0, 3, 1].map((i) => seenAt(there[i], T0, echoRequest));
    expect(orderSightings(scrambled).map(where)).toEqual([
      'client eth0', // out of the node
      'host vethclient0', // into the bridge port
      'host br-lan', // the bridge itself
      'host vethserver0', // out of the other port
      'server eth0', // into the other node
    ]);
  });

  it('orders the way back just as well: the roles of the ports swap with the direction', () => {
    const scrambled = [...sameBridgePing()].reverse();
    expect(orderSightings(scrambled).map(where)).toEqual([
      'client eth0', 'host vethclient0', 'host br-lan', 'host vethserver0', 'server eth0',
      'server eth0', 'host vethserver0', 'host br-lan', 'host vethclient0', 'client eth0',
    ]);
  });

  it('puts a router forwarding within one microsecond in order: in (TTL 64) before out (TTL 63)', () => {
    const arriving = seenAt(atNode(R1_LEFT), T0, pingFrame(l2(PC, R1_LEFT), { src: PC.ip, dst: WEB.ip, ttl: 64 }, 7, 1));
    const leaving = seenAt(atNode(R1_RIGHT), T0, pingFrame(l2(R1_RIGHT, WEB), { src: PC.ip, dst: WEB.ip, ttl: 63 }, 7, 1));
    expect(orderSightings([leaving, arriving]).map(where)).toEqual(['r1 eth0', 'r1 eth1']);
  });

  it('keeps the given order of sightings that tie on time and stage', () => {
    const first = seenAt(atBridge(LAN), T0, echoRequest);
    const second = seenAt({ ...UPLINK }, T0, echoRequest);
    expect(orderSightings([first, second])).toEqual([first, second]);
    expect(orderSightings([second, first])).toEqual([second, first]);
  });

  it('returns a new array and leaves its input alone', () => {
    const input = [...sameBridgePing()].reverse();
    const copy = [...input];
    const ordered = orderSightings(input);
    expect(ordered).not.toBe(input);
    expect(input).toEqual(copy);
    expect(orderSightings([])).toEqual([]);
  });
});

describe('correlate: a ping across one bridge', () => {
  const scrambled = (): Sighting[] => {
    const all = sameBridgePing();
    return [all[7], all[2], all[9], all[0], all[5], all[4], all[1], all[8], all[3], all[6]];
  };

  it('lists the request out of the client, through the bridge, into the server, then the reply back', () => {
    expect(correlate(scrambled(), probe()).map(line)).toEqual([
      'client eth0 out request',
      'host vethclient0 in request',
      'host br-lan in request',
      'host vethserver0 out request',
      'server eth0 in request',
      'server eth0 out reply',
      'host vethserver0 in reply',
      'host br-lan in reply',
      'host vethclient0 out reply',
      'client eth0 in reply',
    ]);
  });

  it('fills in every field of a hop', () => {
    const hops = correlate(scrambled(), probe());
    expect(hops[0]).toEqual({
      index: 0, timeMs: 0, place: 'client', iface: 'eth0', network: 'lan', direction: 'out', role: 'request',
      srcMac: CLIENT.mac, dstMac: SERVER.mac, srcIp: CLIENT.ip, dstIp: SERVER.ip, ttl: 64, ipId: 0x4001,
      summary: 'ICMP echo request id 7470 seq 1', rewrite: undefined, frame: 0,
    });
    expect(hops[9]).toEqual({
      index: 9, timeMs: 0.15, place: 'client', iface: 'eth0', network: 'lan', direction: 'in', role: 'reply',
      srcMac: SERVER.mac, dstMac: CLIENT.mac, srcIp: SERVER.ip, dstIp: CLIENT.ip, ttl: 64, ipId: 0x9a02,
      summary: 'ICMP echo reply id 7470 seq 1', rewrite: undefined, frame: 9,
    });
  });

  it('numbers hops from 0 and gives the time since the first one in ms, rounded to 10 µs', () => {
    const sightings = [
      ...seenAlong(there, T0, echoRequest, 3), // 0, 3, 6, 9, 12 µs
      ...seenAlong(back, T0 + 1234, echoReply, 1), // 1.234 ms …
      seenAt(atNode(CLIENT), T0 + 2_000_005, echoReply), // a duplicate, 2 s later
    ];
    const hops = correlate(sightings, probe());
    expect(hops.map((h) => h.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(hops.map((h) => h.timeMs)).toEqual([0, 0, 0.01, 0.01, 0.01, 1.23, 1.24, 1.24, 1.24, 1.24, 2000.01]);
  });

  it('counts time from the first hop, not from an earlier frame that is not the probe', () => {
    const strangerPing = pingFrame(l2(CLIENT, SERVER), { src: CLIENT.ip, dst: SERVER.ip }, 0x0999, 4, ascii('someone else pinging here'));
    const sightings = [seenAt(atNode(CLIENT), T0 - 50_000, strangerPing), ...sameBridgePing()];
    const hops = correlate(sightings, probe());
    expect(hops[0]).toMatchObject({ timeMs: 0, frame: 1 });
    expect(hops[9].timeMs).toBe(0.15);
  });

  it('gives each hop the index of its frame among all sightings (the pcap order), skipping frames that are not the probe', () => {
    const strangerPing = pingFrame(l2(CLIENT, SERVER), { src: CLIENT.ip, dst: SERVER.ip }, 0x0999, 4, ascii('someone else pinging here'));
    const sightings = [
      ...sameBridgePing(),
      seenAt(atNode(CLIENT), T0 + 80, strangerPing),
      seenAt(atNode(SERVER), T0 + 81, strangerPing),
    ];
    const hops = correlate(sightings, probe());
    expect(hops).toHaveLength(10);
    expect(hops.map((h) => h.frame)).toEqual([0, 1, 2, 3, 4, 7, 8, 9, 10, 11]);
    // the frame index points at the frame in the time-ordered sightings
    const ordered = orderSightings(sightings);
    for (const hop of hops) expect(ordered[hop.frame].data).toBe(hop.role === 'request' ? echoRequest : echoReply);
  });

  it('marks no rewrite when addresses stay the same all the way', () => {
    expect(correlate(sameBridgePing(), probe()).every((h) => h.rewrite === undefined)).toBe(true);
  });

  it('returns no hops for no sightings', () => {
    expect(correlate([], probe())).toEqual([]);
  });
});

describe('correlate: which ICMP packets are the probe', () => {
  it('finds the token at an odd offset in the payload', () => {
    const payload = pingPayload();
    expect(payload.indexOf(TOKEN[0])).toBe(17);
    expect(correlate(seenAlong(there, T0, echoRequest), probe())).toHaveLength(5);
  });

  it('ignores a ping without the token, even with the same id', () => {
    const other = pingFrame(l2(CLIENT, SERVER), { src: CLIENT.ip, dst: SERVER.ip }, ECHO_ID, 1, ascii('0123456789abcdefghijklmnopqrstuvwxyz'));
    expect(correlate(seenAlong(there, T0, other), probe())).toEqual([]);
  });

  it('ignores a payload that holds only part of the token', () => {
    const partial = pingFrame(l2(CLIENT, SERVER), { src: CLIENT.ip, dst: SERVER.ip }, ECHO_ID, 1, [...ascii('timestamp.......'), ...TOKEN.subarray(0, 7)]);
    expect(correlate(seenAlong(there, T0, partial), probe())).toEqual([]);
  });

  it('matches nothing with an empty token', () => {
    expect(correlate(sameBridgePing(), probe({ token: new Uint8Array(0) }))).toEqual([]);
  });

  it('ignores pings carrying the token when the probe is TCP or UDP', () => {
    expect(correlate(sameBridgePing(), probe({ protocol: 'tcp', port: 80 }))).toEqual([]);
    expect(correlate(sameBridgePing(), probe({ protocol: 'udp', port: 53 }))).toEqual([]);
  });

  it('takes an echo reply with the token as the reply, whatever its id', () => {
    const reply = pongFrame(l2(SERVER, CLIENT), { src: SERVER.ip, dst: CLIENT.ip }, 0x7777, 9);
    expect(correlate([seenAt(atNode(SERVER), T0, reply)], probe()).map(line)).toEqual(['server eth0 out reply']);
  });

  describe('ICMP errors about the ping (pc pings web through r1)', () => {
    const ping = pingFrame(l2(PC, R1_LEFT), { src: PC.ip, dst: WEB.ip, ttl: 1 }, ECHO_ID, 1);
    const timeExceeded = (aboutId: number) => {
      const quoted = ipPacketOf(pingFrame(l2(PC, R1_LEFT), { src: PC.ip, dst: WEB.ip, ttl: 1 }, aboutId, 1));
      return icmpErrorFrame(l2(R1_LEFT, PC), { src: R1_LEFT.ip, dst: PC.ip, ttl: 64 }, 11, 0, quoted);
    };

    it('takes a time exceeded quoting the echo id as an error', () => {
      const hops = correlate([
        ...seenAlong(acrossBridge(PC, LEFT, R1_LEFT), T0, ping),
        ...seenAlong(acrossBridge(R1_LEFT, LEFT, PC), T0 + 40, timeExceeded(ECHO_ID)),
      ], probe({ from: 'pc', targetIp: WEB.ip, targetNode: 'web' }));
      expect(hops.map(line).slice(5)).toEqual([
        'r1 eth0 out error', 'host vethr10 in error', 'host br-left in error', 'host vethpc0 out error', 'pc eth0 in error',
      ]);
      expect(hops[5]).toMatchObject({ srcIp: R1_LEFT.ip, dstIp: PC.ip, summary: 'ICMP time exceeded: TTL exceeded in transit' });
    });

    it('ignores an error quoting another echo id', () => {
      const hops = correlate([seenAt(atNode(PC), T0, ping), seenAt(atNode(PC), T0 + 40, timeExceeded(0x0bad))], probe({ from: 'pc' }));
      expect(hops.map(line)).toEqual(['pc eth0 out request']);
    });

    it('ignores an error that arrives before any request was seen', () => {
      const hops = correlate([seenAt(atNode(PC), T0, timeExceeded(ECHO_ID)), seenAt(atNode(PC), T0 + 40, ping)], probe({ from: 'pc' }));
      expect(hops.map(line)).toEqual(['pc eth0 out request']);
    });
  });
});

describe('correlate: which TCP packets are the probe', () => {
  const ISN = 0x9a3c0001;
  const SERVER_ISN = 0x11112222;
  const tcpProbe = probe({ protocol: 'tcp', port: 80 });
  const fromClient = (seq: number, flags: string, ack = 0, dstPort = 80, srcPort = 40000) =>
    tcpFrame(l2(CLIENT, SERVER), { src: CLIENT.ip, dst: SERVER.ip }, { srcPort, dstPort, seq, ack, flags });
  const fromServer = (seq: number, flags: string, ack: number, srcPort = 80, dstPort = 40000) =>
    tcpFrame(l2(SERVER, CLIENT), { src: SERVER.ip, dst: CLIENT.ip }, { srcPort, dstPort, seq, ack, flags });
  const atClient = (frames: Uint8Array[]) => frames.map((f, i) => seenAt(atNode(CLIENT), T0 + i * 10, f));

  it('starts at the SYN to the probed port and follows the handshake and the close', () => {
    const hops = correlate(atClient([
      fromClient(ISN, 'S'),
      fromServer(SERVER_ISN, 'SA', ISN + 1),
      fromClient(ISN + 1, 'A', SERVER_ISN + 1),
      fromClient(ISN + 1, 'FA', SERVER_ISN + 1),
      fromServer(SERVER_ISN + 1, 'FA', ISN + 2),
      fromClient(ISN + 2, 'A', SERVER_ISN + 2),
    ]), tcpProbe);
    expect(hops.map((h) => `${h.direction} ${h.role} ${h.summary}`)).toEqual([
      'out request TCP 40000 → 80 [S]',
      'in reply TCP 80 → 40000 [S.]',
      'out request TCP 40000 → 80 [.]',
      'out request TCP 40000 → 80 [F.]',
      'in reply TCP 80 → 40000 [F.]',
      'out request TCP 40000 → 80 [.]',
    ]);
  });

  it('takes a RST answering the SYN as the reply', () => {
    const hops = correlate(atClient([fromClient(ISN, 'S'), fromServer(0, 'RA', ISN + 1)]), tcpProbe);
    expect(hops.map((h) => `${h.role} ${h.summary}`)).toEqual(['request TCP 40000 → 80 [S]', 'reply TCP 80 → 40000 [R.]']);
  });

  it('ignores TCP before the SYN, SYNs to other ports, and other connections afterwards', () => {
    const hops = correlate(atClient([
      fromServer(5000, 'PA', 6000, 22, 51000), // an ssh session already going on
      fromClient(0x01020304, 'S', 0, 22, 51500), // a SYN to another port
      fromClient(ISN, 'S'),
      fromServer(SERVER_ISN, 'SA', 0x55555555), // a SYN-ACK for some other SYN
      fromClient(0x01020305, 'A', 0x77777777, 22, 51500),
      fromServer(SERVER_ISN, 'SA', ISN + 1),
    ]), tcpProbe);
    expect(hops.map((h) => h.summary)).toEqual(['TCP 40000 → 80 [S]', 'TCP 80 → 40000 [S.]']);
  });

  it('only starts at a SYN without ACK', () => {
    expect(correlate(atClient([fromServer(SERVER_ISN, 'SA', ISN + 1, 80, 80)]), tcpProbe)).toEqual([]);
  });

  it('follows sequence numbers across the 2^32 wrap', () => {
    const hops = correlate(atClient([fromClient(0xffffffff, 'S'), fromServer(SERVER_ISN, 'SA', 0), fromClient(0, 'A', SERVER_ISN + 1)]), tcpProbe);
    expect(hops.map((h) => h.role)).toEqual(['request', 'reply', 'request']);
  });

  it('follows the connection by sequence numbers when NAT changes its ports', () => {
    const natted = tcpFrame(l2(LAN, SERVER), { src: LAN.ip, dst: SERVER.ip }, { srcPort: 61000, dstPort: 8080, seq: ISN, flags: 'S' });
    const hops = correlate([seenAt(atNode(CLIENT), T0, fromClient(ISN, 'S')), seenAt(atNode(SERVER), T0 + 20, natted)], tcpProbe);
    expect(hops.map(line)).toEqual(['client eth0 out request', 'server eth0 in request']);
  });

  it('takes an ICMP error quoting the SYN as an error', () => {
    const syn = fromClient(ISN, 'S');
    const prohibited = icmpErrorFrame(l2(SERVER, CLIENT), { src: SERVER.ip, dst: CLIENT.ip }, 3, 13, ipPacketOf(syn));
    const otherSyn = fromClient(ISN + 1000, 'S');
    const aboutOther = icmpErrorFrame(l2(SERVER, CLIENT), { src: SERVER.ip, dst: CLIENT.ip }, 3, 13, ipPacketOf(otherSyn));
    const hops = correlate(atClient([syn, aboutOther, prohibited]), tcpProbe);
    expect(hops.map((h) => `${h.role} ${h.summary}`)).toEqual([
      'request TCP 40000 → 80 [S]',
      'error ICMP destination unreachable: communication administratively prohibited',
    ]);
  });

  it('ignores TCP when the probe is ICMP', () => {
    expect(correlate(atClient([fromClient(ISN, 'S')]), probe())).toEqual([]);
  });
});

describe('correlate: which UDP packets are the probe', () => {
  // nc -u sends the token as text: its hex digits
  const UDP_TOKEN = ascii('5a17c39e04b861f2');
  const udpProbe = probe({ protocol: 'udp', port: 9999, token: UDP_TOKEN });
  const datagram = (payload: Uint8Array, srcPort = 41000) => udpFrame(l2(CLIENT, SERVER), { src: CLIENT.ip, dst: SERVER.ip }, srcPort, 9999, payload);
  const unreachable = (aboutSrcPort: number) =>
    icmpErrorFrame(l2(SERVER, CLIENT), { src: SERVER.ip, dst: CLIENT.ip }, 3, 3, ipPacketOf(datagram(UDP_TOKEN, aboutSrcPort)));

  it('takes a datagram with the token as the request', () => {
    const hops = correlate(seenAlong(there, T0, datagram(UDP_TOKEN)), udpProbe);
    expect(hops.map(line)).toEqual([
      'client eth0 out request', 'host vethclient0 in request', 'host br-lan in request', 'host vethserver0 out request', 'server eth0 in request',
    ]);
    expect(hops[0].summary).toBe('UDP 41000 → 9999 (16 bytes)');
  });

  it('ignores datagrams without the token', () => {
    expect(correlate(seenAlong(there, T0, datagram(ascii('a DNS query, say'))), udpProbe)).toEqual([]);
  });

  it('takes an ICMP port unreachable quoting the source port as an error, and ignores one about another port', () => {
    const hops = correlate([
      seenAt(atNode(CLIENT), T0, datagram(UDP_TOKEN)),
      seenAt(atNode(CLIENT), T0 + 10, unreachable(41001)),
      seenAt(atNode(CLIENT), T0 + 20, unreachable(41000)),
    ], udpProbe);
    expect(hops.map((h) => `${h.direction} ${h.role} ${h.summary}`)).toEqual([
      'out request UDP 41000 → 9999 (16 bytes)',
      'in error ICMP destination unreachable: port unreachable',
    ]);
    expect(hops[1]).toMatchObject({ srcIp: SERVER.ip, dstIp: CLIENT.ip, frame: 2 });
  });

  it('takes a datagram coming back with the token (an echo server) as the reply', () => {
    const echoed = udpFrame(l2(SERVER, CLIENT), { src: SERVER.ip, dst: CLIENT.ip }, 9999, 41000, UDP_TOKEN);
    const hops = correlate([seenAt(atNode(CLIENT), T0, datagram(UDP_TOKEN)), seenAt(atNode(CLIENT), T0 + 90, echoed)], udpProbe);
    expect(hops.map((h) => `${h.direction} ${h.role}`)).toEqual(['out request', 'in reply']);
  });

  it('ignores UDP when the probe is TCP', () => {
    expect(correlate([seenAt(atNode(CLIENT), T0, datagram(UDP_TOKEN))], probe({ protocol: 'tcp', port: 9999, token: UDP_TOKEN }))).toEqual([]);
  });
});

describe('correlate: ARP', () => {
  const whoHas = arpWhoHas(CLIENT, SERVER.ip);
  const isAt = arpIsAt(SERVER, CLIENT);

  it('keeps ARP requests and replies as arp hops, whatever the probe', () => {
    const sightings = [...seenAlong(there, T0, whoHas), ...seenAlong(back, T0 + 30, isAt)];
    for (const protocol of ['icmp', 'tcp', 'udp'] as const) {
      const hops = correlate(sightings, probe({ protocol, port: 80 }));
      expect(hops.map(line)).toEqual([
        'client eth0 out arp', 'host vethclient0 in arp', 'host br-lan in arp', 'host vethserver0 out arp', 'server eth0 in arp',
        'server eth0 out arp', 'host vethserver0 in arp', 'host br-lan in arp', 'host vethclient0 out arp', 'client eth0 in arp',
      ]);
    }
  });

  it('names the addresses asked and answered', () => {
    const [asked, answered] = correlate([seenAt(atNode(CLIENT), T0, whoHas), seenAt(atNode(CLIENT), T0 + 30, isAt)], probe());
    expect(asked).toMatchObject({ summary: 'ARP who-has 172.18.0.3 tell 172.18.0.2', srcIp: CLIENT.ip, dstIp: SERVER.ip, srcMac: CLIENT.mac, dstMac: 'ff:ff:ff:ff:ff:ff', rewrite: undefined });
    expect(asked.ttl).toBeUndefined();
    expect(answered).toMatchObject({ summary: `ARP 172.18.0.3 is-at ${SERVER.mac}`, srcIp: SERVER.ip, dstIp: CLIENT.ip });
  });
});

describe('correlate: NAT', () => {
  const ISN = 0x20000000;
  const tcpProbe = probe({ protocol: 'tcp', from: 'client', targetIp: UPLINK_IP, targetNode: undefined, port: 8080 });
  const viaGateway = [atNode(CLIENT), atVeth(CLIENT), atBridge(LAN)];
  const toServer = [atBridge(LAN), atVeth(SERVER), atNode(SERVER)];

  it('marks the first hop where a published port rewrote the destination (DNAT), and the reply un-NATed on its way back', () => {
    // client → 192.168.1.10:8080, published by server's port 80
    const before = tcpFrame(l2(CLIENT, LAN), { src: CLIENT.ip, dst: UPLINK_IP }, { srcPort: 40000, dstPort: 8080, seq: ISN, flags: 'S' });
    const after = tcpFrame(l2(LAN, SERVER), { src: CLIENT.ip, dst: SERVER.ip, ttl: 63 }, { srcPort: 40000, dstPort: 80, seq: ISN, flags: 'S' });
    const answer = tcpFrame(l2(SERVER, LAN), { src: SERVER.ip, dst: CLIENT.ip }, { srcPort: 80, dstPort: 40000, seq: 7, ack: ISN + 1, flags: 'SA' });
    const answerUnNated = tcpFrame(l2(LAN, CLIENT), { src: UPLINK_IP, dst: CLIENT.ip, ttl: 63 }, { srcPort: 8080, dstPort: 40000, seq: 7, ack: ISN + 1, flags: 'SA' });
    const hops = correlate([
      ...seenAlong(viaGateway, T0, before),
      ...seenAlong(toServer, T0 + 20, after),
      ...seenAlong([...toServer].reverse(), T0 + 60, answer),
      ...seenAlong([...viaGateway].reverse(), T0 + 80, answerUnNated),
    ], tcpProbe);

    expect(hops.map((h) => `${line(h)} ${h.rewrite ?? '-'}`)).toEqual([
      'client eth0 out request -',
      'host vethclient0 in request -',
      'host br-lan in request -',
      'host br-lan out request destination 192.168.1.10:8080 → 172.18.0.3:80 (DNAT)',
      'host vethserver0 out request -',
      'server eth0 in request -',
      'server eth0 out reply -',
      'host vethserver0 in reply -',
      'host br-lan in reply -',
      'host br-lan out reply source 172.18.0.3:80 → 192.168.1.10:8080 (SNAT)',
      'host vethclient0 out reply -',
      'client eth0 in reply -',
    ]);
  });

  it('marks a changed source as SNAT (masquerade out of the host), and the reply coming back as DNAT', () => {
    const GOOGLE = '8.8.8.8';
    const icmpProbe = probe({ targetIp: GOOGLE, targetNode: undefined });
    const request = pingFrame(l2(CLIENT, LAN), { src: CLIENT.ip, dst: GOOGLE }, ECHO_ID, 1);
    const masqueraded = pingFrame({ srcMac: UPLINK.ifaceMac, dstMac: UPSTREAM_MAC }, { src: UPLINK_IP, dst: GOOGLE, ttl: 63 }, ECHO_ID, 1);
    const reply = pongFrame({ srcMac: UPSTREAM_MAC, dstMac: UPLINK.ifaceMac }, { src: GOOGLE, dst: UPLINK_IP, ttl: 117 }, ECHO_ID, 1);
    const replyIn = pongFrame(l2(LAN, CLIENT), { src: GOOGLE, dst: CLIENT.ip, ttl: 116 }, ECHO_ID, 1);
    const hops = correlate([
      ...seenAlong(viaGateway, T0, request),
      seenAt(UPLINK, T0 + 30, masqueraded),
      seenAt(UPLINK, T0 + 9000, reply),
      ...seenAlong([...viaGateway].reverse(), T0 + 9030, replyIn),
    ], icmpProbe);

    const rewrites = hops.filter((h) => h.rewrite).map((h) => `${line(h)}: ${h.rewrite}`);
    expect(rewrites).toEqual([
      'host eth0 out request: source 172.18.0.2 → 192.168.1.10 (SNAT)',
      'host br-lan out reply: destination 192.168.1.10 → 172.18.0.2 (DNAT)',
    ]);
  });

  it('names both changes when destination and source changed at once', () => {
    const before = tcpFrame(l2(CLIENT, LAN), { src: CLIENT.ip, dst: UPLINK_IP }, { srcPort: 40000, dstPort: 8080, seq: ISN, flags: 'S' });
    const after = tcpFrame(l2(LAN, SERVER), { src: LAN.ip, dst: SERVER.ip }, { srcPort: 61000, dstPort: 80, seq: ISN, flags: 'S' });
    const hops = correlate([seenAt(atNode(CLIENT), T0, before), seenAt(atNode(SERVER), T0 + 20, after)], tcpProbe);
    expect(hops[1].rewrite).toContain('destination 192.168.1.10:8080 → 172.18.0.3:80');
    expect(hops[1].rewrite).toContain('source 172.18.0.2:40000 → 172.18.0.1:61000');
    expect(hops[1].rewrite).toMatch(/NAT/);
  });

  it('compares each role with its own previous hop, not the request with the reply', () => {
    const hops = correlate(sameBridgePing(), probe());
    const firstReply = hops.find((h) => h.role === 'reply')!;
    expect(firstReply.srcIp).toBe(SERVER.ip);
    expect(firstReply.rewrite).toBeUndefined();
  });
});

describe('correlate: a routed ping (pc → r1 → web)', () => {
  const request1 = pingFrame(l2(PC, R1_LEFT), { src: PC.ip, dst: WEB.ip, ttl: 64 }, ECHO_ID, 1);
  const request2 = pingFrame(l2(R1_RIGHT, WEB), { src: PC.ip, dst: WEB.ip, ttl: 63 }, ECHO_ID, 1);
  const routedProbe = probe({ from: 'pc', targetIp: WEB.ip, targetNode: 'web' });
  const hops = () => correlate([
    ...seenAlong(acrossBridge(PC, LEFT, R1_LEFT), T0, request1),
    ...seenAlong(acrossBridge(R1_RIGHT, RIGHT, WEB), T0 + 14, request2),
  ], routedProbe);

  it('follows the request through both bridges and the router', () => {
    expect(hops().map((h) => `${line(h)} ${h.network}`)).toEqual([
      'pc eth0 out request left', 'host vethpc0 in request left', 'host br-left in request left', 'host vethr10 out request left', 'r1 eth0 in request left',
      'r1 eth1 out request right', 'host vethr11 in request right', 'host br-right in request right', 'host vethweb0 out request right', 'web eth0 in request right',
    ]);
  });

  it('shows the TTL at 64 until r1 and 63 after it, and the MACs of each segment', () => {
    expect(hops().map((h) => h.ttl)).toEqual([64, 64, 64, 64, 64, 63, 63, 63, 63, 63]);
    expect(hops()[0]).toMatchObject({ srcMac: PC.mac, dstMac: R1_LEFT.mac });
    expect(hops()[5]).toMatchObject({ srcMac: R1_RIGHT.mac, dstMac: WEB.mac });
  });

  it('marks no rewrite: routing changes MACs and TTL, not addresses', () => {
    expect(hops().every((h) => h.rewrite === undefined)).toBe(true);
  });
});

describe('correlate: loopback', () => {
  it('on lo, where every MAC is zero, says out for the request and in for the reply', () => {
    const zero = { srcMac: '00:00:00:00:00:00', dstMac: '00:00:00:00:00:00' };
    const lo: Vantage = { place: HOST, iface: 'lo', ifaceMac: '00:00:00:00:00:00' };
    const hops = correlate([
      seenAt(lo, T0, pingFrame(zero, { src: '127.0.0.1', dst: '127.0.0.1' }, ECHO_ID, 1)),
      seenAt(lo, T0 + 5, pongFrame(zero, { src: '127.0.0.1', dst: '127.0.0.1' }, ECHO_ID, 1)),
    ], probe({ from: HOST, targetIp: '127.0.0.1', targetNode: undefined }));
    expect(hops.map(line)).toEqual(['host lo out request', 'host lo in reply']);
  });
});

describe('correlate: a TCP probe relayed by docker-proxy', () => {
  // host → 127.0.0.1:8080, published by server's port 80 through the userland proxy: the
  // proxy accepts on lo, then opens its own connection from the gateway to the container
  const ISN = 0x51a00000;
  const PROXY_ISN = 0x7e000000;
  const zero = { srcMac: '00:00:00:00:00:00', dstMac: '00:00:00:00:00:00' };
  const lo: Vantage = { place: HOST, iface: 'lo', ifaceMac: '00:00:00:00:00:00' };
  const local = { src: '127.0.0.1', dst: '127.0.0.1' };
  const relayedProbe = probe({ protocol: 'tcp', from: HOST, targetIp: '127.0.0.1', targetNode: undefined, port: 8080, relays: [{ ip: SERVER.ip, port: 80 }] });
  const proxyTo = (seq: number, flags: string, ack = 0) => tcpFrame(l2(LAN, SERVER), { src: LAN.ip, dst: SERVER.ip }, { srcPort: 50000, dstPort: 80, seq, ack, flags });
  const serverTo = (flags: string) => tcpFrame(l2(SERVER, LAN), { src: SERVER.ip, dst: LAN.ip }, { srcPort: 80, dstPort: 50000, seq: 0x0c000000, ack: PROXY_ISN + 1, flags });
  const sightings = (): Sighting[] => [
    seenAt(lo, T0, tcpFrame(zero, local, { srcPort: 40000, dstPort: 8080, seq: ISN, flags: 'S' })),
    seenAt(lo, T0 + 10, tcpFrame(zero, local, { srcPort: 8080, dstPort: 40000, seq: 0x0b000000, ack: ISN + 1, flags: 'SA' })),
    seenAt(lo, T0 + 20, tcpFrame(zero, local, { srcPort: 40000, dstPort: 8080, seq: ISN + 1, ack: 0x0b000001, flags: 'A' })),
    ...seenAlong([atBridge(LAN), atVeth(SERVER), atNode(SERVER)], T0 + 90, proxyTo(PROXY_ISN, 'S')),
    ...seenAlong([atNode(SERVER), atVeth(SERVER), atBridge(LAN)], T0 + 130, serverTo('SA')),
  ];

  it("follows the proxy's own connection to the container, and says where it was relayed once per direction", () => {
    const hops = correlate(sightings(), relayedProbe);
    expect(hops.map((h) => `${line(h)} ${h.summary}`)).toEqual([
      'host lo out request TCP 40000 → 8080 [S]',
      'host lo in reply TCP 8080 → 40000 [S.]',
      'host lo out request TCP 40000 → 8080 [.]',
      'host br-lan out request TCP 50000 → 80 [S]',
      'host vethserver0 out request TCP 50000 → 80 [S]',
      'server eth0 in request TCP 50000 → 80 [S]',
      'server eth0 out reply TCP 80 → 50000 [S.]',
      'host vethserver0 in reply TCP 80 → 50000 [S.]',
      'host br-lan in reply TCP 80 → 50000 [S.]',
    ]);
    const rewritten = hops.filter((h) => h.rewrite);
    expect(rewritten.map((h) => h.index)).toEqual([3, 6]);
    expect(rewritten[0].rewrite).toMatch(/^relayed by docker-proxy: /);
    expect(rewritten[0].rewrite).toContain('destination 127.0.0.1:8080 → 172.18.0.3:80');
    expect(rewritten[0].rewrite).toContain('source 127.0.0.1:40000 → 172.18.0.1:50000');
  });

  it('leaves the proxy connection out when the probe names no relay', () => {
    const hops = correlate(sightings(), { ...relayedProbe, relays: undefined });
    expect(hops.map((h) => h.iface)).toEqual(['lo', 'lo', 'lo']);
  });

  it('does not take a connection to the relay address opened before the probe for the relayed one', () => {
    const earlier = seenAt(atBridge(LAN), T0 - 500, proxyTo(0x01000000, 'S'));
    const hops = correlate([earlier, ...sightings()], relayedProbe);
    expect(hops).toHaveLength(9);
    expect(hops.every((h) => h.frame > 0)).toBe(true);
  });
});

describe('correlate: a ping across an overlay between two virtual hosts (VXLAN)', () => {
  // alpha (on host1) pings beta (on host2): bare in each container, encapsulated on the underlay
  const overlayProbe = probe({ from: 'alpha', targetIp: BETA.ip, targetNode: 'beta' });
  const request = pingFrame(l2(ALPHA, BETA), { src: ALPHA.ip, dst: BETA.ip, id: 0x4001 }, ECHO_ID, 1);
  const reply = pongFrame(l2(BETA, ALPHA), { src: BETA.ip, dst: ALPHA.ip, id: 0x9a02 }, ECHO_ID, 1);
  const A = { node: ALPHA, host: HOST1 };
  const B = { node: BETA, host: HOST2 };
  /**
   * One frame's way: bare out of its container, encapsulated across the underlay (through
   * br-underlay, and its ports when asked), bare into the other container.
   */
  const way = (from: typeof A, to: typeof A, frame: Uint8Array, start: number, step: number, withPorts = false): Sighting[] => {
    const underlay = withPorts ? acrossBridge(from.host, UNDERLAY, to.host) : [atNode(from.host), atBridge(UNDERLAY), atNode(to.host)];
    return [
      seenAt(atNode(from.node), start, frame),
      ...seenAlong(underlay, start + step, encapsulated(from.host, to.host, frame), step),
      seenAt(atNode(to.node), start + (underlay.length + 1) * step, frame),
    ];
  };
  const ping = (step = 5): Sighting[] => [...way(A, B, request, T0, step), ...way(B, A, reply, T0 + 300, step)];

  it('lists the request bare in alpha, encapsulated on host1 eth0, br-underlay and host2 eth0, bare in beta, then the reply back', () => {
    expect(correlate(ping(), overlayProbe).map(line)).toEqual([
      'alpha eth0 out request',
      'host1 eth0 out request',
      'host br-underlay in request',
      'host2 eth0 in request',
      'beta eth0 in request',
      'beta eth0 out reply',
      'host2 eth0 out reply',
      'host br-underlay in reply',
      'host1 eth0 in reply',
      'alpha eth0 in reply',
    ]);
  });

  it('puts them in that order when they all fall in one microsecond, whatever order they came in', () => {
    const sightings = [...way(A, B, request, T0, 0, true), ...way(B, A, reply, T0 + 300, 0, true)];
    const scrambled = [...sightings].reverse();
    expect(correlate(scrambled, overlayProbe).map(line)).toEqual([
      'alpha eth0 out request',
      'host1 eth0 out request',
      'host vethhost10 in request',
      'host br-underlay in request',
      'host vethhost20 out request',
      'host2 eth0 in request',
      'beta eth0 in request',
      'beta eth0 out reply',
      'host2 eth0 out reply',
      'host vethhost20 in reply',
      'host br-underlay in reply',
      'host vethhost10 out reply',
      'host1 eth0 in reply',
      'alpha eth0 in reply',
    ]);
  });

  it('describes the inner packet on an encapsulated hop, with the outer headers in encap', () => {
    const hops = correlate(ping(), overlayProbe);
    expect(hops[1]).toEqual({
      index: 1, timeMs: 0.01, place: 'host1', iface: 'eth0', network: 'underlay', direction: 'out', role: 'request',
      srcMac: ALPHA.mac, dstMac: BETA.mac, srcIp: ALPHA.ip, dstIp: BETA.ip, ttl: 64, ipId: 0x4001,
      summary: 'VXLAN VNI 4096 10.72.0.11 → 10.72.0.12: ICMP echo request id 7470 seq 1',
      rewrite: undefined,
      encap: {
        vni: OVERLAY_VNI, outerSrcIp: HOST1.ip, outerDstIp: HOST2.ip, outerSrcMac: HOST1.mac, outerDstMac: HOST2.mac,
        udpSrcPort: 38212, udpDstPort: 4789, outerTtl: 64,
      },
      frame: 1,
    });
    expect(hops[8]).toMatchObject({
      place: 'host1', direction: 'in', role: 'reply', srcIp: BETA.ip, dstIp: ALPHA.ip, ipId: 0x9a02,
      summary: 'VXLAN VNI 4096 10.72.0.12 → 10.72.0.11: ICMP echo reply id 7470 seq 1',
      encap: { outerSrcIp: HOST2.ip, outerDstIp: HOST1.ip, outerSrcMac: HOST2.mac, outerDstMac: HOST1.mac },
    });
  });

  it('fills encap on the encapsulated hops only, and the bare hops read as before', () => {
    const hops = correlate(ping(), overlayProbe);
    expect(hops.map((h) => h.encap !== undefined)).toEqual([false, true, true, true, false, false, true, true, true, false]);
    expect(hops[0]).not.toHaveProperty('encap');
    expect(hops[0].summary).toBe('ICMP echo request id 7470 seq 1');
    expect(hops[4]).toMatchObject({ srcMac: ALPHA.mac, dstMac: BETA.mac, ttl: 64, ipId: 0x4001, summary: 'ICMP echo request id 7470 seq 1' });
  });

  it('reports no rewrite: wrapping a packet in VXLAN does not change its addresses', () => {
    expect(correlate(ping(), overlayProbe).map((h) => h.rewrite)).toEqual(new Array(10).fill(undefined));
  });

  it('the TTL and IP id of a hop are the inner packet\'s; the outer TTL is in encap', () => {
    const wrapped = encapsulated(HOST1, HOST2, request);
    wrapped[14 + 8] = 3; // outer TTL
    const hops = correlate([seenAt(atNode(ALPHA), T0, request), seenAt(atNode(HOST1), T0 + 3, wrapped)], overlayProbe);
    expect(hops[1]).toMatchObject({ ttl: 64, ipId: 0x4001, encap: { outerTtl: 3 } });
  });

  it('still marks NAT done before encapsulation (a service VIP), comparing inner addresses', () => {
    const VIP = '10.0.9.100';
    const toVip = pingFrame(l2(ALPHA, BETA), { src: ALPHA.ip, dst: VIP }, ECHO_ID, 1);
    const hops = correlate([
      seenAt(atNode(ALPHA), T0, toVip),
      seenAt(atNode(HOST1), T0 + 5, encapsulated(HOST1, HOST2, request)),
      seenAt(atNode(HOST2), T0 + 10, encapsulated(HOST1, HOST2, request)),
      seenAt(atNode(BETA), T0 + 15, request),
    ], probe({ from: 'alpha', targetIp: VIP, targetNode: undefined }));
    expect(hops.map((h) => h.rewrite)).toEqual([undefined, `destination ${VIP} → ${BETA.ip} (DNAT)`, undefined, undefined]);
  });

  it('ignores VXLAN frames carrying other packets, and does not take the outer datagram for the probe', () => {
    const stranger = pingFrame(l2(ALPHA, BETA), { src: ALPHA.ip, dst: BETA.ip }, 0x0999, 4, ascii('someone else pinging here'));
    expect(correlate([seenAt(atNode(HOST1), T0, encapsulated(HOST1, HOST2, stranger))], overlayProbe)).toEqual([]);
    // a UDP probe: the outer datagram also holds the token, inside the inner frame
    const UDP_TOKEN = ascii('5a17c39e04b861f2');
    const datagram = udpFrame(l2(ALPHA, BETA), { src: ALPHA.ip, dst: BETA.ip }, 41000, 9999, UDP_TOKEN);
    const echoed = udpFrame(l2(BETA, ALPHA), { src: BETA.ip, dst: ALPHA.ip }, 9999, 41000, UDP_TOKEN);
    const hops = correlate([
      seenAt(atNode(HOST1), T0, encapsulated(HOST1, HOST2, datagram)),
      seenAt(atNode(HOST1), T0 + 50, encapsulated(HOST2, HOST1, echoed, OVERLAY_VNI, 51000)),
    ], probe({ protocol: 'udp', from: 'alpha', targetIp: BETA.ip, targetNode: 'beta', port: 9999, token: UDP_TOKEN }));
    expect(hops.map((h) => `${h.direction} ${h.role} ${h.summary}`)).toEqual([
      'out request VXLAN VNI 4096 10.72.0.11 → 10.72.0.12: UDP 41000 → 9999 (16 bytes)',
      'in reply VXLAN VNI 4096 10.72.0.12 → 10.72.0.11: UDP 9999 → 41000 (16 bytes)',
    ]);
  });

  it('follows a TCP connection and an ICMP error through the underlay', () => {
    const ISN = 0x0badf00d;
    const syn = tcpFrame(l2(ALPHA, BETA), { src: ALPHA.ip, dst: BETA.ip }, { srcPort: 40000, dstPort: 80, seq: ISN, flags: 'S' });
    const synAck = tcpFrame(l2(BETA, ALPHA), { src: BETA.ip, dst: ALPHA.ip }, { srcPort: 80, dstPort: 40000, seq: 5, ack: ISN + 1, flags: 'SA' });
    const tcpHops = correlate([
      seenAt(atNode(ALPHA), T0, syn),
      seenAt(atNode(HOST1), T0 + 5, encapsulated(HOST1, HOST2, syn)),
      seenAt(atNode(HOST1), T0 + 60, encapsulated(HOST2, HOST1, synAck)),
    ], probe({ protocol: 'tcp', from: 'alpha', targetIp: BETA.ip, targetNode: 'beta', port: 80 }));
    expect(tcpHops.map((h) => `${h.role} ${h.summary}`)).toEqual([
      'request TCP 40000 → 80 [S]',
      'request VXLAN VNI 4096 10.72.0.11 → 10.72.0.12: TCP 40000 → 80 [S]',
      'reply VXLAN VNI 4096 10.72.0.12 → 10.72.0.11: TCP 80 → 40000 [S.]',
    ]);
    const unreachable = icmpErrorFrame(l2(BETA, ALPHA), { src: BETA.ip, dst: ALPHA.ip }, 3, 10, ipPacketOf(request));
    const errorHops = correlate([
      seenAt(atNode(ALPHA), T0, request),
      seenAt(atNode(HOST1), T0 + 60, encapsulated(HOST2, HOST1, unreachable)),
    ], overlayProbe);
    expect(errorHops[1]).toMatchObject({ role: 'error', srcIp: BETA.ip, summary: 'VXLAN VNI 4096 10.72.0.12 → 10.72.0.11: ICMP destination unreachable: host administratively prohibited' });
  });

  it('keeps ARP carried over VXLAN as arp hops', () => {
    const hops = correlate([seenAt(atNode(HOST1), T0, encapsulated(HOST1, HOST2, arpWhoHas(ALPHA, BETA.ip)))], overlayProbe);
    expect(hops).toHaveLength(1);
    expect(hops[0]).toMatchObject({ role: 'arp', direction: 'out', srcIp: ALPHA.ip, dstIp: BETA.ip, summary: `VXLAN VNI 4096 10.72.0.11 → 10.72.0.12: ARP who-has ${BETA.ip} tell ${ALPHA.ip}` });
  });
});

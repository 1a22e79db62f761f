import { describe, expect, it } from 'vitest';
import { correlate, orderSightings } from './correlate';
import { ascii } from './frames.test-support';
import {
  acrossBridge, ALPHA, arpIsAt, arpWhoHas, atBridge, atNode, atVeth, BETA, CLIENT, DB, encapsulated, HOST1, HOST2, icmpErrorFrame, ipPacketOf, l2,
  LAN, LEFT, PC, pingFrame, pongFrame, probe, R1_LEFT, seenAlong, seenAt, SERVER, tcpFrame, udpFrame, UNDERLAY,
} from './sightings.test-support';
import type { DropEvidence, Hop, RouteDecision, Sighting, TraceProbe, Verdict } from './types';
import { verdictOf, type VerdictInput } from './verdict';

const T0 = 1_700_000_000_000_000;
const ECHO_ID = 0x1d2e;

/** Correlates the sightings as the trace service does, then asks for the verdict. */
function judge(sightings: Sighting[], p: TraceProbe, extra: Partial<Omit<VerdictInput, 'probe' | 'hops' | 'frames'>> = {}): Verdict {
  const frames = orderSightings(sightings);
  return verdictOf({ probe: p, hops: correlate(frames, p), frames, drops: [], probeSucceeded: false, ...extra });
}

const there = acrossBridge(CLIENT, LAN, SERVER);
const back = acrossBridge(SERVER, LAN, CLIENT);
const toGateway = [atNode(CLIENT), atVeth(CLIENT), atBridge(LAN)];

const ping = pingFrame(l2(CLIENT, SERVER), { src: CLIENT.ip, dst: SERVER.ip }, ECHO_ID, 1);
const pong = pongFrame(l2(SERVER, CLIENT), { src: SERVER.ip, dst: CLIENT.ip }, ECHO_ID, 1);

// TCP from client to server
const ISN = 0x6b8b4567;
const syn = (port: number) => tcpFrame(l2(CLIENT, SERVER), { src: CLIENT.ip, dst: SERVER.ip }, { srcPort: 40000, dstPort: port, seq: ISN, flags: 'S' });
const answer = (port: number, flags: string, seq = 0x3c6ef372) => tcpFrame(l2(SERVER, CLIENT), { src: SERVER.ip, dst: CLIENT.ip }, { srcPort: port, dstPort: 40000, seq, ack: ISN + 1, flags });

// UDP from client to server (nc -u sends the token's hex digits)
const UDP_TOKEN = ascii('5a17c39e04b861f2');
const udpProbe = probe({ protocol: 'udp', port: 9999, token: UDP_TOKEN });
const datagram = udpFrame(l2(CLIENT, SERVER), { src: CLIENT.ip, dst: SERVER.ip }, 41000, 9999, UDP_TOKEN);

// pc sends towards 10.3.0.5 through r1, which may answer with an ICMP error
const FAR = '10.3.0.5';
const farProbe = probe({ from: 'pc', targetIp: FAR, targetNode: undefined });
const pcPing = pingFrame(l2(PC, R1_LEFT), { src: PC.ip, dst: FAR }, ECHO_ID, 1);
const fromR1 = (type: number, code: number) => icmpErrorFrame(l2(R1_LEFT, PC), { src: R1_LEFT.ip, dst: PC.ip }, type, code, ipPacketOf(pcPing));
const r1Answers = (type: number, code: number): Sighting[] => [
  ...seenAlong(acrossBridge(PC, LEFT, R1_LEFT), T0, pcPing),
  ...seenAlong(acrossBridge(R1_LEFT, LEFT, PC), T0 + 60, fromR1(type, code)),
];

const isolationDrop: DropEvidence = { place: 'host', table: 'filter', chain: 'DOCKER-ISOLATION-STAGE-2', rule: '-A DOCKER-ISOLATION-STAGE-2 -o br-other -j DROP', packets: 1 };
const userDrop: DropEvidence = { place: 'host', table: 'filter', chain: 'DOCKER-USER', rule: '-A DOCKER-USER -s 172.18.0.2/32 -j DROP', packets: 1 };

describe('verdictOf: delivered', () => {
  it('says the target answered, with the round trip from the first request to the reply back at the source', () => {
    const verdict = judge([...seenAlong(there, T0, ping), ...seenAlong(back, T0 + 153, pong)], probe(), { probeSucceeded: true });
    expect(verdict).toEqual({ outcome: 'delivered', text: 'Delivered: server (172.18.0.3) answered in 0.15 ms.' });
  });

  it('trusts the reply back at the source even when the probe program said otherwise', () => {
    const verdict = judge([...seenAlong(there, T0, ping), ...seenAlong(back, T0 + 2000, pong)], probe(), { probeSucceeded: false });
    expect(verdict.outcome).toBe('delivered');
    expect(verdict.text).toBe('Delivered: server (172.18.0.3) answered in 2.00 ms.');
  });

  it('trusts the probe program when a reply was seen but not its arrival at the source', () => {
    const sightings = [seenAt(atNode(CLIENT), T0, ping), seenAt(atNode(SERVER), T0 + 40, ping), seenAt(atNode(SERVER), T0 + 95, pong)];
    expect(judge(sightings, probe(), { probeSucceeded: true })).toEqual({ outcome: 'delivered', text: 'Delivered: server (172.18.0.3) answered in 0.10 ms.' });
  });

  it('leaves the round trip out when no request was seen', () => {
    expect(judge([seenAt(atNode(SERVER), T0, pong)], probe(), { probeSucceeded: true }).text).toBe('Delivered: server (172.18.0.3) answered.');
  });

  it('says a TCP port accepted the connection', () => {
    const verdict = judge([...seenAlong(there, T0, syn(80)), ...seenAlong(back, T0 + 88, answer(80, 'SA'))], probe({ protocol: 'tcp', port: 80 }), { probeSucceeded: true });
    expect(verdict).toEqual({ outcome: 'delivered', text: 'Delivered: server (172.18.0.3) TCP port 80 accepted the connection on port 80 in 0.09 ms.' });
  });

  it('names the target by address alone when it is not a lab node', () => {
    const external = pongFrame(l2(LAN, CLIENT), { src: '8.8.8.8', dst: CLIENT.ip }, ECHO_ID, 1);
    const verdict = judge([seenAt(atNode(CLIENT), T0, pingFrame(l2(CLIENT, LAN), { src: CLIENT.ip, dst: '8.8.8.8' }, ECHO_ID, 1)), seenAt(atNode(CLIENT), T0 + 9120, external)],
      probe({ targetIp: '8.8.8.8', targetNode: undefined }), { probeSucceeded: true });
    expect(verdict.text).toBe('Delivered: 8.8.8.8 answered in 9.12 ms.');
  });

  it('says a UDP datagram that reached its target node was delivered, though nothing answered', () => {
    const verdict = judge(seenAlong(there, T0, datagram), udpProbe);
    expect(verdict).toEqual({ outcome: 'delivered', text: 'Delivered to server (172.18.0.3) UDP port 9999 (UDP: no answer is expected, and no ICMP error came back).' });
  });
});

describe('verdictOf: port-closed', () => {
  it('names a TCP RST, where it was sent', () => {
    const verdict = judge([...seenAlong(there, T0, syn(81)), ...seenAlong(back, T0 + 50, answer(81, 'RA', 0))], probe({ protocol: 'tcp', port: 81 }));
    expect(verdict).toEqual({
      outcome: 'port-closed',
      text: 'server (172.18.0.3) TCP port 81 refused the connection (TCP RST): nothing listens on port 81 there.',
      at: { place: 'server', iface: 'eth0', network: 'lan' },
    });
  });

  it('prefers the RST to a delivery, though the RST came back to the source and the probe program succeeded', () => {
    const verdict = judge([...seenAlong(there, T0, syn(81)), ...seenAlong(back, T0 + 50, answer(81, 'RA', 0))], probe({ protocol: 'tcp', port: 81 }), { probeSucceeded: true });
    expect(verdict.outcome).toBe('port-closed');
  });

  it('names an ICMP port unreachable answering UDP', () => {
    const unreachable = icmpErrorFrame(l2(SERVER, CLIENT), { src: SERVER.ip, dst: CLIENT.ip }, 3, 3, ipPacketOf(datagram));
    const verdict = judge([...seenAlong(there, T0, datagram), ...seenAlong(back, T0 + 70, unreachable)], udpProbe);
    expect(verdict).toEqual({
      outcome: 'port-closed',
      text: 'server (172.18.0.3) UDP port 9999 answered ICMP port unreachable: nothing listens on that port.',
      at: { place: 'server', iface: 'eth0', network: 'lan' },
    });
  });

  it('does not blame the target for a port unreachable that something else sent', () => {
    const stranger = '10.99.0.1';
    const unreachable = icmpErrorFrame(l2(SERVER, CLIENT), { src: stranger, dst: CLIENT.ip }, 3, 3, ipPacketOf(datagram));
    const verdict = judge([...seenAlong(there, T0, datagram), ...seenAlong(back, T0 + 70, unreachable)], udpProbe);
    expect(verdict.outcome).toBe('filtered');
    expect(verdict.text).toBe(`Not delivered: ${stranger} (server), not server (172.18.0.3) UDP port 9999, answered ICMP port unreachable.`);
  });
});

describe('verdictOf: no-route', () => {
  const failed: RouteDecision = { place: 'client', ok: false, text: 'RTNETLINK answers: Network is unreachable' };

  it("quotes the source's failed `ip route get`", () => {
    expect(judge([], probe({ targetIp: '10.9.0.5', targetNode: undefined }), { sourceRoute: failed })).toEqual({
      outcome: 'no-route',
      text: 'client has no route to 10.9.0.5: RTNETLINK answers: Network is unreachable. Add a route or an interface on that network.',
      at: { place: 'client' },
    });
  });

  it('calls the host the engine host', () => {
    const verdict = judge([], probe({ from: 'host' }), { sourceRoute: { ...failed, place: 'host' } });
    expect(verdict.text).toMatch(/^the engine host has no route to 172\.18\.0\.3: /);
    expect(verdict.at).toEqual({ place: 'host' });
  });

  it('puts a failed source route before any other evidence', () => {
    const sightings = [...seenAlong(there, T0, ping), ...seenAlong(back, T0 + 100, pong)];
    expect(judge(sightings, probe(), { sourceRoute: failed, drops: [userDrop], probeSucceeded: true }).outcome).toBe('no-route');
  });

  it('ignores a source route that worked', () => {
    const sourceRoute: RouteDecision = { place: 'client', ok: true, text: '172.18.0.3 dev eth0 src 172.18.0.2 uid 0 cache' };
    expect(judge([...seenAlong(there, T0, ping), ...seenAlong(back, T0 + 100, pong)], probe(), { sourceRoute }).outcome).toBe('delivered');
  });

  it.each([
    [0, 'net unreachable'],
    [1, 'host unreachable'],
  ])('names the router that answered ICMP unreachable code %i (%s)', (code, name) => {
    expect(judge(r1Answers(3, code), farProbe)).toEqual({
      outcome: 'no-route',
      text: `10.1.0.254 (r1) could not forward it: ICMP destination unreachable: ${name}. That router needs a route to 10.3.0.5.`,
      at: { place: 'r1', iface: 'eth0', network: 'left' },
    });
  });
});

describe('verdictOf: filtered', () => {
  it.each([
    [9, 'network administratively prohibited'],
    [10, 'host administratively prohibited'],
    [13, 'communication administratively prohibited'],
  ])('names an ICMP administratively prohibited (code %i) as a firewall rule', (code, name) => {
    expect(judge(r1Answers(3, code), farProbe)).toEqual({
      outcome: 'filtered',
      text: `Rejected by a firewall rule: 10.1.0.254 (r1) answered ICMP destination unreachable: ${name}.`,
      at: { place: 'r1', iface: 'eth0', network: 'left' },
    });
  });

  it('names a drop counter in another chain, with its table and rule, after the last place the probe was seen', () => {
    const verdict = judge(seenAlong(toGateway, T0, pingFrame(l2(CLIENT, LAN), { src: CLIENT.ip, dst: '8.8.8.8' }, ECHO_ID, 1)),
      probe({ targetIp: '8.8.8.8', targetNode: undefined }), { drops: [userDrop] });
    expect(verdict).toEqual({
      outcome: 'filtered',
      text: 'Dropped after the engine host br-lan by a firewall rule in the engine host (filter DOCKER-USER: -A DOCKER-USER -s 172.18.0.2/32 -j DROP).',
      at: { place: 'host', iface: 'br-lan', network: 'lan' },
      evidence: userDrop,
    });
  });

  it('names the first drop given (the one that dropped most)', () => {
    const policy: DropEvidence = { place: 'host', table: 'filter', chain: 'FORWARD', rule: 'policy DROP', packets: 1 };
    const verdict = judge(seenAlong(toGateway, T0, ping), probe(), { drops: [policy, userDrop] });
    expect(verdict.evidence).toBe(policy);
    expect(verdict.text).toContain('(filter FORWARD: policy DROP)');
  });

  it('still names the rule when no capture saw the probe', () => {
    expect(judge([], probe(), { drops: [userDrop] })).toEqual({
      outcome: 'filtered',
      text: 'Dropped by a firewall rule in the engine host (filter DOCKER-USER: -A DOCKER-USER -s 172.18.0.2/32 -j DROP).',
      at: undefined,
      evidence: userDrop,
    });
  });

  it('prefers an ICMP error that came back to a drop counter', () => {
    expect(judge(r1Answers(3, 13), farProbe, { drops: [userDrop] }).text).toMatch(/^Rejected by a firewall rule: 10\.1\.0\.254 \(r1\)/);
  });
});

describe('verdictOf: isolated', () => {
  const toDb = pingFrame(l2(CLIENT, LAN), { src: CLIENT.ip, dst: DB.ip }, ECHO_ID, 1);
  const dbProbe = probe({ targetIp: DB.ip, targetNode: 'db' });

  it("names Docker's isolation chain and says how to connect the two nodes", () => {
    const verdict = judge(seenAlong(toGateway, T0, toDb), dbProbe, { drops: [isolationDrop] });
    expect(verdict).toEqual({
      outcome: 'isolated',
      text: 'Dropped after the engine host br-lan: Docker isolates user bridge networks from each other '
        + '(chain DOCKER-ISOLATION-STAGE-2: -A DOCKER-ISOLATION-STAGE-2 -o br-other -j DROP). '
        + 'Connect both nodes to one network, or route through a router on both.',
      at: { place: 'host', iface: 'br-lan', network: 'lan' },
      evidence: isolationDrop,
    });
  });

  it('recognises the isolation chains whatever their case and stage', () => {
    for (const chain of ['DOCKER-ISOLATION-STAGE-1', 'docker-isolation-stage-2']) {
      expect(judge(seenAlong(toGateway, T0, toDb), dbProbe, { drops: [{ ...isolationDrop, chain }] }).outcome).toBe('isolated');
    }
  });

  it("tells an internal network's own DROP rule from isolation between bridges", () => {
    const internalDrop: DropEvidence = { ...isolationDrop, chain: 'DOCKER-ISOLATION-STAGE-1', rule: '-A DOCKER-ISOLATION-STAGE-1 ! -d 10.0.0.0/24 -i br-lan -j DROP' };
    const verdict = judge(seenAlong(toGateway, T0, toDb), dbProbe, { drops: [internalDrop] });
    expect(verdict.outcome).toBe('filtered');
    expect(verdict.text).toBe('Dropped after the engine host br-lan: network lan is internal, so nothing leaves its subnet (chain DOCKER-ISOLATION-STAGE-1: -A DOCKER-ISOLATION-STAGE-1 ! -d 10.0.0.0/24 -i br-lan -j DROP).');
  });

  it('has no place to mark when no capture saw the probe', () => {
    const verdict = judge([], dbProbe, { drops: [isolationDrop] });
    expect(verdict.outcome).toBe('isolated');
    expect(verdict.text).toMatch(/^Dropped: Docker isolates/);
    expect(verdict.at).toBeUndefined();
  });
});

describe('verdictOf: ttl-exceeded', () => {
  it('names the router where the TTL ran out', () => {
    expect(judge(r1Answers(11, 0), farProbe)).toEqual({
      outcome: 'ttl-exceeded',
      text: 'The TTL ran out at 10.1.0.254 (r1): a routing loop?',
      at: { place: 'r1', iface: 'eth0', network: 'left' },
    });
  });
});

describe('verdictOf: arp-unanswered', () => {
  const NOBODY = '172.18.0.99';
  const nobodyProbe = probe({ targetIp: NOBODY, targetNode: undefined });
  const asking = seenAlong(there, T0, arpWhoHas(CLIENT, NOBODY), 1);

  it('says who asked for the address, on which interface, and that nobody answered', () => {
    expect(judge([...asking, ...seenAlong(there, T0 + 1_000_000, arpWhoHas(CLIENT, NOBODY), 1)], nobodyProbe)).toEqual({
      outcome: 'arp-unanswered',
      text: 'client asked who has 172.18.0.99 (ARP) on eth0 and nobody answered: no such address on that network.',
      at: { place: 'client', iface: 'eth0', network: 'lan' },
    });
  });

  it('does not count an answer for another address', () => {
    const other = [...seenAlong(there, T0 + 10, arpWhoHas(CLIENT, SERVER.ip)), ...seenAlong(back, T0 + 20, arpIsAt(SERVER, CLIENT))];
    expect(judge([...asking, ...other], nobodyProbe).outcome).toBe('arp-unanswered');
  });

  it('is not the verdict once the address answered', () => {
    const answered = [...seenAlong(there, T0, arpWhoHas(CLIENT, SERVER.ip)), ...seenAlong(back, T0 + 20, arpIsAt(SERVER, CLIENT))];
    const verdict = judge([...answered, ...seenAlong(there, T0 + 40, ping)], probe());
    expect(verdict.outcome).toBe('no-answer');
  });

  it('names the router whose next hop nobody has, when the probe got that far', () => {
    // r1's ARP for its next hop went unanswered after the request had crossed br-left to r1
    const r1Asks = seenAlong([atNode(R1_LEFT)], T0 + 30, arpWhoHas(R1_LEFT, '10.1.0.77'));
    const verdict = judge([...seenAlong(acrossBridge(PC, LEFT, R1_LEFT), T0, pcPing), ...r1Asks], farProbe);
    expect(verdict).toEqual({
      outcome: 'arp-unanswered',
      text: 'r1 asked who has 10.1.0.77 (ARP) on eth0 and nobody answered: r1 forwards to an address nobody has there (check its routes).',
      at: { place: 'r1', iface: 'eth0', network: 'left' },
    });
  });

  it('is not the verdict when an ARP went unanswered somewhere the probe never stopped', () => {
    const r1Asks = seenAlong([atNode(R1_LEFT)], T0 + 30, arpWhoHas(R1_LEFT, '10.1.0.77'));
    const verdict = judge([...seenAlong([atNode(PC)], T0, pcPing), ...r1Asks], farProbe);
    expect(verdict.outcome).toBe('lost');
  });

  it('comes after a drop counter', () => {
    expect(judge(asking, nobodyProbe, { drops: [userDrop] }).outcome).toBe('filtered');
  });
});

describe('verdictOf: no-answer', () => {
  it('says the target received an ICMP probe but did not answer', () => {
    expect(judge(seenAlong(there, T0, ping), probe())).toEqual({
      outcome: 'no-answer',
      text: 'server (172.18.0.3) received it but did not answer.',
      at: { place: 'server', iface: 'eth0', network: 'lan' },
    });
  });

  it('says the same of a TCP SYN', () => {
    expect(judge(seenAlong(there, T0, syn(80)), probe({ protocol: 'tcp', port: 80 })).text).toBe('server (172.18.0.3) TCP port 80 received it but did not answer.');
  });

  it('is not decided by an ICMP error it has no words for (a redirect)', () => {
    const redirect = icmpErrorFrame(l2(LAN, CLIENT), { src: LAN.ip, dst: CLIENT.ip }, 5, 1, ipPacketOf(ping));
    const verdict = judge([...seenAlong(there, T0, ping), seenAt(atNode(CLIENT), T0 + 5, redirect)], probe());
    expect(verdict.outcome).toBe('no-answer');
  });
});

describe('verdictOf: lost', () => {
  it('says where the probe was last seen, and which way it went there', () => {
    const verdict = judge(seenAlong(toGateway, T0, pingFrame(l2(CLIENT, LAN), { src: CLIENT.ip, dst: '10.9.9.9' }, ECHO_ID, 1)),
      probe({ targetIp: '10.9.9.9', targetNode: undefined }));
    expect(verdict).toEqual({
      outcome: 'lost',
      text: 'Last seen at the engine host br-lan (in); nothing saw it after that.',
      at: { place: 'host', iface: 'br-lan', network: 'lan' },
    });
  });

  it('says so when a UDP datagram did not reach its target node', () => {
    expect(judge(seenAlong(toGateway, T0, datagram), udpProbe)).toMatchObject({ outcome: 'lost', text: 'Last seen at the engine host br-lan (in); nothing saw it after that.' });
  });

  it('says no capture saw the probe leave when nothing was seen at all', () => {
    expect(judge([], probe())).toEqual({ outcome: 'lost', text: 'No capture saw the probe leave client.', at: { place: 'client' } });
    expect(judge([], probe({ from: 'host' })).text).toBe('No capture saw the probe leave the engine host.');
  });

  it('says the same when only answered ARP was seen', () => {
    const answered = [...seenAlong(there, T0, arpWhoHas(CLIENT, SERVER.ip)), ...seenAlong(back, T0 + 20, arpIsAt(SERVER, CLIENT))];
    expect(judge(answered, probe()).text).toBe('No capture saw the probe leave client.');
  });
});

describe('verdictOf: a TCP probe relayed by docker-proxy', () => {
  it('says where the proxy relayed the delivered connection', () => {
    const zero = { srcMac: '00:00:00:00:00:00', dstMac: '00:00:00:00:00:00' };
    const lo = { place: 'host', iface: 'lo', ifaceMac: '00:00:00:00:00:00' };
    const local = { src: '127.0.0.1', dst: '127.0.0.1' };
    const p = probe({ protocol: 'tcp', from: 'host', targetIp: '127.0.0.1', targetNode: undefined, port: 8080, relays: [{ ip: SERVER.ip, port: 80 }] });
    const sightings = [
      seenAt(lo, T0, tcpFrame(zero, local, { srcPort: 40000, dstPort: 8080, seq: ISN, flags: 'S' })),
      seenAt(lo, T0 + 40, tcpFrame(zero, local, { srcPort: 8080, dstPort: 40000, seq: 5, ack: ISN + 1, flags: 'SA' })),
      ...seenAlong([atBridge(LAN), atVeth(SERVER), atNode(SERVER)], T0 + 90, tcpFrame(l2(LAN, SERVER), { src: LAN.ip, dst: SERVER.ip }, { srcPort: 50000, dstPort: 80, seq: 9, flags: 'S' })),
    ];
    expect(judge(sightings, p, { probeSucceeded: true })).toEqual({
      outcome: 'delivered',
      text: 'Delivered: 127.0.0.1 TCP port 8080 accepted the connection on port 8080 in 0.04 ms (docker-proxy relayed it to 172.18.0.3:80).',
    });
  });
});

describe('verdictOf: across an overlay between virtual hosts (VXLAN on the underlay)', () => {
  const overlayProbe = probe({ from: 'alpha', targetIp: BETA.ip, targetNode: 'beta' });
  const request = pingFrame(l2(ALPHA, BETA), { src: ALPHA.ip, dst: BETA.ip }, ECHO_ID, 1);
  const reply = pongFrame(l2(BETA, ALPHA), { src: BETA.ip, dst: ALPHA.ip }, ECHO_ID, 1);
  const there = (frame: Uint8Array, start = T0): Sighting[] => [
    seenAt(atNode(ALPHA), start, frame),
    ...seenAlong([atNode(HOST1), atBridge(UNDERLAY), atNode(HOST2)], start + 5, encapsulated(HOST1, HOST2, frame), 5),
    seenAt(atNode(BETA), start + 20, frame),
  ];
  const back = (frame: Uint8Array, start: number): Sighting[] => [
    seenAt(atNode(BETA), start, frame),
    ...seenAlong([atNode(HOST2), atBridge(UNDERLAY), atNode(HOST1)], start + 5, encapsulated(HOST2, HOST1, frame), 5),
    seenAt(atNode(ALPHA), start + 20, frame),
  ];

  it('says delivered exactly as for a bare path', () => {
    const verdict = judge([...there(request), ...back(reply, T0 + 200)], overlayProbe, { probeSucceeded: true });
    expect(verdict).toEqual({ outcome: 'delivered', text: 'Delivered: beta (10.0.9.3) answered in 0.22 ms.' });
  });

  it('says a probe lost on the underlay was last seen there, naming the outer addresses and the VNI', () => {
    const sightings = there(request).slice(0, 3); // alpha, host1 eth0, br-underlay: host2 never saw it
    expect(judge(sightings, overlayProbe)).toEqual({
      outcome: 'lost',
      text: 'Last seen on the underlay between 10.72.0.11 and 10.72.0.12 (VXLAN VNI 4096), at the engine host br-underlay (in); nothing saw it after that.',
      at: { place: 'host', iface: 'br-underlay', network: 'underlay' },
    });
    expect(judge(sightings.slice(0, 2), overlayProbe).text)
      .toBe('Last seen on the underlay between 10.72.0.11 and 10.72.0.12 (VXLAN VNI 4096), at host1 eth0 (out); nothing saw it after that.');
  });

  it('reads an ICMP error from the encapsulated frame that carried it', () => {
    const UDP_TOKEN = ascii('5a17c39e04b861f2');
    const udpProbe = probe({ protocol: 'udp', from: 'alpha', targetIp: BETA.ip, targetNode: 'beta', port: 9999, token: UDP_TOKEN });
    const datagram = udpFrame(l2(ALPHA, BETA), { src: ALPHA.ip, dst: BETA.ip }, 41000, 9999, UDP_TOKEN);
    const unreachable = icmpErrorFrame(l2(BETA, ALPHA), { src: BETA.ip, dst: ALPHA.ip }, 3, 3, ipPacketOf(datagram));
    // beta's own capture missed the error: the first hop of it is encapsulated
    const sightings = [...there(datagram), ...back(unreachable, T0 + 100).slice(1)];
    expect(judge(sightings, udpProbe)).toEqual({
      outcome: 'port-closed',
      text: 'beta (10.0.9.3) UDP port 9999 answered ICMP port unreachable: nothing listens on that port.',
      at: { place: 'host2', iface: 'eth0', network: 'underlay' },
    });
  });

  it('finds a TCP RST behind the VXLAN prefix of its summary', () => {
    const ISN = 0x10000000;
    const syn = tcpFrame(l2(ALPHA, BETA), { src: ALPHA.ip, dst: BETA.ip }, { srcPort: 40000, dstPort: 81, seq: ISN, flags: 'S' });
    const rst = tcpFrame(l2(BETA, ALPHA), { src: BETA.ip, dst: ALPHA.ip }, { srcPort: 81, dstPort: 40000, seq: 0, ack: ISN + 1, flags: 'RA' });
    const verdict = judge([...there(syn), ...back(rst, T0 + 100).slice(1, 4)], probe({ protocol: 'tcp', from: 'alpha', targetIp: BETA.ip, targetNode: 'beta', port: 81 }));
    expect(verdict).toMatchObject({ outcome: 'port-closed', at: { place: 'host2', iface: 'eth0' } });
  });

  it('names the port docker-proxy relayed to when the relayed hop was encapsulated', () => {
    const hop = (over: Partial<Hop>): Hop => ({
      index: 0, timeMs: 0, place: 'host', iface: 'lo', direction: 'out', role: 'request', srcMac: '', dstMac: '', summary: '', frame: 0, ...over,
    });
    const hops = [
      hop({ summary: 'TCP 40000 → 8080 [S]' }),
      hop({ index: 1, timeMs: 0.04, direction: 'in', role: 'reply', summary: 'TCP 8080 → 40000 [S.]', frame: 1 }),
      hop({
        index: 2, timeMs: 0.09, place: 'host1', iface: 'eth0', dstIp: BETA.ip, summary: 'VXLAN VNI 4096 10.72.0.11 → 10.72.0.12: TCP 50000 → 80 [S]', frame: 2,
        rewrite: 'relayed by docker-proxy: destination 127.0.0.1:8080 → 10.0.9.3:80',
      }),
    ];
    const p = probe({ protocol: 'tcp', from: 'host', targetIp: '127.0.0.1', targetNode: undefined, port: 8080 });
    expect(verdictOf({ probe: p, hops, frames: [], drops: [], probeSucceeded: true }).text)
      .toBe('Delivered: 127.0.0.1 TCP port 8080 accepted the connection on port 8080 in 0.04 ms (docker-proxy relayed it to 10.0.9.3:80).');
  });
});

// The trace's verdict in words (pure): delivered and answered, or where the probe
// stopped and why. Evidence, strongest first: the source has no route; an answer or an
// ICMP error came back; a firewall counter went up; ARP went unanswered; else the last
// place the probe was seen. Encapsulated hops (VXLAN on an underlay) describe the inner
// packet, like any hop; where the probe was last seen names the underlay's addresses too.
import { icmpTypeName } from './packet-text';
import { decodeEthernet, innermostPacket } from './packets';
import type { DropEvidence, Hop, RouteDecision, Sighting, TraceProbe, Verdict } from './types';

export interface VerdictInput {
  probe: TraceProbe;
  hops: readonly Hop[];
  /** Frames in pcap order (hop.frame indexes them), to read ICMP error details. */
  frames: readonly Sighting[];
  /** `ip route get` at the source. */
  sourceRoute?: RouteDecision;
  drops: readonly DropEvidence[];
  /** The probe program's own result (exit code 0: it got an answer). */
  probeSucceeded: boolean;
}

const where = (h: Hop) => ({ place: h.place, iface: h.iface, network: h.network });
const placeName = (place: string) => (place === 'host' ? 'the engine host' : place);

/** The destination port in a TCP or UDP hop's summary ('TCP 50000 → 80 [S]'), after any VXLAN prefix. */
const summaryDstPort = (h: Hop) => h.summary.match(/(?:TCP|UDP) \d+ → (\d+)/)?.[1];

/** Where a hop was seen, for a sentence: 'at r1 eth0 (in)', or on the underlay for an encapsulated frame. */
function seenAtText(h: Hop): string {
  const at = `${placeName(h.place)} ${h.iface} (${h.direction})`;
  if (!h.encap) return `at ${at}`;
  return `on the underlay between ${h.encap.outerSrcIp} and ${h.encap.outerDstIp} (VXLAN VNI ${h.encap.vni}), at ${at}`;
}

function describeTarget(probe: TraceProbe): string {
  const who = probe.targetNode ? `${probe.targetNode} (${probe.targetIp})` : probe.targetIp;
  return probe.protocol === 'icmp' ? who : `${who} ${probe.protocol.toUpperCase()} port ${probe.port}`;
}

export function verdictOf(input: VerdictInput): Verdict {
  const { probe, hops, frames, sourceRoute, drops } = input;
  const target = describeTarget(probe);
  if (sourceRoute && !sourceRoute.ok) {
    return { outcome: 'no-route', text: `${placeName(probe.from)} has no route to ${probe.targetIp}: ${sourceRoute.text}. Add a route or an interface on that network.`, at: { place: probe.from } };
  }
  const requests = hops.filter((h) => h.role === 'request');
  const replies = hops.filter((h) => h.role === 'reply');
  const errors = hops.filter((h) => h.role === 'error');
  const backAtSource = replies.find((h) => h.place === probe.from && h.direction === 'in');

  if (probe.protocol === 'tcp') {
    const reset = replies.find((h) => /\[R/.test(h.summary));
    if (reset) return { outcome: 'port-closed', text: `${target} refused the connection (TCP RST): nothing listens on port ${probe.port} there.`, at: where(reset) };
  }
  if (backAtSource || (input.probeSucceeded && replies.length > 0)) {
    const first = requests[0];
    const last = backAtSource ?? replies[replies.length - 1];
    const rtt = first ? ` in ${(last.timeMs - first.timeMs).toFixed(2)} ms` : '';
    const what = probe.protocol === 'tcp' ? `accepted the connection on port ${probe.port}` : 'answered';
    const relay = hops.find((h) => h.rewrite?.startsWith('relayed by docker-proxy'));
    const relayPort = relay ? summaryDstPort(relay) : undefined;
    const via = relay ? ` (docker-proxy relayed it to ${relay.dstIp}${relayPort ? `:${relayPort}` : ''})` : '';
    return { outcome: 'delivered', text: `Delivered: ${target} ${what}${rtt}${via}.` };
  }
  if (errors.length > 0) {
    const error = errors[0];
    const icmp = innermostPacket(decodeEthernet(frames[error.frame].data)).icmp;
    const type = icmp?.type ?? -1;
    const code = icmp?.code ?? -1;
    const from = error.srcIp ? `${error.srcIp} (${placeName(error.place)})` : placeName(error.place);
    const at = where(error);
    // Port unreachable from the target itself: nothing listens there. From anything else it
    // is that device refusing the probe, not the target (e.g. a gateway beyond the lab).
    if (type === 3 && code === 3 && (!error.srcIp || error.srcIp === probe.targetIp)) return { outcome: 'port-closed', text: `${target} answered ICMP port unreachable: nothing listens on that port.`, at };
    if (type === 3 && code === 3) return { outcome: 'filtered', text: `Not delivered: ${from}, not ${target}, answered ICMP port unreachable.`, at };
    if (type === 3 && (code === 9 || code === 10 || code === 13)) return { outcome: 'filtered', text: `Rejected by a firewall rule: ${from} answered ICMP ${icmpTypeName(type, code)}.`, at };
    if (type === 3) return { outcome: 'no-route', text: `${from} could not forward it: ICMP ${icmpTypeName(type, code)}. That router needs a route to ${probe.targetIp}.`, at };
    if (type === 11) return { outcome: 'ttl-exceeded', text: `The TTL ran out at ${from}: a routing loop?`, at };
  }
  const lastRequest = requests[requests.length - 1];
  const drop = drops[0];
  if (drop) {
    const isolation = /ISOLATION/i.test(drop.chain);
    const onWire = lastRequest ? ` after ${placeName(lastRequest.place)} ${lastRequest.iface}` : '';
    // Docker makes an internal network with DROP rules for anything not to/from its own subnet
    if (isolation && /!\s+-[ds]\s+\S+/.test(drop.rule)) {
      const network = lastRequest?.network ? `network ${lastRequest.network}` : 'its network';
      return { outcome: 'filtered', text: `Dropped${onWire}: ${network} is internal, so nothing leaves its subnet (chain ${drop.chain}: ${drop.rule}).`, at: lastRequest ? where(lastRequest) : undefined, evidence: drop };
    }
    return isolation
      ? { outcome: 'isolated', text: `Dropped${onWire}: Docker isolates user bridge networks from each other (chain ${drop.chain}: ${drop.rule}). Connect both nodes to one network, or route through a router on both.`, at: lastRequest ? where(lastRequest) : undefined, evidence: drop }
      : { outcome: 'filtered', text: `Dropped${onWire} by a firewall rule in ${placeName(drop.place)} (${drop.table} ${drop.chain}: ${drop.rule}).`, at: lastRequest ? where(lastRequest) : undefined, evidence: drop };
  }
  // ARP unanswered where the probe stopped: at the source (no such neighbour) or at a
  // router whose next hop does not exist
  const arpAnswered = new Set(hops.filter((h) => h.role === 'arp' && /is-at/.test(h.summary)).map((h) => h.srcIp));
  const stoppedAt = lastRequest?.place ?? probe.from;
  const unanswered = hops.find((h) => h.role === 'arp' && /who-has/.test(h.summary) && h.direction === 'out' && h.place === stoppedAt && !arpAnswered.has(h.dstIp));
  if (unanswered && !(probe.targetNode && requests.some((h) => h.place === probe.targetNode))) {
    const why = unanswered.place === probe.from ? 'no such address on that network' : `${placeName(unanswered.place)} forwards to an address nobody has there (check its routes)`;
    return { outcome: 'arp-unanswered', text: `${placeName(unanswered.place)} asked who has ${unanswered.dstIp} (ARP) on ${unanswered.iface} and nobody answered: ${why}.`, at: where(unanswered) };
  }
  if (lastRequest && probe.targetNode && requests.some((h) => h.place === probe.targetNode && h.direction === 'in')) {
    if (probe.protocol === 'udp') return { outcome: 'delivered', text: `Delivered to ${target} (UDP: no answer is expected, and no ICMP error came back).` };
    return { outcome: 'no-answer', text: `${target} received it but did not answer.`, at: where(lastRequest) };
  }
  if (lastRequest) return { outcome: 'lost', text: `Last seen ${seenAtText(lastRequest)}; nothing saw it after that.`, at: where(lastRequest) };
  return { outcome: 'lost', text: `No capture saw the probe leave ${placeName(probe.from)}.`, at: { place: probe.from } };
}

// What a trace is made of (pure types, shared by the engine, the CLI and the LabApi).

export type TraceProtocol = 'icmp' | 'tcp' | 'udp';

export interface TraceProbe {
  protocol: TraceProtocol;
  /** Where the probe is sent from: a node id, or 'host' (the engine host). */
  from: string;
  /** Address it is sent to (a node's address when a node was named). */
  targetIp: string;
  /** The node that owns targetIp, when it is one of the lab's. */
  targetNode?: string;
  port?: number;
  /** Bytes carried in an ICMP or UDP payload, to recognise the probe on every hop. */
  token: Uint8Array;
  /**
   * Where a userland proxy (docker-proxy) may relay a TCP probe to a published port: it
   * accepts the connection itself and opens a new one to the container's address and port.
   */
  relays?: { ip: string; port: number }[];
}

/** One packet seen on one interface. */
export interface Sighting {
  /** A node id, or 'host'. */
  place: string;
  iface: string;
  ifaceMac: string;
  /** For a host-side veth: the MAC of the container interface at its other end. */
  peerMac?: string;
  /** The lab network this interface is on, when known (canvas edge). */
  network?: string;
  timeMicros: number;
  data: Uint8Array;
}

export type HopRole = 'request' | 'reply' | 'error' | 'arp';
export type HopDirection = 'in' | 'out';

export interface Hop {
  /** Position in the time-ordered list, from 0. */
  index: number;
  /** Milliseconds since the first hop. */
  timeMs: number;
  place: string;
  iface: string;
  network?: string;
  direction: HopDirection;
  role: HopRole;
  srcMac: string;
  dstMac: string;
  srcIp?: string;
  dstIp?: string;
  ttl?: number;
  ipId?: number;
  /** One line, tcpdump style: 'ICMP echo request id 7 seq 1', 'TCP 40000 → 80 [S]'. */
  summary: string;
  /** Address or port changed since the previous hop of the same packet (NAT). */
  rewrite?: string;
  /**
   * Set when the frame was seen VXLAN-encapsulated (on an underlay between hosts): the
   * outer headers. The hop's other fields (MACs, IPs, TTL, IP id, summary) describe the
   * inner packet, the one the probe is; its direction is the outer frame's on that interface.
   */
  encap?: { vni: number; outerSrcIp: string; outerDstIp: string; outerSrcMac: string; outerDstMac: string; udpSrcPort: number; udpDstPort: number; outerTtl: number };
  /** Index of the frame in the trace's capture (pcap export order). */
  frame: number;
}

/** `ip route get` in a namespace the packet crossed. */
export interface RouteDecision {
  place: string;
  /** The command's output ('10.0.2.5 via 10.0.1.1 dev eth1 src 10.0.1.2') or its error. */
  text: string;
  ok: boolean;
}

/** A firewall rule or chain policy whose drop counter went up while the probe ran. */
export interface DropEvidence {
  place: string;
  table: string;
  chain: string;
  /** The rule as iptables-save prints it, or 'policy DROP'. */
  rule: string;
  packets: number;
}

export type TraceOutcome =
  | 'delivered'
  | 'port-closed'
  | 'no-route'
  | 'arp-unanswered'
  | 'isolated'
  | 'filtered'
  | 'ttl-exceeded'
  | 'no-answer'
  | 'lost';

export interface Verdict {
  outcome: TraceOutcome;
  /** One or two sentences a person can act on. */
  text: string;
  /** Where it stopped (node or 'host', interface, network), for marking the canvas. */
  at?: { place: string; iface?: string; network?: string };
  evidence?: DropEvidence;
}

/** One interface a trace captured on: how many frames it saw, or why it could not. */
export interface CaptureSummary {
  place: string;
  iface: string;
  network?: string;
  frames: number;
  error?: string;
}

export interface TraceTimings {
  /** Sidecars, captures listening, the source's route and firewall counters read. */
  setupMs: number;
  /** The probe, and the wait for late answers. */
  probeMs: number;
  totalMs: number;
}

/** What every trace reports beside its hops: the verdict and the evidence behind it. */
export interface TraceFindings {
  verdict: Verdict;
  /** `ip route get` at the source and in every namespace that forwarded the probe. */
  routes: RouteDecision[];
  drops: DropEvidence[];
  captures: CaptureSummary[];
  /** The probe program's output. */
  probeOutput: string;
  timings: TraceTimings;
}

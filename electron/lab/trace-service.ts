// Trace one real packet through a running lab: capture in every namespace it may cross
// (each node's, through a sidecar, and the engine host's bridges and veths), send one
// probe from the source, and turn what the captures saw into hops and a verdict.
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import type { LabDocument } from './model/schema';
import type { LiveContainer, LiveState } from './plan/types';
import { labNetworksByBridge, networkOwnerOf, readLiveState } from './docker/live';
import { ensureSidecars, SIDECAR_NETNS } from './docker/sidecars';
import { startCaptures, type CaptureSpec, type InterfaceCapture, type NamespaceInterface, type RunningCaptures } from './docker/capture';
import { execIn, type CommandResult } from './docker/exec';
import { engineHostOf, HostEngines } from './hosts/engines';
import { hostsWithOwnEngine } from './model/hosts';
import { reachRemoteHost } from './hosts/remote-host';
import { correlate, HOST, orderSightings } from './trace/correlate';
import { dropsBetween } from './trace/iptables';
import { placesToCapture } from './trace/places';
import { writePcap } from './trace/pcap';
import { verdictOf } from './trace/verdict';
import type { Hop, RouteDecision, Sighting, TraceFindings, TraceProbe, TraceProtocol } from './trace/types';

export const HOST_PLACE = HOST;

export interface TraceRequest {
  /** A node id, or 'host'. */
  from: string;
  /** A node id or an IPv4 address. */
  to: string;
  protocol: TraceProtocol;
  port?: number;
}

export type TracePhase = 'sidecars' | 'listening' | 'probing' | 'collecting';

export interface TraceOptions {
  onPhase?: (phase: TracePhase) => void;
  /** How long the probe may wait for an answer. */
  timeoutSeconds?: number;
  /** Each captured frame as it arrives (latency measurement, streaming views). */
  onFrame?: (place: string, iface: string, timeMicros: number) => void;
}

export interface TraceResult extends TraceFindings {
  lab: string;
  request: TraceRequest;
  probe: Omit<TraceProbe, 'token'> & { token: string };
  hops: Hop[];
  /** Every frame captured, time-ordered (hop.frame indexes it): the .pcap export. */
  pcap: Uint8Array;
}

export class TraceError extends Error {}

/**
 * The host-side veth ports (interface indexes) of each namespace, as its last capture
 * saw them, keyed by sidecar and container id: a replaced container is a new key.
 */
const hostPortsSeen = new Map<string, number[]>();

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The container whose namespace a node lives in (a pod-style sharer lives in its owner's). */
function namespaceOwner(live: LiveState, node: string): LiveContainer | undefined {
  const c = live.containers.find((x) => x.labId === node);
  return c ? networkOwnerOf(live, c) : undefined;
}

function resolveTarget(live: LiveState, source: LiveContainer | undefined, to: string): { ip: string; node?: string } {
  if (IPV4.test(to)) {
    const owner = live.containers.find((c) => c.endpoints.some((e) => e.ip === to));
    return { ip: to, node: owner ? namespaceOwner(live, owner.labId)?.labId : undefined };
  }
  const owner = namespaceOwner(live, to);
  if (!owner) throw new TraceError(`There is no running node "${to}" in lab ${live.lab}: deploy the lab first, or give an IP address.`);
  const shared = source ? owner.endpoints.find((e) => e.ip && source.endpoints.some((s) => s.networkDockerId === e.networkDockerId)) : undefined;
  const ip = shared?.ip ?? owner.endpoints.find((e) => e.ip)?.ip;
  if (!ip) throw new TraceError(`${to} has no IPv4 address on any network: connect it to a network first.`);
  return { ip, node: owner.labId };
}

/** Nodes that publish a TCP port on the host, with the container address and port it leads to. */
function publishersOf(document: LabDocument, live: LiveState, hostPort: number): { node: string; ip: string; port: number }[] {
  const out: { node: string; ip: string; port: number }[] = [];
  for (const node of document.nodes ?? []) {
    for (const p of node.ports ?? []) {
      if (p.host !== hostPort || (p.proto ?? 'tcp') !== 'tcp') continue;
      const owner = namespaceOwner(live, node.id);
      for (const e of owner?.endpoints ?? []) if (e.ip) out.push({ node: owner!.labId, ip: e.ip, port: p.container });
    }
  }
  return out;
}

function probeCommand(probe: TraceProbe, timeout: number, tokenHex: string): string[] {
  switch (probe.protocol) {
    case 'icmp':
      return ['ping', '-n', '-c', '1', '-W', String(timeout), '-p', tokenHex, probe.targetIp];
    case 'tcp':
      return ['nc', '-z', '-n', '-w', String(timeout), probe.targetIp, String(probe.port)];
    case 'udp':
      return ['sh', '-c', `printf %s ${tokenHex} | nc -u -n -w ${timeout} ${probe.targetIp} ${probe.port}`];
  }
}


/**
 * One engine the trace captures on: the one topolab is connected to (its host
 * namespace is the place 'host'), a virtual host's nested engine (its host
 * namespace, where the underlay interfaces and VXLAN are, is the place named by the
 * host's id), or a remote host's engine (its machine's namespace, named by the host's id).
 */
interface TraceScope {
  docker: Dockerode;
  hostPlace: string;
  live: LiveState;
  /** Virtual hosts: the underlay network ids of eth0, eth1… of the host namespace. */
  underlays: string[];
  owners: LiveContainer[];
  sidecarOf: Map<string, string>;
  hostSidecar: string;
  captures?: RunningCaptures;
  countersBefore?: CommandResult;
}

/** Every engine of the lab with its live state: the outer one, then each running virtual host and each remote host that answers. */
async function readScopes(docker: Dockerode, document: LabDocument, unreachable = new Map<string, string>()): Promise<TraceScope[]> {
  const lab = document.name;
  const engines = HostEngines.forLab(docker, document);
  const hosts = hostsWithOwnEngine(document);
  const scope = (d: Dockerode, hostPlace: string, live: LiveState, underlays: string[]): TraceScope => ({ docker: d, hostPlace, live, underlays, owners: [], sidecarOf: new Map(), hostSidecar: '' });
  const nested = await Promise.all(
    hosts.map(async (h) => {
      const reach = h.kind === 'remote' ? await reachRemoteHost(h.id, h) : undefined;
      if (reach?.problem) unreachable.set(h.id, reach.problem);
      const engine = reach ? reach.docker : engines.engineOf(h.id);
      if (!engine) return undefined; // an unreachable remote host: its nodes are not found (and the trace says why)
      const live = await readLiveState(engine, lab, { endpoint: `${h.kind} host ${h.id}` }).catch(() => undefined);
      return live ? scope(engine, h.id, live, (h.interfaces ?? []).map((i) => i.network)) : undefined;
    }),
  );
  return [scope(docker, HOST_PLACE, await readLiveState(docker, lab), []), ...nested.filter((s): s is TraceScope => !!s)];
}

/** All scopes' containers as one live state, for lookups by node id or address (ids are unique across hosts). */
function mergedLive(lab: string, scopes: readonly TraceScope[]): LiveState {
  const [first] = scopes;
  return { ...first.live, lab, containers: scopes.flatMap((s) => s.live.containers), networks: scopes.flatMap((s) => s.live.networks) };
}

function captureFilter(protocol: TraceProtocol, vxlan: boolean): string {
  // Whole protocols, not ports: NAT may change the port on the way. Across virtual hosts
  // the probe also travels inside VXLAN (UDP 4789) on the underlay.
  const base = protocol === 'icmp' ? 'arp or icmp' : `arp or icmp or ${protocol}`;
  return vxlan && protocol !== 'udp' ? `${base} or udp port 4789` : base;
}

export async function traceLab(docker: Dockerode, document: LabDocument, request: TraceRequest, options: TraceOptions = {}): Promise<TraceResult> {
  const started = performance.now();
  const lab = document.name;
  if ((request.protocol === 'tcp' || request.protocol === 'udp') && !(request.port && request.port > 0 && request.port < 65536)) {
    throw new TraceError(`A ${request.protocol.toUpperCase()} trace needs a port between 1 and 65535.`);
  }
  // the container lists have endpoints, MACs and network modes
  const unreachable = new Map<string, string>();
  const scopes = await readScopes(docker, document, unreachable);
  for (const end of [request.from, request.to]) {
    const host = engineHostOf(document, end);
    const problem = host ? unreachable.get(host) : undefined;
    if (problem) throw new TraceError(problem);
  }
  const live = mergedLive(lab, scopes);
  const scopeOfNode = (node: string) => scopes.find((s) => s.live.containers.some((c) => c.labId === node));
  const running = live.containers.filter((c) => c.state === 'running');
  const source = request.from === HOST_PLACE ? undefined : namespaceOwner(live, request.from);
  if (request.from !== HOST_PLACE && (!source || source.state !== 'running')) {
    throw new TraceError(`${request.from} is not running in lab ${lab}: deploy the lab (or start the node) first.`);
  }
  const target = resolveTarget(live, source, request.to);
  // A TCP probe to a port the lab publishes on the host is answered by docker-proxy, which
  // relays it to the container: follow that second connection too.
  const publishers = request.protocol === 'tcp' && !target.node ? publishersOf(document, scopes[0].live, request.port!) : [];
  if (publishers.length > 0) target.node = publishers[0].node;
  const tokenBytes = randomBytes(8);
  const tokenHex = tokenBytes.toString('hex');
  const probe: TraceProbe = {
    protocol: request.protocol, from: source && source.networkMode !== 'host' ? source.labId : HOST_PLACE, targetIp: target.ip, targetNode: target.node, port: request.port,
    // ping repeats the pattern bytes in its payload; nc sends the hex text
    token: request.protocol === 'icmp' ? new Uint8Array(tokenBytes) : new TextEncoder().encode(tokenHex),
    relays: publishers.length > 0 ? publishers.map(({ ip, port }) => ({ ip, port })) : undefined,
  };

  // sidecars in every namespace (owners only: a sharer's packets are its owner's)
  options.onPhase?.('sidecars');
  const ipOwner = (ip: string) => {
    const holder = live.containers.find((c) => c.endpoints.some((e) => e.ip === ip));
    return holder ? namespaceOwner(live, holder.labId)?.labId : undefined;
  };
  const candidates = placesToCapture(document, probe.from, probe.targetNode, ipOwner);
  // a host-mode node lives in the host's namespace: the host sidecar stands for it
  const owners = running.filter((c) => candidates.has(c.labId) && !c.networkMode.startsWith('container:') && c.networkMode !== 'host');
  const multiHost = scopes.length > 1;
  // the outer engine always (its bridges carry the underlay); a virtual host when something to capture lives there
  const active = scopes.filter((s, i) => i === 0 || owners.some((c) => scopeOfNode(c.labId) === s));
  await Promise.all(
    active.map(async (scope) => {
      scope.owners = owners.filter((c) => scopeOfNode(c.labId) === scope);
      const overlays = scope.live.networks.filter((n) => n.driver === 'overlay');
      const names = await ensureSidecars(scope.docker, lab, [
        { kind: 'host', overlays: overlays.map((n) => n.dockerId) },
        ...scope.owners.map((c) => ({ kind: 'node' as const, node: c.labId, containerId: c.dockerId })),
      ]);
      scope.hostSidecar = names[0];
      scope.sidecarOf = new Map([[scope.hostPlace, names[0]], ...scope.owners.map((c, i): [string, string] => [c.labId, names[i + 1]])]);
    }),
  );
  const sidecarOf = new Map(active.flatMap((s) => [...s.sidecarOf]));
  const engineOfPlace = new Map(active.flatMap((s) => [...s.sidecarOf.keys()].map((place): [string, Dockerode] => [place, s.docker])));
  const execAt = (place: string, cmd: string[]) => execIn(engineOfPlace.get(place)!, sidecarOf.get(place)!, cmd);
  const networkByName = new Map(live.networks.map((n) => [n.name, n.labId]));
  const overlayIds = new Set(live.networks.filter((n) => n.driver === 'overlay').map((n) => n.labId));

  const timeout = options.timeoutSeconds ?? 2;
  const filter = captureFilter(probe.protocol, multiHost);
  options.onPhase?.('listening');
  const onFrame = options.onFrame;
  const scopeSpecs = (scope: TraceScope): CaptureSpec[] => {
    const networkByBridge = labNetworksByBridge(scope.live);
    // the engine host: only the lab's bridges and their ports (and loopback when the probe
    // goes to 127.0.0.0/8: that is where docker-proxy answers); a virtual host also its underlay links
    const hostInterfaces = [
      ...networkByBridge.keys(),
      ...(scope.hostPlace === HOST_PLACE && probe.targetIp.startsWith('127.') ? ['lo'] : []),
      ...scope.underlays.map((_, i) => `eth${i}`),
    ];
    // Warm: the host side captures only the bridge ports of the namespaces captured in
    // (each veth port costs a tcpdump); cold, or after a node changed, every port.
    const known = scope.owners.map((c) => hostPortsSeen.get(`${scope.sidecarOf.get(c.labId)}|${c.dockerId}`));
    const ports = known.every((k) => k !== undefined) ? (known.flat() as number[]) : undefined;
    const specs: CaptureSpec[] = [
      { sidecar: scope.hostSidecar, place: scope.hostPlace, bridges: hostInterfaces, ports },
      ...scope.owners.map((c) => ({ sidecar: scope.sidecarOf.get(c.labId)!, place: c.labId })),
    ];
    // a swarm overlay's bridge and vxlan live in a namespace of their own (1-<network id>)
    for (const n of scope.live.networks.filter((x) => x.driver === 'overlay')) {
      specs.push({ sidecar: scope.hostSidecar, place: scope.hostPlace, netns: `${SIDECAR_NETNS}/1-${n.dockerId.slice(0, 10)}`, namePrefix: `${n.labId}:` });
    }
    return specs;
  };

  // capture; meanwhile the source's own route and the firewall counters before the probe
  const sourcePlace = probe.from;
  const [, routeOut] = await Promise.all([
    Promise.all(
      active.map(async (scope) => {
        const [captures, counters] = await Promise.all([
          startCaptures(scope.docker, scopeSpecs(scope), {
            filter, maxSeconds: timeout + 8,
            onFrame: onFrame ? (place, iface, frame) => onFrame(place, iface, frame.timeMicros) : undefined,
          }),
          execIn(scope.docker, scope.hostSidecar, ['iptables-save', '-c']),
        ]);
        scope.captures = captures;
        scope.countersBefore = counters;
      }),
    ).catch(async (err) => {
      await Promise.all(active.map((s) => s.captures?.stop()));
      throw err;
    }),
    execAt(sourcePlace, ['ip', 'route', 'get', probe.targetIp]),
  ]);
  const sourceRoute: RouteDecision = { place: probe.from, ok: routeOut.exitCode === 0, text: (routeOut.exitCode === 0 ? routeOut.stdout : routeOut.stderr).trim().replace(/\s+/g, ' ') };

  // which lab network each captured interface is on; a host veth's peer (its container's MAC)
  const annotate = new Map<string, { network?: string; peerMac?: string }>();
  for (const scope of active) {
    const interfaces = scope.captures!.interfaces;
    for (const c of scope.owners) {
      const list = interfaces.get(c.labId);
      if (list) hostPortsSeen.set(`${scope.sidecarOf.get(c.labId)}|${c.dockerId}`, list.flatMap((i) => (i.kind === 'veth' && i.linkIndex ? [i.linkIndex] : [])));
    }
    const networkByBridge = labNetworksByBridge(scope.live);
    const containerIfaces: { network?: string; iface: NamespaceInterface }[] = [];
    for (const [place, list] of interfaces) {
      if (place === scope.hostPlace) continue;
      const container = scope.owners.find((c) => c.labId === place);
      for (const iface of list) {
        const endpoint = container?.endpoints.find((e) => e.mac && e.mac.toLowerCase() === iface.mac);
        const network = endpoint ? networkByName.get(endpoint.networkName) : undefined;
        annotate.set(`${place}/${iface.name}`, { network });
        containerIfaces.push({ network, iface });
      }
    }
    for (const iface of interfaces.get(scope.hostPlace) ?? []) {
      const overlay = /^([^:]+):/.exec(iface.name)?.[1]; // 'ov1:br0': in overlay ov1's namespace
      // interface indexes are per namespace: an overlay's veth pairs with a container interface on that overlay
      const peer = iface.kind === 'veth' ? containerIfaces.find((c) => c.iface.linkIndex === iface.index && (overlay ? c.network === overlay : !overlayIds.has(c.network ?? ''))) : undefined;
      const underlay = /^eth(\d+)$/.exec(iface.name) ? scope.underlays[Number(iface.name.slice(3))] : undefined;
      annotate.set(`${scope.hostPlace}/${iface.name}`, { network: overlay ?? underlay ?? networkByBridge.get(iface.master ?? iface.name), peerMac: peer?.iface.mac });
    }
  }
  const setupMs = performance.now() - started;
  options.onPhase?.('probing');
  const probeStart = performance.now();
  let probeOut = { exitCode: -1, stdout: '', stderr: '' };
  let seen: InterfaceCapture[];
  try {
    if (sourceRoute.ok) probeOut = await execAt(sourcePlace, probeCommand(probe, timeout, tokenHex));
    await new Promise((r) => setTimeout(r, 100)); // late replies and ICMP errors
  } finally {
    options.onPhase?.('collecting');
    seen = (await Promise.all(active.map((s) => s.captures!.stop()))).flat();
  }
  const probeMs = performance.now() - probeStart;
  // the counters after, and `ip route get` where the probe was forwarded, at the same time
  const countersAfterRun = Promise.all(active.map((s) => execIn(s.docker, s.hostSidecar, ['iptables-save', '-c'])));
  const sightings: Sighting[] = orderSightings(seen.flatMap((c) => {
    const note = annotate.get(`${c.place}/${c.interface.name}`);
    return c.frames.map((f) => ({ place: c.place, iface: c.interface.name, ifaceMac: c.interface.mac, peerMac: note?.peerMac, network: note?.network, timeMicros: f.timeMicros, data: f.data }));
  }));
  const hops = correlate(sightings, probe);
  const routesRun = routeDecisions(execAt, hops, new Set([...sidecarOf.keys()].filter((p) => !active.some((s) => s.hostPlace === p))), probe.from);
  const countersAfter = await countersAfterRun;
  const drops = active.flatMap((s, i) => {
    const before = s.countersBefore!;
    const after = countersAfter[i];
    return before.exitCode === 0 && after.exitCode === 0 ? dropsBetween(s.hostPlace, before.stdout, after.stdout) : [];
  });
  const verdict = verdictOf({ probe, hops, frames: sightings, sourceRoute, drops, probeSucceeded: probeOut.exitCode === 0 });
  const routes = [sourceRoute, ...(await routesRun)];

  return {
    lab, request,
    probe: { ...probe, token: tokenHex },
    hops, verdict, routes, drops,
    captures: seen.map((c) => ({ place: c.place, iface: c.interface.name, network: annotate.get(`${c.place}/${c.interface.name}`)?.network, frames: c.frames.length, error: c.error })),
    probeOutput: (probeOut.stdout + probeOut.stderr).trim(),
    timings: { setupMs: Math.round(setupMs), probeMs: Math.round(probeMs), totalMs: Math.round(performance.now() - started) },
    pcap: writePcap(sightings.map((s) => ({ timeMicros: s.timeMicros, data: s.data, originalLength: s.data.length }))),
  };
}

/** `ip route get` in each namespace that forwarded the probe (in on one interface, out on another): one exec per place. */
async function routeDecisions(execAt: (place: string, cmd: string[]) => Promise<CommandResult>, hops: readonly Hop[], nodePlaces: ReadonlySet<string>, source: string): Promise<RouteDecision[]> {
  const asked = new Map<string, string[][]>();
  const seen = new Set<string>();
  for (const hop of hops) {
    // an encapsulated hop is the underlay's business, not a routing decision about the inner packet
    if (hop.direction !== 'in' || hop.encap || hop.place === source || hop.place === HOST_PLACE || !hop.srcIp || !hop.dstIp || (hop.role !== 'request' && hop.role !== 'reply')) continue;
    const forwarded = hops.some((h) => h.index > hop.index && h.place === hop.place && h.direction === 'out' && h.iface !== hop.iface && h.role === hop.role);
    const key = `${hop.place}|${hop.dstIp}|${hop.srcIp}|${hop.iface}`;
    if (!forwarded || seen.has(key) || !nodePlaces.has(hop.place)) continue;
    seen.add(key);
    asked.set(hop.place, [...(asked.get(hop.place) ?? []), [hop.dstIp, 'from', hop.srcIp, 'iif', hop.iface]]);
  }
  const decisions = await Promise.all([...asked].map(async ([place, queries]) => {
    // one line of output per query, in order; an error line when the kernel has no route
    const script = queries.map((q) => `ip route get ${q.join(' ')} 2>&1 | tr '\\n' ' '; echo`).join('; ');
    const out = await execAt(place, ['sh', '-c', script]);
    const lines = out.stdout.split('\n');
    return queries.map((q, i): RouteDecision => {
      const text = (lines[i] ?? '').trim().replace(/\s+/g, ' ');
      return { place, ok: !!text && !/RTNETLINK|unreachable|Invalid/i.test(text), text: `${q.join(' ')}: ${text || out.stderr.trim()}` };
    });
  }));
  return decisions.flat();
}

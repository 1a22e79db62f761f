// The host side of inspection: a lab network's Docker definition beside its kernel
// reality (bridge, ports, FDB; for an overlay its own namespace's br0 and VXLAN), and
// the Docker host itself (bridges, veths, VXLAN devices, the iptables chains Docker
// maintains). All gathered by one exec in the host sidecar of the engine concerned:
// the local engine's, or a virtual host's nested engine's (whose "host" is the virtual
// host's own network namespace), or a remote host's engine (that machine's). An
// overlay spanning virtual hosts is read on each.
import { readdir, readFile } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import { execIn } from './docker/exec';
import { bridgeDeviceOf, readLiveState } from './docker/live';
import { ensureSidecars, SIDECAR_NETNS } from './docker/sidecars';
import {
  engineHostOfNetwork,
  HostEngines,
  hostKindOf,
  hostLabel,
  isVirtualHost,
  overlayMemberHosts,
  remoteHostIds,
  virtualHostContainer,
  virtualHostIds,
  virtualHostProblem,
  type VirtualHostContainer,
} from './hosts/engines';
import { reachRemoteHost, remoteHostsOf } from './hosts/remote-host';
import { nodesByPeerIndex, readHostProc, type ProcLink } from './hosts/host-proc';
import { parseFdb } from './inspect/parse-fdb';
import { parseIptablesSave, parseLinks } from './inspect/parse';
import { sectionMarker, splitSections } from './inspect/sections';
import type { BridgePort, FdbEntry, HostInspection, InterfaceInfo, NetworkInspection, NetworkKernelView, VxlanView } from './inspect/types';
import type { LabDocument } from './model/schema';
import { localHostId } from './model/hosts';
import { objectName } from './plan/naming';
import type { LiveState } from './plan/types';

export class InspectNetworkError extends Error {}

/** One namespace to read: the host's (no netns) or an overlay's. */
interface NamespaceRead {
  key: string;
  netns?: string;
}

/** One exec: links, addresses, FDB of each namespace, and (host only) the firewall. */
function hostScript(options: { namespaces: NamespaceRead[]; firewall: boolean }): string {
  const part = (name: string, command: string, netns?: string) => `echo '${sectionMarker(name)}'; ${netns ? `nsenter --net=${netns} ` : ''}${command} 2>/dev/null; echo`;
  return [
    ...options.namespaces.flatMap((ns) => [
      part(`links-${ns.key}`, 'ip -j -d link show', ns.netns),
      part(`addrs-${ns.key}`, 'ip -j addr show', ns.netns),
      part(`fdb-${ns.key}`, 'bridge -j fdb show', ns.netns),
    ]),
    ...(options.firewall ? [part('iptables', 'iptables-save -c')] : []),
    'exit 0',
  ].join('\n');
}

interface NamespaceView {
  links: InterfaceInfo[];
  fdb: FdbEntry[];
}

interface HostView {
  namespaces: Map<string, NamespaceView>;
  iptables: string;
  errors: string[];
}

async function readHostView(docker: Dockerode, sidecar: string, options: { namespaces: NamespaceRead[]; firewall: boolean }): Promise<HostView> {
  const out = await execIn(docker, sidecar, ['sh', '-c', hostScript(options)]);
  const sections = splitSections(out.stdout);
  const namespaces = new Map<string, NamespaceView>();
  const errors: string[] = [];
  for (const ns of options.namespaces) {
    const links = parseLinks(sections.get(`links-${ns.key}`) ?? '', sections.get(`addrs-${ns.key}`) ?? '');
    if (links.length === 0) errors.push(`could not list the interfaces${ns.netns ? ` in ${ns.netns}` : ''}${out.stderr.trim() ? `: ${out.stderr.trim()}` : ''}`);
    namespaces.set(ns.key, { links, fdb: parseFdb(sections.get(`fdb-${ns.key}`) ?? '') });
  }
  return { namespaces, iptables: sections.get('iptables') ?? '', errors };
}

/** The engine's namespace of a swarm overlay, as the host sidecar sees it. */
const overlayNetns = (dockerId: string) => `${SIDECAR_NETNS}/1-${dockerId.slice(0, 10)}`;

/** The engine a part of the lab is on: the local one (no host), a virtual host's or a remote host's. */
interface EngineSide {
  host?: string;
  docker: Dockerode;
  virtualHost?: VirtualHostContainer;
  /** A remote host's engine: its processes are on another machine. */
  remote?: boolean;
}

async function engineSide(outer: Dockerode, document: LabDocument, host: string | undefined): Promise<EngineSide> {
  if (host === undefined) return { docker: outer };
  const lab = document.name;
  if (hostKindOf(document, host) === 'remote') {
    const reach = await reachRemoteHost(host, remoteHostsOf(document)[host]);
    if (!reach.docker) throw new InspectNetworkError(reach.problem);
    return { host, docker: reach.docker, remote: true };
  }
  const virtualHost = await virtualHostContainer(outer, lab, host);
  const problem = virtualHostProblem(lab, host, virtualHost);
  if (problem) throw new InspectNetworkError(problem);
  return { host, docker: new HostEngines(outer, lab).engineOf(host), virtualHost };
}

/** The interfaces inside each process's network namespace, from this machine's /proc (the local engine). */
async function localProcLinks(pids: number[]): Promise<ProcLink[]> {
  const out: ProcLink[] = [];
  await Promise.all(pids.map(async (pid) => {
    const base = `/proc/${pid}/root/sys/class/net`;
    const names = await readdir(base).catch(() => [] as string[]);
    await Promise.all(names.map(async (name) => {
      const iflink = Number((await readFile(`${base}/${name}/iflink`, 'utf8').catch(() => '')).trim());
      const ifindex = Number((await readFile(`${base}/${name}/ifindex`, 'utf8').catch(() => '')).trim());
      if (iflink > 0 && ifindex > 0) out.push({ pid, name, iflink, ifindex });
    }));
  }));
  return out;
}

/**
 * Which lab node is behind each host-side veth, by interface index: a container
 * interface's `iflink` is its host peer's index. On the local engine read from this
 * machine's /proc (known when the engine runs here, empty otherwise), with the virtual
 * hosts' containers counted as nodes (their underlay links); on a virtual host read
 * in the virtual host itself.
 */
async function nodesByHostIndex(outer: Dockerode, side: EngineSide, live: LiveState, document: LabDocument): Promise<Map<number, string>> {
  // namespace owners only: a pod-style sharer sees its owner's interfaces
  const owners = live.containers.filter((c) => c.state === 'running' && c.pid > 0 && !c.networkMode.startsWith('container:') && c.networkMode !== 'host');
  const nodeOfPid = new Map(owners.map((c) => [c.pid, c.labId]));
  if (side.remote) return new Map(); // another machine's /proc: which veth is whose is not known here
  if (side.virtualHost) {
    if (owners.length === 0) return new Map();
    const report = await readHostProc(outer, side.virtualHost.name, { namespacePids: [], linkPids: owners.map((c) => c.pid) }).catch(() => undefined);
    return report ? nodesByPeerIndex(report.links, nodeOfPid) : new Map();
  }
  const hosts = await Promise.all(virtualHostIds(document).map((id) => virtualHostContainer(outer, document.name, id).catch(() => undefined)));
  for (const h of hosts) if (h?.running && h.pid > 0) nodeOfPid.set(h.pid, h.id);
  return nodesByPeerIndex(await localProcLinks([...nodeOfPid.keys()]), nodeOfPid);
}

const bridgeNameOf = (n: DockerNetworkDetail) => bridgeDeviceOf({ id: n.Id, name: n.Name, options: n.Options });

function portsOf(links: InterfaceInfo[], bridge: string, nodeOf: Map<number, string>): BridgePort[] {
  return links.filter((l) => l.master === bridge).map((l) => {
    const port: BridgePort = { name: l.name, mac: l.mac };
    if (l.portState) port.state = l.portState;
    const node = nodeOf.get(l.index);
    if (node) port.node = node;
    return port;
  });
}

interface DockerNetworkDetail {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Internal?: boolean;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] | null };
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
  Containers?: Record<string, { Name: string; IPv4Address?: string; MacAddress?: string }> | null;
  /** Swarm overlays: the engines in the network, by their data-path address. */
  Peers?: { Name?: string; IP?: string }[] | null;
}

/** One engine's view of a lab network. */
interface NetworkOnEngine {
  docker: NetworkInspection['docker'];
  kernel: NetworkKernelView;
  errors: string[];
}

async function inspectNetworkOn(outer: Dockerode, side: EngineSide, document: LabDocument, networkId: string, hostOfAddress: Map<string, string>): Promise<NetworkOnEngine> {
  const lab = document.name;
  const { docker } = side;
  const live = await readLiveState(docker, lab, { details: true });
  const net = live.networks.find((n) => n.labId === networkId);
  if (!net) {
    const def = document.networks?.find((n) => n.id === networkId);
    throw new InspectNetworkError(def?.driver === 'host' || def?.driver === 'none'
      ? `${networkId} is Docker's ${def.driver} mode: there is no network object of the lab to inspect (inspect a node on it instead).`
      : `Lab ${lab} has no network "${networkId}" on ${side.host ? hostLabel(document, side.host) : 'the engine'}: deploy the lab first.`);
  }
  const detail = (await docker.getNetwork(net.dockerId).inspect()) as DockerNetworkDetail;
  const overlays = live.networks.filter((n) => n.driver === 'overlay').map((n) => n.dockerId);
  const [hostSidecar] = await ensureSidecars(docker, lab, [{ kind: 'host', overlays }]);
  const isOverlay = detail.Driver === 'overlay';
  const [view, nodeOf] = await Promise.all([
    readHostView(docker, hostSidecar, { namespaces: [{ key: 'net', netns: isOverlay ? overlayNetns(detail.Id) : undefined }], firewall: false }),
    nodesByHostIndex(outer, side, live, document),
  ]);
  const ns = view.namespaces.get('net') ?? { links: [], fdb: [] };
  // on the local engine, the virtual hosts' containers are attached to the underlays
  const byName = new Map([...(side.host ? [] : virtualHostIds(document).map((id) => [objectName(lab, id), id] as const)), ...live.containers.map((c) => [c.name, c.labId] as const)]);
  const kernel: NetworkKernelView = { ports: [], fdb: [] };
  if (detail.Driver === 'bridge' || isOverlay) {
    const bridge = isOverlay ? 'br0' : bridgeNameOf(detail);
    kernel.device = ns.links.find((l) => l.name === bridge);
    // an overlay's veth indexes are its namespace's, not the host's: no node by index there
    kernel.ports = portsOf(ns.links, bridge, isOverlay ? new Map() : nodeOf);
    const vxlan = isOverlay ? ns.links.find((l) => l.kind === 'vxlan') : undefined;
    const portNames = new Set([bridge, ...kernel.ports.map((p) => p.name), ...(vxlan ? [vxlan.name] : [])]);
    kernel.fdb = ns.fdb.filter((f) => portNames.has(f.dev));
    if (vxlan) kernel.vxlan = vxlan;
  } else if (detail.Driver === 'macvlan' || detail.Driver === 'ipvlan') {
    kernel.device = ns.links.find((l) => l.name === detail.Options?.parent);
  }
  const peers = (detail.Peers ?? []).filter((p) => p.IP).map((p) => {
    const host = hostOfAddress.get(p.IP!);
    return { name: p.Name ?? '', ip: p.IP!, ...(host ? { host } : {}) };
  });
  return {
    docker: {
      name: detail.Name, id: detail.Id, driver: detail.Driver, scope: detail.Scope, internal: !!detail.Internal,
      subnets: (detail.IPAM?.Config ?? []).filter((c) => c.Subnet).map((c) => ({ subnet: c.Subnet!, ...(c.Gateway ? { gateway: c.Gateway } : {}) })),
      options: detail.Options ?? {}, labels: detail.Labels ?? {},
      containers: Object.values(detail.Containers ?? {}).map((c) => ({
        node: byName.get(c.Name), name: c.Name, ip: c.IPv4Address || undefined, mac: c.MacAddress || undefined, ...(side.host ? { host: side.host } : {}),
      })),
      ...(peers.length ? { peers } : {}),
    },
    kernel,
    errors: view.errors,
  };
}

/** Virtual host id by each of its underlay addresses (to name an overlay's peers). */
async function hostsByUnderlayAddress(outer: Dockerode, document: LabDocument): Promise<Map<string, string>> {
  const hosts = await Promise.all(virtualHostIds(document).map((id) => virtualHostContainer(outer, document.name, id).catch(() => undefined)));
  return new Map(hosts.flatMap((h) => (h ? h.endpoints.flatMap((e) => (e.ip ? [[e.ip, h.id] as [string, string]] : [])) : [])));
}

export async function inspectNetwork(docker: Dockerode, document: LabDocument, networkId: string): Promise<NetworkInspection> {
  const started = performance.now();
  const lab = document.name;
  const def = document.networks?.find((n) => n.id === networkId);
  const members = def?.driver === 'overlay' ? overlayMemberHosts(document, networkId) : [];
  const hostOfAddress = members.length ? await hostsByUnderlayAddress(docker, document) : new Map<string, string>();
  if (members.length === 0) {
    // a network of the local engine, or one that lives on a virtual or remote host (`host:` in the file)
    const host = engineHostOfNetwork(document, networkId);
    const one = await inspectNetworkOn(docker, await engineSide(docker, document, host), document, networkId, hostOfAddress);
    return { lab, network: networkId, ...(host ? { host } : {}), ...one, tookMs: Math.round(performance.now() - started) };
  }
  // an overlay across virtual hosts: each member host has its own VXLAN device and FDB for it
  const views = await Promise.all(members.map(async (host) => {
    try {
      return { host, view: await inspectNetworkOn(docker, await engineSide(docker, document, host), document, networkId, hostOfAddress) };
    } catch (error) {
      if (error instanceof InspectNetworkError) return { host, error: error.message };
      throw error;
    }
  }));
  const found = views.filter((v): v is { host: string; view: NetworkOnEngine } => 'view' in v && !!v.view);
  if (found.length === 0) throw new InspectNetworkError(views.map((v) => ('error' in v ? v.error : '')).filter(Boolean)[0] ?? `Lab ${lab} has no network "${networkId}": deploy the lab first.`);
  const first = found[0].view;
  return {
    lab,
    network: networkId,
    docker: { ...first.docker, containers: found.flatMap((f) => f.view.docker.containers) },
    kernel: first.kernel,
    hosts: views.map((v) => ('view' in v && v.view ? { host: v.host, kernel: v.view.kernel, errors: v.view.errors } : { host: v.host, kernel: { ports: [], fdb: [] }, errors: ['error' in v ? v.error : ''] })),
    errors: views.flatMap((v) => ('view' in v && v.view ? v.view.errors : ['error' in v ? v.error : '']).map((e) => `on ${v.host}: ${e}`)),
    tookMs: Math.round(performance.now() - started),
  };
}

/**
 * The host view's subject: undefined for the local engine's host ('host', or the local
 * host's id in the file), else a virtual or remote host id; anything else is refused.
 */
export function hostViewTarget(document: LabDocument, host: string | undefined): string | undefined {
  if (host === undefined || host === 'host' || host === localHostId(document)) return undefined;
  if (isVirtualHost(document, host) || hostKindOf(document, host) === 'remote') return host;
  const virtual = virtualHostIds(document);
  const remote = remoteHostIds(document);
  const others = [...(virtual.length ? [`a virtual host (${virtual.join(', ')})`] : []), ...(remote.length ? [`a remote host (${remote.join(', ')})`] : [])];
  throw new InspectNetworkError(`"${host}" is not a host of lab ${document.name}: name 'host' (the engine's own)${others.length ? ` or ${others.join(' or ')}` : ''}.`);
}

export async function inspectHost(docker: Dockerode, document: LabDocument, hostId?: string): Promise<HostInspection> {
  const started = performance.now();
  const lab = document.name;
  const side = await engineSide(docker, document, hostViewTarget(document, hostId));
  const engine = side.docker;
  const [live, networks] = await Promise.all([
    readLiveState(engine, lab, { details: true }),
    engine.listNetworks() as Promise<DockerNetworkDetail[]>,
  ]);
  const overlays = live.networks.filter((n) => n.driver === 'overlay');
  const [hostSidecar] = await ensureSidecars(engine, lab, [{ kind: 'host', overlays: overlays.map((n) => n.dockerId) }]);
  const namespaces: NamespaceRead[] = [{ key: 'host' }, ...overlays.map((n, i) => ({ key: `ovl${i}`, netns: overlayNetns(n.dockerId) }))];
  const [view, nodeOf] = await Promise.all([readHostView(engine, hostSidecar, { namespaces, firewall: true }), nodesByHostIndex(docker, side, live, document)]);
  const own = view.namespaces.get('host') ?? { links: [], fdb: [] };
  const dockerByBridge = new Map(networks.filter((n) => n.Driver === 'bridge').map((n) => [bridgeNameOf(n), n]));
  const labByDocker = new Map(live.networks.map((n) => [n.dockerId, n.labId]));
  const bridges = own.links.filter((l) => l.kind === 'bridge').map((b) => {
    const dockerNet = dockerByBridge.get(b.name);
    const network = dockerNet ? labByDocker.get(dockerNet.Id) : undefined;
    return { name: b.name, ...(network ? { network } : {}), ...(dockerNet ? { dockerNetwork: dockerNet.Name } : {}), ofLab: !!network, addresses: b.addresses, ports: portsOf(own.links, b.name, nodeOf) };
  });
  const labBridges = new Set(bridges.filter((b) => b.ofLab).map((b) => b.name));
  const veths = own.links.filter((l) => l.kind === 'veth').map((v) => {
    const node = nodeOf.get(v.index);
    return { name: v.name, ...(v.master ? { bridge: v.master } : {}), ...(node ? { node } : {}), ofLab: !!node || (!!v.master && labBridges.has(v.master)) };
  });
  // each overlay's VXLAN device lives in the overlay's own namespace, with its FDB (MAC → peer host)
  const vxlans: VxlanView[] = overlays.flatMap((n, i) => {
    const ns = view.namespaces.get(`ovl${i}`);
    const device = ns?.links.find((l) => l.kind === 'vxlan');
    return device ? [{ network: n.labId, namespace: `1-${n.dockerId.slice(0, 10)}`, device, fdb: ns!.fdb.filter((f) => f.dev === device.name) }] : [];
  });
  const firewall = parseIptablesSave(view.iptables);
  const subnets = live.networks.flatMap((n) => n.subnets);
  const mentionsLab = (rule: string) => [...labBridges].some((b) => new RegExp(`\\b${b}\\b`).test(rule)) || subnets.some((s) => rule.includes(s));
  const labRules = firewall.flatMap((t) => t.chains.flatMap((c) => c.rules.flatMap((r, i) => (mentionsLab(r.text) ? [`${t.name}/${c.name}/${i}`] : []))));
  const dockerChains = [...new Set(firewall.flatMap((t) => t.chains.map((c) => c.name)).filter((name) => name.startsWith('DOCKER')))];
  // a virtual host's own links to the lab's underlays (what overlays run over)
  const underlayOf = new Map((document.networks ?? []).map((n) => [objectName(lab, n.id), n.id]));
  const uplinks = side.virtualHost
    ? side.virtualHost.endpoints.flatMap((e) => {
        const link = own.links.find((l) => e.mac && l.mac.toLowerCase() === e.mac);
        const network = underlayOf.get(e.network);
        return link ? [{ name: link.name, ...(network ? { network } : {}), addresses: link.addresses }] : [];
      })
    : undefined;
  return {
    lab,
    ...(side.host ? { host: side.host } : {}),
    bridges,
    veths,
    vxlans,
    ...(uplinks ? { uplinks } : {}),
    firewall,
    dockerChains,
    labRules,
    errors: view.errors,
    tookMs: Math.round(performance.now() - started),
  };
}

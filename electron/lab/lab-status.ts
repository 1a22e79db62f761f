// A lab's status (pure): what the file wants beside what each engine has. Nodes and
// networks of the local engine come from its live state; those of a virtual host from
// its nested engine's, those of a remote host from that host's engine; and when a host
// is absent, stopped, unreachable or not answering, its nodes say so instead of looking
// merely "missing". lab-service reads the engines.
import { LOCAL_HOST_ID, isBuiltinNetwork, type HostDef, type LabDocument, type NodeDef } from './model/schema';
import { objectName } from './plan/naming';
import type { LiveContainer, LiveState } from './plan/types';

export interface NodeStatus {
  id: string;
  kind: string;
  /** The virtual or remote host it runs on; absent: the engine topolab is connected to. */
  host?: string;
  state: string;
  status: string;
  image?: string;
  interfaces: { network: string; ip?: string; ip6?: string; mac?: string }[];
  networkMode?: string;
}

export interface NetworkStatus {
  id: string;
  driver: string;
  state: 'present' | 'missing' | 'builtin';
  subnets: string[];
  /** Where it was found: the virtual or remote hosts that have it (absent: the local engine only). */
  hosts?: string[];
}

export type HostState = 'running' | 'created' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead' | 'missing' | 'unknown' | 'unreachable';

export interface HostStatus {
  id: string;
  kind: 'local' | 'virtual' | 'remote';
  /**
   * A virtual host's container on the local engine; the local engine itself is 'running';
   * a remote host is 'running' when its engine answers, else 'unreachable' (`status` says why).
   */
  state: HostState;
  status: string;
  /** A virtual host's addresses on its underlay networks (lab network ids), in file order. */
  addresses: { network: string; ip?: string }[];
  /** Whether its Docker engine answered this read. */
  engineAnswers: boolean;
  engineVersion?: string;
}

export interface LabStatus {
  lab: string;
  engine: { name: string; version: string };
  /** The lab's hosts (empty for a one-host lab with no `hosts:` list). */
  hosts: HostStatus[];
  nodes: NodeStatus[];
  networks: NetworkStatus[];
  /** Objects with the lab's label that the file does not mention (virtual host containers of the file never are). */
  strays: string[];
}

/** What lab-service read about one virtual host of the file. */
export interface VirtualHostRead {
  id: string;
  /** Its container on the local engine; absent when there is none. */
  container?: {
    name: string;
    state: string;
    /** The engine's words ("Up 3 minutes", "Exited (137) 2 seconds ago"). */
    status: string;
    /** Outer network name → its address there. */
    addresses: Record<string, string>;
  };
  /** Its nested engine's view of the lab; absent when it did not answer (or does not run). */
  live?: LiveState;
}

/** What lab-service read about one remote host of the file. */
export interface RemoteHostRead {
  id: string;
  /** Its URL, or its context (with the URL it stands for). */
  where: string;
  /** Its engine's view of the lab; absent when it could not be reached. */
  live?: LiveState;
  /** Why it could not be reached, in one sentence. */
  problem?: string;
}

const HOST_STATES = new Set<HostState>(['running', 'created', 'paused', 'restarting', 'removing', 'exited', 'dead']);

/** The lab's hosts as the status lists them: the local one (listed or implied) first, then the file's. */
function hostsOf(document: LabDocument): HostDef[] {
  const listed = document.hosts ?? [];
  if (listed.length === 0) return [];
  const local = listed.find((h) => h.kind === 'local');
  return local ? [local, ...listed.filter((h) => h !== local)] : [{ id: LOCAL_HOST_ID, kind: 'local' }, ...listed];
}

/** Why a node on a virtual host cannot be read, or undefined when its host's engine answered. */
export function virtualHostProblem(host: string, read: VirtualHostRead | undefined): { state: NodeStatus['state']; status: string } | undefined {
  if (!read?.container) return { state: 'missing', status: `virtual host ${host} does not exist (deploy the lab)` };
  if (read.container.state !== 'running') return { state: 'exited', status: `virtual host ${host} is not running (${read.container.status || read.container.state})` };
  if (!read.live) return { state: 'dead', status: `the Docker engine of virtual host ${host} does not answer` };
  return undefined;
}

/** The lab network id of an engine network name: by the lab's labels on that engine, else by the lab's naming. */
function networkIdResolver(document: LabDocument, live: LiveState | undefined): (name: string) => string {
  const byName = new Map((live?.networks ?? []).map((n) => [n.name, n.labId]));
  const prefix = objectName(document.name, '');
  return (name) => byName.get(name) ?? (name.startsWith(prefix) ? name.slice(prefix.length) : name);
}

function nodeFromContainer(node: NodeDef, c: LiveContainer, networkId: (name: string) => string, host: string | undefined): NodeStatus {
  return {
    id: node.id,
    kind: node.kind,
    ...(host ? { host } : {}),
    state: c.state,
    status: c.status,
    image: c.image,
    networkMode: c.networkMode,
    interfaces: inFileOrder(node, c.endpoints.map((e) => ({ network: networkId(e.networkName), ip: e.ip, ip6: e.ip6, mac: e.mac }))),
  };
}

/** The engine reports endpoints as an unordered map; people expect eth0, eth1… as written. */
function inFileOrder<T extends { network: string }>(node: NodeDef, interfaces: T[]): T[] {
  const order = (node.interfaces ?? []).map((i) => i.network);
  const rank = (network: string) => (order.includes(network) ? order.indexOf(network) : order.length);
  return [...interfaces].sort((a, b) => rank(a.network) - rank(b.network));
}

/** Why a node on a remote host cannot be read, or undefined when its engine answered. */
export function remoteHostProblem(host: string, read: RemoteHostRead | undefined): { state: NodeStatus['state']; status: string } | undefined {
  if (read?.live) return undefined;
  return { state: 'dead', status: `remote host ${host} is unreachable${read ? ` (${read.where})` : ''}` };
}

/**
 * Composes the status. `virtual` holds a read for each virtual host of the file;
 * `hostContainers`: every virtual host container of the lab on the local engine (those
 * no longer in the file are strays, which `up` removes); `remote`: a read for each
 * remote host of the file.
 */
export function composeLabStatus(
  document: LabDocument,
  local: LiveState,
  virtual: VirtualHostRead[] = [],
  hostContainers: { id: string; name: string }[] = [],
  remote: RemoteHostRead[] = [],
): LabStatus {
  const lab = document.name;
  const hostDefs = hostsOf(document);
  const virtualIds = new Set(hostDefs.filter((h) => h.kind === 'virtual').map((h) => h.id));
  const remoteIds = new Set(hostDefs.filter((h) => h.kind === 'remote').map((h) => h.id));
  const readOf = new Map(virtual.map((r) => [r.id, r]));
  const remoteOf = new Map(remote.map((r) => [r.id, r]));
  const ownEngine = (host: string | undefined) => (host && (virtualIds.has(host) || remoteIds.has(host)) ? host : undefined);
  const hostOfNode = (node: NodeDef) => ownEngine(node.host);
  const hostOfNetwork = (net: { host?: string }) => ownEngine(net.host);
  const liveOf = (host: string) => (remoteIds.has(host) ? remoteOf.get(host)?.live : readOf.get(host)?.live);
  const localNetworkId = networkIdResolver(document, local);

  // nodes: from the engine that runs them
  const nodes = (document.nodes ?? []).map((node): NodeStatus => {
    const host = hostOfNode(node);
    if (host) {
      const problem = remoteIds.has(host) ? remoteHostProblem(host, remoteOf.get(host)) : virtualHostProblem(host, readOf.get(host));
      if (problem) return { id: node.id, kind: node.kind, host, ...problem, interfaces: [] };
      const live = liveOf(host)!; // no problem means its engine answered
      const c = live.containers.find((x) => x.labId === node.id);
      if (!c) return { id: node.id, kind: node.kind, host, state: 'missing', status: 'not created', interfaces: [] };
      return nodeFromContainer(node, c, networkIdResolver(document, live), host);
    }
    const c = local.containers.find((x) => x.labId === node.id);
    if (!c) return { id: node.id, kind: node.kind, state: 'missing', status: 'not created', interfaces: [] };
    return nodeFromContainer(node, c, localNetworkId, undefined);
  });

  // networks: a virtual host's on its engine; an overlay wherever a host has it
  const networks = (document.networks ?? []).map((net) => {
    if (isBuiltinNetwork(net)) return { id: net.id, driver: net.driver, state: 'builtin' as const, subnets: [] };
    const host = hostOfNetwork(net);
    if (host) {
      const found = liveOf(host)?.networks.find((n) => n.labId === net.id);
      return { id: net.id, driver: net.driver, state: found ? ('present' as const) : ('missing' as const), subnets: found?.subnets ?? [], hosts: [host] };
    }
    const here = local.networks.find((n) => n.labId === net.id);
    if (net.driver !== 'overlay' || virtualIds.size === 0) {
      return { id: net.id, driver: net.driver, state: here ? ('present' as const) : ('missing' as const), subnets: here?.subnets ?? [] };
    }
    const on = virtual.filter((r) => r.live?.networks.some((n) => n.labId === net.id));
    const found = here ?? on.map((r) => r.live!.networks.find((n) => n.labId === net.id)!)[0];
    const localId = hostDefs.find((h) => h.kind === 'local')?.id ?? LOCAL_HOST_ID;
    return { id: net.id, driver: net.driver, state: found ? ('present' as const) : ('missing' as const), subnets: found?.subnets ?? [], hosts: [...(here ? [localId] : []), ...on.map((r) => r.id)] };
  });

  // hosts: the local engine, then each virtual host's container and engine, and each remote host's engine
  const hosts = hostDefs.map((def): HostStatus => {
    if (def.kind === 'local') return { id: def.id, kind: 'local', state: 'running', status: `Docker ${local.engine.serverVersion}`, addresses: [], engineAnswers: true, engineVersion: local.engine.serverVersion };
    if (def.kind === 'remote') {
      const read = remoteOf.get(def.id);
      if (!read?.live) return { id: def.id, kind: 'remote', state: 'unreachable', status: read?.problem ?? 'not read', addresses: [], engineAnswers: false };
      return { id: def.id, kind: 'remote', state: 'running', status: read.where, addresses: [], engineAnswers: true, engineVersion: read.live.engine.serverVersion };
    }
    const read = readOf.get(def.id);
    const c = read?.container;
    const byOuterName = new Map(Object.entries(c?.addresses ?? {}).map(([name, ip]) => [localNetworkId(name), ip]));
    const addresses = (def.interfaces ?? []).map((i) => ({ network: i.network, ip: byOuterName.get(i.network) }));
    if (!c) return { id: def.id, kind: 'virtual', state: 'missing', status: 'not created', addresses, engineAnswers: false };
    const state = HOST_STATES.has(c.state as HostState) ? (c.state as HostState) : 'unknown';
    return { id: def.id, kind: 'virtual', state, status: c.status, addresses, engineAnswers: !!read?.live, ...(read?.live ? { engineVersion: read.live.engine.serverVersion } : {}) };
  });

  // strays: labelled objects each engine has that the file does not put there
  const overlays = new Set((document.networks ?? []).filter((n) => n.driver === 'overlay').map((n) => n.id));
  const localKnown = new Set([
    ...(document.nodes ?? []).filter((n) => !hostOfNode(n)).map((n) => n.id),
    ...(document.networks ?? []).filter((n) => !hostOfNetwork(n)).map((n) => n.id),
  ]);
  const strays = [
    ...local.containers.filter((c) => !localKnown.has(c.labId)).map((c) => c.name),
    ...local.networks.filter((n) => !localKnown.has(n.labId)).map((n) => n.name),
    ...hostContainers.filter((c) => !virtualIds.has(c.id)).map((c) => c.name),
  ];
  for (const read of [...virtual, ...remote]) {
    if (!read.live) continue;
    const known = new Set([
      ...(document.nodes ?? []).filter((n) => hostOfNode(n) === read.id).map((n) => n.id),
      ...(document.networks ?? []).filter((n) => hostOfNetwork(n) === read.id || overlays.has(n.id)).map((n) => n.id),
    ]);
    strays.push(
      ...read.live.containers.filter((c) => !known.has(c.labId)).map((c) => `${c.name} (on ${read.id})`),
      ...read.live.networks.filter((n) => !known.has(n.labId)).map((n) => `${n.name} (on ${read.id})`),
    );
  }

  return { lab, engine: { name: local.engine.name, version: local.engine.serverVersion }, hosts, nodes, networks, strays };
}

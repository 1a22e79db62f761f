// Which engine serves which part of a lab: the one topolab is connected to (the
// "outer" engine), a virtual host's nested engine reached through it, or a remote
// host's engine (a Docker context or URL). Every feature that touches a node (status,
// inspect, consoles, traffic, trace, checks) asks here instead of assuming one engine.
import type Dockerode from 'dockerode';
import { remoteHosts, virtualHosts } from '../model/hosts';
import type { LabDocument } from '../model/schema';
import { objectName } from '../plan/naming';
import { nestedEngine } from './exec-transport';
import { remoteEngine, remoteHostsOf, type RemoteHosts } from './remote-host';

/**
 * The engine of each host of a lab: the outer one, a nested one reached through it, or
 * a remote one (clients kept). A host named in `remotes` is remote; any other host id is
 * a virtual host of the lab.
 */
export class HostEngines {
  private readonly engines = new Map<string, Dockerode>();
  constructor(
    readonly outer: Dockerode,
    readonly lab: string,
    readonly remotes: RemoteHosts = {},
  ) {}

  /** The engines of a lab file's hosts. */
  static forLab(outer: Dockerode, document: LabDocument): HostEngines {
    return new HostEngines(outer, document.name, remoteHostsOf(document));
  }

  /** Whether `host` is a remote host (its engine is on another machine, not reached through the outer one). */
  isRemote(host: string | undefined): boolean {
    return host !== undefined && Object.hasOwn(this.remotes, host);
  }

  /**
   * The engine that runs operations of `host` (undefined: the outer engine). A remote
   * host whose context does not resolve throws an EngineUnreachableError naming it.
   */
  engineOf(host: string | undefined): Dockerode {
    if (host === undefined) return this.outer;
    let docker = this.engines.get(host);
    if (!docker) {
      docker = this.isRemote(host) ? remoteEngine(host, this.remotes[host]) : nestedEngine(this.outer, objectName(this.lab, host));
      this.engines.set(host, docker);
    }
    return docker;
  }
}

/** The kind of a host of the lab file (undefined: no such host). */
export function hostKindOf(document: LabDocument, id: string): 'local' | 'virtual' | 'remote' | undefined {
  return (document.hosts ?? []).find((h) => h.id === id)?.kind;
}

/** "virtual host a", "remote host far": a host as messages name it. */
export function hostLabel(document: LabDocument, id: string): string {
  return `${hostKindOf(document, id) === 'remote' ? 'remote' : 'virtual'} host ${id}`;
}

/** The remote hosts of a lab file, in file order. */
export function remoteHostIds(document: LabDocument): string[] {
  return remoteHosts(document).map((h) => h.id);
}

type HostKind = NonNullable<ReturnType<typeof hostKindOf>>;
const OWN_ENGINE: readonly HostKind[] = ['virtual', 'remote'];

/** `hostId` when it names a host of one of these kinds, else undefined. */
function hostOfKind(document: LabDocument, hostId: string | undefined, kinds: readonly HostKind[]): string | undefined {
  const kind = hostId === undefined ? undefined : hostKindOf(document, hostId);
  return kind && kinds.includes(kind) ? hostId : undefined;
}

const nodeHost = (document: LabDocument, id: string) => (document.nodes ?? []).find((n) => n.id === id)?.host;
const networkHost = (document: LabDocument, id: string) => (document.networks ?? []).find((n) => n.id === id)?.host;

/** The host whose own engine runs a node (a virtual or remote host), or undefined when the outer engine runs it. */
export function engineHostOf(document: LabDocument, nodeId: string): string | undefined {
  return hostOfKind(document, nodeHost(document, nodeId), OWN_ENGINE);
}

/** The host whose own engine has a network (`host:` naming a virtual or remote host), or undefined for the outer engine's. */
export function engineHostOfNetwork(document: LabDocument, networkId: string): string | undefined {
  return hostOfKind(document, networkHost(document, networkId), OWN_ENGINE);
}

/** The virtual host a node runs on, or undefined when it runs on the outer engine. */
export function virtualHostOf(document: LabDocument, nodeId: string): string | undefined {
  return hostOfKind(document, nodeHost(document, nodeId), ['virtual']);
}

/** The virtual hosts of a lab file, in file order. */
export function virtualHostIds(document: LabDocument): string[] {
  return virtualHosts(document).map((h) => h.id);
}

/** The engine that runs a node of the lab: the outer one, a virtual host's or a remote host's. */
export function engineForNode(outer: Dockerode, document: LabDocument, nodeId: string): Dockerode {
  return HostEngines.forLab(outer, document).engineOf(engineHostOf(document, nodeId));
}

/** Whether `id` names a virtual host of the lab file. */
export function isVirtualHost(document: LabDocument, id: string): boolean {
  return hostKindOf(document, id) === 'virtual';
}

/** The virtual host a network lives on (`host:` in the file), or undefined for the outer engine's. */
export function virtualHostOfNetwork(document: LabDocument, networkId: string): string | undefined {
  return hostOfKind(document, networkHost(document, networkId), ['virtual']);
}

/** The virtual hosts whose nodes attach to an overlay, in file order (the first one manages its swarm). */
export function overlayMemberHosts(document: LabDocument, networkId: string): string[] {
  const members = new Set((document.nodes ?? []).filter((n) => n.interfaces?.some((i) => i.network === networkId)).map((n) => virtualHostOf(document, n.id)));
  return virtualHostIds(document).filter((h) => members.has(h));
}

/** A virtual host's container on the outer engine, as far as the features that reach into it need. */
export interface VirtualHostContainer {
  /** The host's id in the lab file. */
  id: string;
  /** Container name on the outer engine (topolab-<lab>-<id>). */
  name: string;
  running: boolean;
  /** Its init process on the outer engine's machine (0 when it does not run). */
  pid: number;
  /** Its interfaces on the outer engine's networks: Docker network name → address and MAC. */
  endpoints: { network: string; ip?: string; mac?: string }[];
}

/** Reads a virtual host's container from the outer engine; undefined when there is none. */
export async function virtualHostContainer(outer: Dockerode, lab: string, hostId: string): Promise<VirtualHostContainer | undefined> {
  const name = objectName(lab, hostId);
  const info = await outer
    .getContainer(name)
    .inspect()
    .catch((err: { statusCode?: number }) => (err.statusCode === 404 ? undefined : Promise.reject(err)));
  if (!info) return undefined;
  return {
    id: hostId,
    name,
    running: !!info.State.Running,
    pid: info.State.Pid ?? 0,
    endpoints: Object.entries(info.NetworkSettings.Networks ?? {}).map(([network, e]) => ({ network, ...(e.IPAddress ? { ip: e.IPAddress } : {}), ...(e.MacAddress ? { mac: e.MacAddress.toLowerCase() } : {}) })),
  };
}

/** Why a virtual host's engine cannot be reached now, in one sentence; undefined when it runs. */
export function virtualHostProblem(lab: string, hostId: string, container: VirtualHostContainer | undefined): string | undefined {
  if (!container) return `Lab ${lab} has no virtual host "${hostId}" on the engine: deploy the lab first.`;
  if (!container.running) return `Virtual host ${hostId} of lab ${lab} is not running, so neither is anything on it: deploy the lab again to start it.`;
  return undefined;
}

// Which engine serves which part of a lab: the one topolab is connected to (the
// "outer" engine), or a virtual host's nested engine reached through it. Every
// feature that touches a node (status, inspect, consoles, traffic, trace, checks)
// asks here instead of assuming one engine.
import type Dockerode from 'dockerode';
import type { LabDocument } from '../model/schema';
import { objectName } from '../plan/naming';
import { nestedEngine } from './exec-transport';

/** The engine of each host of a lab: the outer one, or a nested one reached through it (clients kept). */
export class HostEngines {
  private readonly nested = new Map<string, Dockerode>();
  constructor(
    readonly outer: Dockerode,
    readonly lab: string,
  ) {}

  /** The engine that runs operations of `host` (undefined: the outer engine). */
  engineOf(host: string | undefined): Dockerode {
    if (host === undefined) return this.outer;
    let docker = this.nested.get(host);
    if (!docker) {
      docker = nestedEngine(this.outer, objectName(this.lab, host));
      this.nested.set(host, docker);
    }
    return docker;
  }
}


/** The virtual host a node runs on, or undefined when it runs on the outer engine. */
export function virtualHostOf(document: LabDocument, nodeId: string): string | undefined {
  const node = (document.nodes ?? []).find((n) => n.id === nodeId);
  if (!node?.host) return undefined;
  return (document.hosts ?? []).find((h) => h.id === node.host)?.kind === 'virtual' ? node.host : undefined;
}

/** The virtual hosts of a lab file, in file order. */
export function virtualHostIds(document: LabDocument): string[] {
  return (document.hosts ?? []).filter((h) => h.kind === 'virtual').map((h) => h.id);
}

/** The engine that runs a node of the lab. */
export function engineForNode(outer: Dockerode, document: LabDocument, nodeId: string): Dockerode {
  return new HostEngines(outer, document.name).engineOf(virtualHostOf(document, nodeId));
}

/** Whether `id` names a virtual host of the lab file. */
export function isVirtualHost(document: LabDocument, id: string): boolean {
  return virtualHostIds(document).includes(id);
}

/** The virtual host a network lives on (`host:` in the file), or undefined for the outer engine's. */
export function virtualHostOfNetwork(document: LabDocument, networkId: string): string | undefined {
  const network = (document.networks ?? []).find((n) => n.id === networkId);
  if (!network?.host) return undefined;
  return isVirtualHost(document, network.host) ? network.host : undefined;
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

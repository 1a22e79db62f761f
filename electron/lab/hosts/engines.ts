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

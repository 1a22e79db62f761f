// The hosts of a lab file, as planning sees them (pure; shared by the engine's planner
// and the canvas, so both plan the same addresses).
import { LOCAL_HOST_ID, type HostDef, type LabDocument, type NodeDef } from './schema';

export function virtualHosts(doc: LabDocument): HostDef[] {
  return (doc.hosts ?? []).filter((h) => h.kind === 'virtual');
}

/** Hosts with a Docker engine of their own (virtual and remote), in file order: what the lab runs beyond the local engine. */
export function hostsWithOwnEngine(doc: LabDocument): HostDef[] {
  return (doc.hosts ?? []).filter((h) => h.kind === 'virtual' || h.kind === 'remote');
}

export function remoteHosts(doc: LabDocument): HostDef[] {
  return (doc.hosts ?? []).filter((h) => h.kind === 'remote');
}

/**
 * The document as the address planner sees it: virtual hosts' underlay interfaces count
 * as nodes' interfaces (keys `${host}/${network}`), after the real nodes, so the nodes'
 * planned addresses do not move.
 */
export function addressingDocument(doc: LabDocument): LabDocument {
  const hosts = virtualHosts(doc);
  if (hosts.length === 0) return doc;
  const hostNodes: NodeDef[] = hosts.map((h) => ({ id: h.id, kind: 'container', interfaces: h.interfaces ?? [] }));
  return { ...doc, nodes: [...(doc.nodes ?? []), ...hostNodes] };
}

/** The id under which the local engine appears in this lab: a listed local host, else "local". */
export function localHostId(doc: LabDocument | undefined): string {
  return (doc?.hosts ?? []).find((h) => h.kind === 'local')?.id ?? LOCAL_HOST_ID;
}

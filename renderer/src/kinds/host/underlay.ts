// Virtual hosts' underlay links (pure): which networks a virtual host can attach its own
// "physical" interfaces to, and the document as the address planner sees it, so the
// canvas shows the host addresses the engine will pick (model/hosts.ts, shared with the planner).
import type { LabDocument, NetworkDef } from '../../../../electron/lab/model/schema';

export { localHostId as localHostOf } from '../../../../electron/lab/model/hosts';
import { localHostId as localHostOf } from '../../../../electron/lab/model/hosts';

export function isVirtualHost(doc: LabDocument | undefined, id: string): boolean {
  return (doc?.hosts ?? []).some((h) => h.id === id && h.kind === 'virtual');
}

/** A lab bridge on the local engine: what validate-hosts.ts accepts as an underlay. */
export function isUnderlayNetwork(doc: LabDocument | undefined, net: NetworkDef): boolean {
  return net.driver === 'bridge' && !net.builtin && (net.host ?? localHostOf(doc)) === localHostOf(doc);
}

/** Networks a host can get a new underlay interface on: local lab bridges it is not attached to yet. */
export function underlayCandidates(doc: LabDocument | undefined, hostId: string): string[] {
  const host = (doc?.hosts ?? []).find((h) => h.id === hostId);
  if (!host || host.kind !== 'virtual') return [];
  const attached = new Set((host.interfaces ?? []).map((i) => i.network));
  return (doc?.networks ?? []).filter((n) => isUnderlayNetwork(doc, n) && !attached.has(n.id)).map((n) => n.id);
}

/** Every local lab bridge (for the network select of an existing interface). */
export function underlayNetworks(doc: LabDocument | undefined): string[] {
  return (doc?.networks ?? []).filter((n) => isUnderlayNetwork(doc, n)).map((n) => n.id);
}

export { virtualHosts as virtualHostsOf, addressingDocument } from '../../../../electron/lab/model/hosts';

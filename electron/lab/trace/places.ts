// Which namespaces a probe may cross (pure). Plain containers do not forward, so a
// packet can only be seen by its source, its target, the nodes that forward (routers,
// or nodes with net.ipv4.ip_forward set) and the nodes routes point at (a route via a
// node that does not forward still delivers the packet there, where it dies). Capturing
// only there keeps a trace of a big lab as fast as one of a small lab.
import type { LabDocument } from '../model/schema';

/** Node ids to capture in. `ipOwner` maps an address to the node that holds it now. */
export function placesToCapture(document: LabDocument, from: string, target: string | undefined, ipOwner: (ip: string) => string | undefined): Set<string> {
  const places = new Set<string>([from]);
  if (target) places.add(target);
  for (const node of document.nodes ?? []) {
    const forwarding = node.kind === 'router' || ['1', 'true'].includes(String(node.sysctls?.['net.ipv4.ip_forward'] ?? ''));
    if (forwarding) places.add(node.id);
    for (const route of node.routes ?? []) {
      const nextHop = route.via ? ipOwner(route.via) : undefined;
      if (nextHop) places.add(nextHop);
    }
  }
  return places;
}

// What "focus on this object" shows: the object and what it is wired to, so a problem
// is seen in context (a lone node zoomed to fill the screen tells little).
import type { LabDocument } from '../../../electron/lab/model/schema';

/** Most neighbours shown around a network, so a busy one does not zoom out to everything. */
const MAX_NEIGHBOURS = 8;

export function focusGroup(document: LabDocument | undefined, id: string): string[] {
  const group = new Set([id]);
  const node = document?.nodes?.find((n) => n.id === id);
  if (node) {
    for (const iface of node.interfaces ?? []) group.add(iface.network);
    if (node.sharesNetworkWith) group.add(node.sharesNetworkWith);
  } else if (document?.networks?.some((n) => n.id === id)) {
    const attached = [...(document.nodes ?? []), ...(document.hosts ?? [])].filter((n) => (n.interfaces ?? []).some((i) => i.network === id));
    for (const n of attached.slice(0, MAX_NEIGHBOURS)) group.add(n.id);
  } else {
    // a host: with its underlay networks
    for (const iface of document?.hosts?.find((h) => h.id === id)?.interfaces ?? []) group.add(iface.network);
  }
  return [...group];
}

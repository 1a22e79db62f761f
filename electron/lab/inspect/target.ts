// What `topolab inspect <file> <what>` (and a console's target) names (pure): 'host'
// (the engine topolab is connected to), a host of the lab file (a virtual host: its
// own view; the local host: the same as 'host'), a network, or else a node. Ids are
// unique across hosts, networks and nodes, so the answer is never ambiguous.
import type { LabDocument } from '../model/schema';

export type InspectTarget =
  | { kind: 'host'; /** A host id of the file other than the local one (undefined: the local engine's host). */ host?: string }
  | { kind: 'network'; network: string }
  | { kind: 'node'; node: string };

export function inspectTargetOf(document: LabDocument, what: string): InspectTarget {
  if (what === 'host') return { kind: 'host' };
  if ((document.nodes ?? []).some((n) => n.id === what)) return { kind: 'node', node: what };
  if ((document.networks ?? []).some((n) => n.id === what)) return { kind: 'network', network: what };
  const host = (document.hosts ?? []).find((h) => h.id === what);
  if (host) return host.kind === 'local' ? { kind: 'host' } : { kind: 'host', host: what };
  // not in the file: asked as a node, whose error says what to do
  return { kind: 'node', node: what };
}

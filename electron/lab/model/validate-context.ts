// Shared plumbing for the validation rules: the document indexed by id, and one
// way to report a diagnostic so that every rule names its object, field and fix.
import type { Diagnostic, FieldPath, Severity } from './diagnostics';
import { localHostId } from './hosts';
import type { HostDef, LabDocument, NetworkDef, NodeDef } from './schema';

/** What is known about the Docker engine(s); undefined = not known, so no rule depends on it. */
export interface ValidationFacts {
  ipvlanSupported?: boolean;
  macvlanSupported?: boolean;
  swarmActive?: boolean;
}

export type Subject = NonNullable<Diagnostic['subject']>;

export interface Indexed<T> {
  def: T;
  index: number;
}

export interface Context {
  doc: LabDocument;
  facts: ValidationFacts;
  /** First definition of each id; later duplicates are reported and otherwise ignored. */
  hosts: Map<string, Indexed<HostDef>>;
  networks: Map<string, Indexed<NetworkDef>>;
  nodes: Map<string, Indexed<NodeDef>>;
  out: Diagnostic[];
}

export function createContext(doc: LabDocument, facts: ValidationFacts): Context {
  return {
    doc,
    facts,
    hosts: indexById(doc.hosts ?? []),
    networks: indexById(doc.networks ?? []),
    nodes: indexById(doc.nodes ?? []),
    out: [],
  };
}

function indexById<T extends { id: string }>(list: T[]): Map<string, Indexed<T>> {
  const map = new Map<string, Indexed<T>>();
  list.forEach((def, index) => {
    if (!map.has(def.id)) map.set(def.id, { def, index });
  });
  return map;
}

export interface Report {
  severity: Severity;
  code: string;
  path: FieldPath;
  subject?: Subject;
  message: string;
  hint: string;
}

export function report(ctx: Context, r: Report): void {
  const d: Diagnostic = { severity: r.severity, code: r.code, message: r.message, hint: r.hint, path: r.path };
  if (r.subject) d.subject = r.subject;
  ctx.out.push(d);
}

export const nodeSubject = (node: NodeDef): Subject => ({ kind: 'node', id: node.id });
export const networkSubject = (net: NetworkDef): Subject => ({ kind: 'network', id: net.id });
export const hostSubject = (host: HostDef): Subject => ({ kind: 'host', id: host.id });

/** Iterates over every interface of every node with its path. */
export function forEachInterface(
  ctx: Context,
  visit: (node: NodeDef, nodeIndex: number, iface: NonNullable<NodeDef['interfaces']>[number], ifaceIndex: number) => void,
): void {
  (ctx.doc.nodes ?? []).forEach((node, nodeIndex) => {
    (node.interfaces ?? []).forEach((iface, ifaceIndex) => visit(node, nodeIndex, iface, ifaceIndex));
  });
}

/** The host an object runs on: its `host`, else the lab's local host. */
export function effectiveHost(ctx: Context, hostId: string | undefined): string {
  return hostId ?? localHostId(ctx.doc);
}

/** Quotes a value for a message: `10.0.0.5`. */
export const q = (value: unknown): string => `\`${String(value)}\``;

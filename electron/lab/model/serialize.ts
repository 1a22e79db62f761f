// LabDocument → lab file text, for files topolab writes from scratch (a new lab, an
// export). Fields come out in the schema's order, defaults left out, so the text
// reads like a hand-written file. Editing an existing file goes through the YAML
// document instead, so that its comments and layout survive.
import { stringify } from 'yaml';
import { HostSchema, InterfaceSchema, LabDocumentSchema, LayoutEntrySchema, NetworkSchema, NodeSchema, PortSchema, RouteSchema, type LabDocument } from './schema';

type Shape = { shape: Record<string, unknown> };

/** Keys in the order the schema declares them; nested lists and maps ordered too. */
function ordered(value: unknown, schema: Shape, nested: Record<string, Shape> = {}): unknown {
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = record[key];
    if (v === undefined) continue;
    const child = nested[key];
    out[key] = child && Array.isArray(v) ? v.map((item) => ordered(item, child)) : v;
  }
  return out;
}

export function serializeLab(doc: LabDocument): string {
  const nodes = (doc.nodes ?? []).map((node) => {
    const withoutDefaults = node.kind === 'container' ? { ...node, kind: undefined } : node;
    return ordered(withoutDefaults, NodeSchema, { interfaces: InterfaceSchema, routes: RouteSchema, ports: PortSchema });
  });
  const hosts = doc.hosts?.map((h) => ordered(h, HostSchema, { interfaces: InterfaceSchema }));
  const layout = doc.layout && Object.fromEntries(Object.entries(doc.layout).map(([id, at]) => [id, ordered(at, LayoutEntrySchema)]));
  const top = ordered({ ...doc, hosts, networks: doc.networks?.map((n) => ordered(n, NetworkSchema)), nodes: doc.nodes ? nodes : undefined, layout }, LabDocumentSchema);
  return stringify(top, { lineWidth: 0, flowCollectionPadding: false });
}

// Minimal-diff edits of lab file TEXT (pure). The canvas edits the user's file, not
// a re-serialisation of it: the YAML document is edited in place (comments kept),
// then only the lines the edit concerns are taken from the re-rendered text; every
// other line is copied byte for byte from the original. No edit → the same text.
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Document, type ToStringOptions } from 'yaml';

export type EditPath = ReadonlyArray<string | number>;

export type LabEdit =
  /** Set a value (creating parents); `undefined` deletes. `flow` writes a new collection as `{a: 1}`. */
  | { op: 'set'; path: EditPath; value: unknown; flow?: boolean }
  | { op: 'delete'; path: EditPath }
  /** Insert into the sequence at `path` (created if missing), at `index` or at the end. */
  | { op: 'insert'; path: EditPath; value: unknown; index?: number; flow?: boolean }
  /** Rename a key of the mapping at `path`, keeping its place and value. */
  | { op: 'renameKey'; path: EditPath; from: string; to: string };

const RENDER: ToStringOptions = { lineWidth: 0, flowCollectionPadding: false };

export class LabEditError extends Error {}

/** Applies edits in order to the text and returns the new text, changed only where the edits are. */
export function applyEdits(text: string, edits: readonly LabEdit[]): string {
  if (edits.length === 0) return text;
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) throw new LabEditError(`The file is not valid YAML, so it cannot be edited: ${doc.errors[0].message.split('\n')[0]}`);
  const before = doc.toString(RENDER);
  for (const edit of edits) applyOne(doc, edit);
  const after = doc.toString(RENDER);
  if (before === after) return text;
  return mergeLines(text, before, after);
}

function isPrimitive(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function applyOne(doc: Document, edit: LabEdit): void {
  if (doc.contents === null || doc.contents === undefined) doc.contents = doc.createNode({});
  switch (edit.op) {
    case 'set': {
      if (edit.value === undefined) {
        if (doc.hasIn(edit.path)) doc.deleteIn(edit.path);
        return;
      }
      const current = doc.getIn(edit.path, true);
      if (isScalar(current) && isPrimitive(edit.value)) {
        // Keep the scalar node (its comment, its quoting when still valid).
        if (current.value === edit.value) return;
        current.value = edit.value;
        if (typeof edit.value !== 'string') current.type = undefined;
        return;
      }
      doc.setIn(edit.path, isPrimitive(edit.value) ? edit.value : doc.createNode(edit.value, { flow: edit.flow }));
      return;
    }
    case 'delete':
      if (doc.hasIn(edit.path)) doc.deleteIn(edit.path);
      return;
    case 'insert': {
      const value = isPrimitive(edit.value) ? edit.value : doc.createNode(edit.value, { flow: edit.flow });
      const seq = doc.getIn(edit.path, true);
      if (seq === undefined || seq === null) {
        const created = doc.createNode([]);
        created.items.push(value as never);
        doc.setIn(edit.path, created);
        return;
      }
      if (!isSeq(seq)) throw new LabEditError(`Cannot insert into ${edit.path.join('.')}: it is not a list.`);
      const at = edit.index === undefined ? seq.items.length : Math.max(0, Math.min(edit.index, seq.items.length));
      seq.items.splice(at, 0, value as never);
      return;
    }
    case 'renameKey': {
      const map = edit.path.length === 0 ? doc.contents : doc.getIn(edit.path, true);
      if (!isMap(map)) return;
      const pair = map.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === edit.from);
      if (!pair) return;
      pair.key = isScalar(pair.key) ? Object.assign(new Scalar(edit.to), { type: pair.key.type === 'PLAIN' ? undefined : pair.key.type }) : new Scalar(edit.to);
      return;
    }
  }
}

// ---------------------------------------------------------------- line merge

type Op = { kind: 'eq'; a: number; b: number } | { kind: 'del'; a: number } | { kind: 'ins'; b: number };

function splitLines(text: string): string[] {
  return text.split('\n');
}

/**
 * `original` reads as `before` (same YAML, maybe other formatting); `after` is `before`
 * edited. Returns `original` with the lines changed between before and after replaced.
 */
function mergeLines(original: string, before: string, after: string): string {
  const crlf = original.includes('\r\n');
  const orig = splitLines(crlf ? original.replace(/\r\n/g, '\n') : original);
  const b0 = splitLines(before);
  const b1 = splitLines(after);

  // original ↔ before: which original line stands for each rendered line.
  const origOf = new Map<number, number>();
  const alignOps = pairReplacements(diffLines(orig, b0));
  let lastB0 = -1;
  const origOnlyAfter = new Map<number, number[]>();
  for (const op of alignOps) {
    if (op.kind === 'eq') { origOf.set(op.b, op.a); lastB0 = op.b; }
    else if (op.kind === 'del') { const list = origOnlyAfter.get(lastB0) ?? []; list.push(op.a); origOnlyAfter.set(lastB0, list); }
    else lastB0 = op.b;
  }

  // before ↔ after: what the edit did.
  const kept = new Set<number>();
  const insertedAfter = new Map<number, number[]>();
  let anchor = -1;
  for (const op of diffLines(b0, b1)) {
    if (op.kind === 'eq') { kept.add(op.a); anchor = op.a; }
    else if (op.kind === 'ins') { const list = insertedAfter.get(anchor) ?? []; list.push(op.b); insertedAfter.set(anchor, list); }
  }

  const out: string[] = [];
  const emitAfter = (i: number) => {
    for (const o of origOnlyAfter.get(i) ?? []) out.push(orig[o]);
    for (const j of insertedAfter.get(i) ?? []) out.push(b1[j]);
  };
  emitAfter(-1);
  for (let i = 0; i < b0.length; i++) {
    if (kept.has(i)) {
      const o = origOf.get(i);
      out.push(o === undefined ? b0[i] : orig[o]);
    }
    emitAfter(i);
  }
  const text = out.join('\n');
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

/** Within a hunk of n deletions followed by n insertions, lines correspond one to one. */
function pairReplacements(ops: Op[]): Op[] {
  const out: Op[] = [];
  for (let k = 0; k < ops.length;) {
    if (ops[k].kind === 'eq') { out.push(ops[k]); k++; continue; }
    const dels: number[] = [];
    const inss: number[] = [];
    while (k < ops.length && ops[k].kind !== 'eq') {
      const op = ops[k];
      if (op.kind === 'del') dels.push(op.a);
      else if (op.kind === 'ins') inss.push(op.b);
      k++;
    }
    const n = Math.min(dels.length, inss.length);
    for (let p = 0; p < n; p++) out.push({ kind: 'eq', a: dels[p], b: inss[p] });
    for (let p = n; p < dels.length; p++) out.push({ kind: 'del', a: dels[p] });
    for (let p = n; p < inss.length; p++) out.push({ kind: 'ins', b: inss[p] });
  }
  return out;
}

const LCS_LIMIT = 4_000_000;

/** Line diff: common prefix and suffix, then LCS on the middle (or replace-all if it is huge). */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ kind: 'eq', a: i, b: i });
  const n = endA - start;
  const m = endB - start;
  if (n > 0 && m > 0 && n * m <= LCS_LIMIT) {
    // lcs[i][j] = LCS length of a[start+i..endA) and b[start+j..endB)
    const w = m + 1;
    const lcs = new Int32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = a[start + i] === b[start + j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[start + i] === b[start + j]) { ops.push({ kind: 'eq', a: start + i, b: start + j }); i++; j++; }
      else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) { ops.push({ kind: 'del', a: start + i }); i++; }
      else { ops.push({ kind: 'ins', b: start + j }); j++; }
    }
    for (; i < n; i++) ops.push({ kind: 'del', a: start + i });
    for (; j < m; j++) ops.push({ kind: 'ins', b: start + j });
  } else {
    for (let i = 0; i < n; i++) ops.push({ kind: 'del', a: start + i });
    for (let j = 0; j < m; j++) ops.push({ kind: 'ins', b: start + j });
  }
  for (let k = 0; k < a.length - endA; k++) ops.push({ kind: 'eq', a: endA + k, b: endB + k });
  return ops;
}

// ---------------------------------------------------------------- helpers

type Section = 'hosts' | 'networks' | 'nodes';
type RawItem = Record<string, unknown> & { id?: unknown };
interface Raw {
  hosts?: RawItem[];
  networks?: RawItem[];
  nodes?: RawItem[];
  layout?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The file as plain data (no schema defaults), for computing edit paths. */
export function rawOf(text: string): Raw {
  const doc = parseDocument(text);
  const js = doc.errors.length ? {} : doc.toJS();
  return js && typeof js === 'object' ? (js as Raw) : {};
}

const SECTIONS: Section[] = ['hosts', 'networks', 'nodes'];
/** Sections whose items have `interfaces`: nodes, and hosts (a virtual host's underlay links). */
const HAS_INTERFACES: ReadonlySet<Section> = new Set<Section>(['nodes', 'hosts']);

function list(raw: Raw, section: Section): RawItem[] {
  return Array.isArray(raw[section]) ? (raw[section] as RawItem[]) : [];
}

/** Where an id is defined: section and index. */
export function locate(raw: Raw, id: string): { section: Section; index: number } | undefined {
  for (const section of SECTIONS) {
    const index = list(raw, section).findIndex((item) => item && item.id === id);
    if (index >= 0) return { section, index };
  }
  return undefined;
}

export interface Position { x: number; y: number; width?: number; height?: number }

/** Whole pixels; never -0 (which YAML would write as `-0`). */
export const roundPixel = (v: number): number => Math.round(v) || 0;

function layoutEdit(raw: Raw, id: string, at: Position): LabEdit[] {
  const rounded: Position = { x: roundPixel(at.x), y: roundPixel(at.y) };
  if (at.width !== undefined) rounded.width = roundPixel(at.width);
  if (at.height !== undefined) rounded.height = roundPixel(at.height);
  const existing = raw.layout && typeof raw.layout === 'object' ? (raw.layout[id] as Record<string, unknown> | undefined) : undefined;
  if (existing && typeof existing === 'object') {
    return Object.entries(rounded).map(([k, v]) => ({ op: 'set', path: ['layout', id, k], value: v }) as LabEdit);
  }
  return [{ op: 'set', path: ['layout', id], value: rounded, flow: true }];
}

/** Moves (or sizes) objects on the canvas. */
export function setLayout(text: string, positions: Record<string, Position>): LabEdit[] {
  const raw = rawOf(text);
  return Object.entries(positions).flatMap(([id, at]) => layoutEdit(raw, id, at));
}

function addItem(text: string, section: Section, item: Record<string, unknown>, at?: Position): LabEdit[] {
  const raw = rawOf(text);
  const edits: LabEdit[] = [{ op: 'insert', path: [section], value: item }];
  if (at) edits.push(...layoutEdit(raw, String(item.id), at));
  return edits;
}

export const addNode = (text: string, node: Record<string, unknown>, at?: Position) => addItem(text, 'nodes', node, at);
export const addNetwork = (text: string, network: Record<string, unknown>, at?: Position) => addItem(text, 'networks', network, at);
export const addHost = (text: string, host: Record<string, unknown>, at?: Position) => addItem(text, 'hosts', host, at);

/** Removes hosts, networks and nodes, and everything that refers to them. */
export function removeItems(text: string, ids: readonly string[]): LabEdit[] {
  const raw = rawOf(text);
  const gone = new Set(ids);
  const inner: LabEdit[] = [];
  const top: { section: Section; index: number }[] = [];
  for (const section of SECTIONS) {
    list(raw, section).forEach((item, index) => {
      if (gone.has(String(item?.id))) { top.push({ section, index }); return; }
      if (!item || typeof item !== 'object') return;
      if (typeof item.host === 'string' && gone.has(item.host)) inner.push({ op: 'delete', path: [section, index, 'host'] });
      if (section === 'nodes' && typeof item.sharesNetworkWith === 'string' && gone.has(item.sharesNetworkWith)) inner.push({ op: 'delete', path: [section, index, 'sharesNetworkWith'] });
      // nodes' interfaces, and virtual hosts' (their underlay links)
      if (!HAS_INTERFACES.has(section)) return;
      const ifaces = Array.isArray(item.interfaces) ? (item.interfaces as RawItem[]) : [];
      for (let j = ifaces.length - 1; j >= 0; j--) {
        if (gone.has(String(ifaces[j]?.network))) inner.push({ op: 'delete', path: [section, index, 'interfaces', j] });
      }
    });
  }
  top.sort((x, y) => y.index - x.index);
  const layout = Object.keys(raw.layout ?? {}).filter((id) => gone.has(id)).map((id): LabEdit => ({ op: 'delete', path: ['layout', id] }));
  return [...inner, ...top.map((t): LabEdit => ({ op: 'delete', path: [t.section, t.index] })), ...layout];
}

/** Attaches a node (or a virtual host, to an underlay) to a network: a new interface at the end (eth<n>). */
export function connect(text: string, nodeId: string, networkId: string, ip?: string): LabEdit[] {
  const raw = rawOf(text);
  const at = locate(raw, nodeId);
  if (!at || !HAS_INTERFACES.has(at.section)) return [];
  const iface: Record<string, unknown> = { network: networkId };
  if (ip) iface.ip = ip;
  return [{ op: 'insert', path: [at.section, at.index, 'interfaces'], value: iface }];
}

/** Removes interface `index` of a node (or of a virtual host). */
export function disconnect(text: string, nodeId: string, index: number): LabEdit[] {
  const at = locate(rawOf(text), nodeId);
  if (!at || !HAS_INTERFACES.has(at.section)) return [];
  return [{ op: 'delete', path: [at.section, at.index, 'interfaces', index] }];
}

/** Sets (or with `undefined`, removes) a field of the object with this id. */
export function setField(text: string, id: string, field: EditPath, value: unknown): LabEdit[] {
  const at = locate(rawOf(text), id);
  if (!at) return [];
  const empty = value === '' || (Array.isArray(value) && value.length === 0) || (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
  return [{ op: 'set', path: [at.section, at.index, ...field], value: empty ? undefined : value }];
}

/** Renames an id and every reference to it (interfaces, shared namespaces, hosts, layout). */
export function renameId(text: string, from: string, to: string): LabEdit[] {
  if (from === to) return [];
  const raw = rawOf(text);
  const at = locate(raw, from);
  if (!at) return [];
  const edits: LabEdit[] = [{ op: 'set', path: [at.section, at.index, 'id'], value: to }];
  for (const section of SECTIONS) {
    list(raw, section).forEach((item, index) => {
      if (!item || typeof item !== 'object') return;
      if (item.host === from) edits.push({ op: 'set', path: [section, index, 'host'], value: to });
      if (section === 'nodes' && item.sharesNetworkWith === from) edits.push({ op: 'set', path: [section, index, 'sharesNetworkWith'], value: to });
      if (!HAS_INTERFACES.has(section)) return;
      const ifaces = Array.isArray(item.interfaces) ? (item.interfaces as RawItem[]) : [];
      ifaces.forEach((iface, j) => {
        if (iface?.network === from) edits.push({ op: 'set', path: [section, index, 'interfaces', j, 'network'], value: to });
      });
    });
  }
  if (raw.layout && Object.hasOwn(raw.layout, from)) edits.push({ op: 'renameKey', path: ['layout'], from, to });
  return edits;
}

/** An id not used yet: `base`, else `base2`, `base3`… */
export function freshId(text: string, base: string, taken: Iterable<string> = []): string {
  const raw = rawOf(text);
  const used = new Set<string>(taken);
  for (const section of SECTIONS) for (const item of list(raw, section)) used.add(String(item?.id));
  if (!used.has(base)) return base;
  const stem = base.replace(/\d+$/, '') || base;
  for (let n = 2; ; n++) if (!used.has(`${stem}${n}`)) return `${stem}${n}`;
}

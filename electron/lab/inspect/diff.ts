// What changed since the last refresh (pure), so the Inspector can highlight it: rows
// are matched by a key (a neighbour is its ip and device, a socket its addresses) and
// compared by a value, which leaves out what moves on every refresh on its own
// (conntrack's countdown, socket queues) so that only real changes light up.
import type { ConntrackEntry, ConntrackTuple, NeighbourInfo, NodeInspection, ProcessInfo, RouteInfo, SocketEndpoint, SocketInfo } from './types';

export interface ChangedKeys {
  /** Keys present now and not before. */
  added: Set<string>;
  /** Keys present both times whose value differs. */
  changed: Set<string>;
  /** Keys present before and gone now, in their former order (the UI may show them struck out). */
  removed: string[];
}

/** JSON with object keys sorted, so two equal values always give the same text. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Rows sharing a key (two listeners on one port with SO_REUSEPORT, one route per
 * metric) are compared as a group: their values, sorted, stand for the key.
 */
function valuesByKey<T>(rows: T[], keyOf: (x: T) => string, valueOf: (x: T) => string): Map<string, string> {
  const grouped = new Map<string, string[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const values = grouped.get(key) ?? [];
    values.push(valueOf(row));
    grouped.set(key, values);
  }
  return new Map([...grouped].map(([key, values]) => [key, JSON.stringify(values.sort())]));
}

/**
 * Keys added, changed and removed between two refreshes. Without a baseline (the first
 * refresh) nothing is flagged: everything being "new" would highlight the whole view.
 * Values default to the whole row.
 */
export function changedKeys<T>(
  before: T[] | undefined,
  after: T[],
  keyOf: (x: T) => string,
  valueOf: (x: T) => string = stableStringify,
): ChangedKeys {
  const result: ChangedKeys = { added: new Set(), changed: new Set(), removed: [] };
  if (before === undefined) return result;
  const old = valuesByKey(before, keyOf, valueOf);
  const now = valuesByKey(after, keyOf, valueOf);
  for (const [key, value] of now) {
    const previous = old.get(key);
    if (previous === undefined) result.added.add(key);
    else if (previous !== value) result.changed.add(key);
  }
  result.removed = [...old.keys()].filter((key) => !now.has(key));
  return result;
}

/** `10.0.0.2:80`, `[::1]:80`, `0.0.0.0%eth0:68`, `*:*`: the way ss writes an endpoint. */
export function endpointText(endpoint: SocketEndpoint): string {
  const host = endpoint.address.includes(':') ? `[${endpoint.address}]` : endpoint.address;
  const device = endpoint.interface ? `%${endpoint.interface}` : '';
  return `${host}${device}:${endpoint.port}`;
}

export const neighbourKey = (n: NeighbourInfo): string => `${n.ip}|${n.dev}`;

export const socketKey = (s: SocketInfo): string => `${s.proto}|${endpointText(s.local)}|${endpointText(s.peer)}`;

/** A socket changes when its state or owners do; queue sizes move on their own and are left out. */
export const socketValue = (s: SocketInfo): string => stableStringify({ state: s.state, processes: s.processes });

export const routeKey = (r: RouteInfo): string => `${r.table}|${r.dst}|${r.dev ?? ''}`;

function tupleText(t: ConntrackTuple): string {
  // ICMP has no ports: its type, code and echo id tell flows apart instead.
  const ports = t.sport !== undefined || t.dport !== undefined ? `${t.sport ?? ''}>${t.dport ?? ''}` : `icmp ${t.icmpType ?? ''}/${t.icmpCode ?? ''}#${t.icmpId ?? ''}`;
  return `${t.src}>${t.dst} ${ports}`;
}

/** A tracked connection is its original tuple (the reply tuple changes under NAT, not the flow). */
export const conntrackKey = (c: ConntrackEntry): string => `${c.family}|${c.proto}|${tupleText(c.original)}`;

/** A connection changes when its state or flags do; the expiry countdown and counters are left out. */
export const conntrackValue = (c: ConntrackEntry): string =>
  stableStringify({ state: c.state, assured: c.assured, unreplied: c.unreplied, reply: tupleText(c.reply), mark: c.mark });

export const processKey = (p: ProcessInfo): string => String(p.pid);

/** The views the Inspector highlights, each with its changes since the previous snapshot. */
export interface InspectionChanges {
  neighbours: ChangedKeys;
  sockets: ChangedKeys;
  routes: ChangedKeys;
  conntrack: ChangedKeys;
  processes: ChangedKeys;
}

/** Changes between two snapshots of one node; no previous snapshot flags nothing. */
export function inspectionChanges(
  before: Pick<NodeInspection, keyof InspectionChanges> | undefined,
  after: Pick<NodeInspection, keyof InspectionChanges>,
): InspectionChanges {
  return {
    neighbours: changedKeys(before?.neighbours, after.neighbours, neighbourKey),
    sockets: changedKeys(before?.sockets, after.sockets, socketKey, socketValue),
    routes: changedKeys(before?.routes, after.routes, routeKey),
    conntrack: changedKeys(before?.conntrack, after.conntrack, conntrackKey, conntrackValue),
    processes: changedKeys(before?.processes, after.processes, processKey),
  };
}

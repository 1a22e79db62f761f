// A trace's hop list → the places the canvas animates, one after the other (pure).
// The engine reports every interface that saw the probe; the canvas only has interface
// edges (node ↔ network) and network nodes, so hops are mapped onto those and repeats
// of the same place are merged: a bridge crossing is three host hops (port in, the
// bridge, port out) but one network on the canvas.
import type { TraceView } from '../../../electron/lab/api';
import type { LabDocument } from '../../../electron/lab/model/schema';
import type { Hop, HopDirection, Verdict } from '../../../electron/lab/trace/types';

/** The engine host's namespace in hop places. */
export const HOST_PLACE = 'host';

export type StationRole = 'request' | 'reply' | 'error';

export interface Station {
  /** 'edge': an interface edge `if:<node>:<index>` (or a virtual host's `hif:<host>:<index>`); 'node': a network node (the bridge). */
  kind: 'edge' | 'node';
  id: string;
  role: StationRole;
  /** Index of the first hop that landed here. */
  hop: number;
  /** Edges: 'out' runs node → network (the edge's own direction), 'in' network → node. */
  direction?: HopDirection;
}

type Hops = readonly Pick<Hop, 'index' | 'place' | 'network' | 'direction' | 'role'>[];

function isAnimated(role: Hop['role']): role is StationRole {
  return role === 'request' || role === 'reply' || role === 'error';
}

/** Interface edge ids by `${node}|${network}`, from the document's interface lists; a virtual
 *  host's underlay interfaces too (`hif:<host>:<index>`), where an overlay's VXLAN packets go. */
function interfaceEdges(document: LabDocument | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const node of document?.nodes ?? []) {
    (node.interfaces ?? []).forEach((iface, index) => {
      const key = `${node.id}|${iface.network}`;
      if (!out.has(key)) out.set(key, `if:${node.id}:${index}`);
    });
  }
  for (const host of document?.hosts ?? []) {
    (host.interfaces ?? []).forEach((iface, index) => {
      const key = `${host.id}|${iface.network}`;
      if (!out.has(key)) out.set(key, `hif:${host.id}:${index}`);
    });
  }
  return out;
}

function stationOf(hop: Hops[number], edges: Map<string, string>, networks: Set<string>): Omit<Station, 'role' | 'hop'> | undefined {
  if (!hop.network) return undefined; // an interface the canvas does not draw (Docker's default bridge…)
  if (hop.place === HOST_PLACE) return networks.has(hop.network) ? { kind: 'node', id: hop.network } : undefined;
  const edge = edges.get(`${hop.place}|${hop.network}`);
  return edge ? { kind: 'edge', id: edge, direction: hop.direction } : undefined;
}

/** The animated sequence: request, reply and error hops (ARP left out) as canvas places, in order. */
export function traceStations(view: { hops: Hops }, document: LabDocument | undefined): Station[] {
  const edges = interfaceEdges(document);
  const networks = new Set((document?.networks ?? []).map((n) => n.id));
  const out: Station[] = [];
  for (const hop of view.hops) {
    if (!isAnimated(hop.role)) continue;
    const place = stationOf(hop, edges, networks);
    if (!place) continue;
    const last = out[out.length - 1];
    // The same place again, for the same packet going the same way: one station.
    if (last && last.id === place.id && last.role === hop.role && last.direction === place.direction) continue;
    out.push({ ...place, role: hop.role, hop: hop.index });
  }
  return out;
}

/** The station showing a hop: the last one that started at or before it (ARP hops show where the packet waits). */
export function stationForHop(stations: readonly Station[], hop: number): number {
  let found = 0;
  stations.forEach((s, i) => { if (s.hop <= hop) found = i; });
  return found;
}

export interface PathMark {
  role: StationRole;
  /** Not reached yet at the current step (drawn fainter). */
  ahead: boolean;
}

/** How each path element is drawn at a step: the role of its latest visit so far, else of its first. */
export function pathMarks(stations: readonly Station[], step: number): Map<string, PathMark> {
  const marks = new Map<string, PathMark>();
  stations.forEach((s, i) => {
    const previous = marks.get(s.id);
    if (i <= step) marks.set(s.id, { role: s.role, ahead: false });
    else if (!previous) marks.set(s.id, { role: s.role, ahead: true });
  });
  return marks;
}

/** Milliseconds a station is shown at 1× speed: wires take longer than a bridge. */
export function stationDurationMs(station: Pick<Station, 'kind'>): number {
  return station.kind === 'edge' ? 900 : 500;
}

/** The canvas node to mark "stopped here": the verdict's place, or its bridge when that is the host. */
export function stopTarget(verdict: Verdict, document: LabDocument | undefined): string | undefined {
  if (verdict.outcome === 'delivered' || !verdict.at) return undefined;
  const { place, network } = verdict.at;
  if (place === HOST_PLACE) return network && (document?.networks ?? []).some((n) => n.id === network) ? network : undefined;
  return (document?.nodes ?? []).some((n) => n.id === place) ? place : undefined;
}

/** Every canvas id the trace touches, to fit the view around it. */
export function pathNodeIds(stations: readonly Station[], view: Pick<TraceView, 'from'>): string[] {
  const ids = new Set<string>();
  if (view.from !== HOST_PLACE) ids.add(view.from);
  for (const s of stations) ids.add(s.kind === 'node' ? s.id : s.id.split(':')[1]);
  return [...ids];
}

// LabDocument (+ planned addresses, live state, diagnostics) → React Flow nodes and
// edges. Pure: the canvas is a view of the document, computed, never stored apart.
import type { Edge, Node } from '@xyflow/react';
import type { AddressingResult } from '../../../electron/lab/model/addressing';
import type { Diagnostic } from '../../../electron/lab/model/diagnostics';
import type { Position } from '../../../electron/lab/model/edit';
import type { HostDef, LabDocument, NetworkDef, NodeDef } from '../../../electron/lab/model/schema';
import type { HostLive, LinkRates, LiveNode } from '../store/types';
import type { EdgeTrace } from './decorate-edges';

export type NetworkKind = 'bridge' | 'overlay' | 'macvlan' | 'ipvlan' | 'host-network' | 'none';
export type CanvasKind = NetworkKind | 'container' | 'router' | 'host';

export interface CanvasNodeData extends Record<string, unknown> {
  id: string;
  kind: CanvasKind;
  /** Second line: driver and subnet, image, host kind. */
  subtitle?: string;
  /** true when the subtitle's address was planned by topolab, not written. */
  planned?: boolean;
  live?: LiveNode;
  errors: number;
  warnings: number;
  /** Hosts: how many objects they hold. */
  members?: number;
  /** Hosts: local, virtual or remote. */
  hostKind?: HostDef['kind'];
  /** Virtual hosts: their deploy state (from the deploy, else from their running members). */
  hostLive?: HostLive;
  /** Hosts: how many underlay interfaces they have. */
  underlays?: number;
}

export interface CanvasEdgeData extends Record<string, unknown> {
  /** 'underlay': a virtual host's own interface on a local bridge (`node` is the host). */
  kind: 'interface' | 'share' | 'underlay';
  node: string;
  index?: number;
  planned?: boolean;
  /** true when the label shows the address the engine gave (the lab is deployed). */
  live?: boolean;
  /** Set by decorateEdges while a trace is shown and this edge is on its path. */
  trace?: EdgeTrace;
  /** Set by decorateEdges while Traffic is on and the engine reports this interface. */
  rates?: LinkRates;
}

export type CanvasNode = Node<CanvasNodeData, CanvasKind>;
export type CanvasEdge = Edge<CanvasEdgeData>;

export interface MapInput {
  document?: LabDocument;
  addressing?: AddressingResult;
  live?: Record<string, LiveNode>;
  diagnostics?: readonly Diagnostic[];
  selected?: readonly string[];
  selectedEdge?: string;
  /** Auto-layout positions for ids the file has none for. */
  autoPositions?: Record<string, Position>;
  /** Virtual hosts' deploy states, by id. */
  hosts?: Record<string, HostLive>;
}

export const SIZE: Record<'network' | 'machine', { width: number; height: number }> = {
  network: { width: 220, height: 58 },
  machine: { width: 180, height: 62 },
};
export const HOST_PADDING = { x: 24, top: 44, bottom: 24 };
export const HOST_MIN = { width: 320, height: 200 };

export function networkKind(net: Pick<NetworkDef, 'driver'>): NetworkKind {
  return net.driver === 'host' ? 'host-network' : net.driver;
}

export function sizeOf(kind: CanvasKind): { width: number; height: number } {
  return kind === 'container' || kind === 'router' ? SIZE.machine : SIZE.network;
}

/** Fallback spot for objects with neither a written nor an auto-layout position. */
function gridSpot(index: number, row: number): Position {
  return { x: (index % 5) * 260, y: row * 160 + Math.floor(index / 5) * 100 };
}

export function toFlow(input: MapInput): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  const doc = input.document;
  if (!doc) return { nodes: [], edges: [] };
  const layout = doc.layout ?? {};
  const auto = input.autoPositions ?? {};
  const selected = new Set(input.selected ?? []);
  const counts = diagnosticCounts(input.diagnostics ?? []);
  const hostIds = new Set((doc.hosts ?? []).map((h) => h.id));
  const positionOf = (id: string, fallback: Position): Position => layout[id] ?? auto[id] ?? fallback;

  const children: CanvasNode[] = [];
  const networks = doc.networks ?? [];
  const nodes = doc.nodes ?? [];
  networks.forEach((net, i) => {
    const kind = networkKind(net);
    const planned = input.addressing?.networks[net.id];
    const subnet = net.subnet ?? planned?.subnet;
    const subtitle = [net.mode, subnet, net.internal ? 'internal' : undefined].filter(Boolean).join(' · ') || (net.driver === 'host' ? "the host's stack" : net.driver === 'none' ? 'loopback only' : 'no subnet');
    children.push(item(net.id, kind, positionOf(net.id, gridSpot(i, 0)), net.host, { subtitle, planned: !net.subnet && !!planned?.subnet }));
  });
  nodes.forEach((node, i) => {
    const kind = node.kind === 'router' ? 'router' : 'container';
    const subtitle = node.sharesNetworkWith ? `${node.image ?? 'topolab/node'} · netns of ${node.sharesNetworkWith}` : node.image ?? 'topolab/node';
    children.push(item(node.id, kind, positionOf(node.id, gridSpot(i, 1 + Math.ceil(networks.length / 5))), node.host, { subtitle, live: input.live?.[node.id] }));
  });

  function item(id: string, kind: CanvasKind, position: Position, host: string | undefined, extra: Partial<CanvasNodeData>): CanvasNode {
    const inHost = host !== undefined && hostIds.has(host);
    const c = counts.get(id);
    return {
      id, type: kind, position: { x: position.x, y: position.y },
      // No extent: 'parent' — members must be draggable out of their host (that clears `host:`).
      ...(inHost ? { parentId: host } : {}),
      data: { id, kind, errors: c?.errors ?? 0, warnings: c?.warnings ?? 0, ...extra },
      selected: selected.has(id),
      ...sizeOf(kind),
    };
  }

  const hostNodes: CanvasNode[] = (doc.hosts ?? []).map((host, i) => {
    const members = children.filter((c) => c.parentId === host.id);
    const written = layout[host.id];
    const fit = fitAround(members);
    const width = Math.max(written?.width ?? 0, fit.width, HOST_MIN.width);
    const height = Math.max(written?.height ?? 0, fit.height, HOST_MIN.height);
    const c = counts.get(host.id);
    const hostLive = host.kind !== 'local' ? hostLiveOf(input.hosts?.[host.id], members.map((m) => m.data.live)) : undefined;
    return {
      id: host.id, type: 'host' as const,
      position: positionOf(host.id, { x: i * 420, y: -300 }),
      data: { id: host.id, kind: 'host' as const, subtitle: host.kind, hostKind: host.kind, hostLive, underlays: host.interfaces?.length ?? 0, errors: c?.errors ?? 0, warnings: c?.warnings ?? 0, members: members.length },
      selected: selected.has(host.id),
      width, height, zIndex: -1,
      style: { width, height },
    };
  });

  // Absolute positions, to pick the handle that faces the other end.
  const abs = new Map<string, Position>();
  for (const h of hostNodes) abs.set(h.id, h.position);
  for (const c of children) {
    const parent = c.parentId ? abs.get(c.parentId) : undefined;
    abs.set(c.id, parent ? { x: parent.x + c.position.x, y: parent.y + c.position.y } : c.position);
  }

  const networkById = new Map(networks.map((n) => [n.id, n]));
  const edges: CanvasEdge[] = [];
  for (const node of nodes) {
    (node.interfaces ?? []).forEach((iface, j) => {
      if (!networkById.has(iface.network)) return;
      const id = `if:${node.id}:${j}`;
      const { label, planned, live } = interfaceLabel(node, j, input.addressing, input.live?.[node.id]);
      const below = (abs.get(node.id)?.y ?? 0) > (abs.get(iface.network)?.y ?? 0);
      edges.push({
        id, source: node.id, target: iface.network,
        sourceHandle: below ? 'top' : 'bottom', targetHandle: below ? 'bottom' : 'top',
        label, type: 'iface',
        className: planned ? 'iface planned' : live ? 'iface live' : 'iface',
        selected: input.selectedEdge === id,
        data: { kind: 'interface', node: node.id, index: j, planned, live },
      });
    });
    if (node.sharesNetworkWith && abs.has(node.sharesNetworkWith)) {
      const id = `share:${node.id}`;
      const right = (abs.get(node.id)?.x ?? 0) > (abs.get(node.sharesNetworkWith)?.x ?? 0);
      edges.push({
        id, source: node.id, target: node.sharesNetworkWith,
        sourceHandle: right ? 'left' : 'right', targetHandle: right ? 'in-right' : 'in-left',
        label: 'shares netns', type: 'iface', className: 'share',
        style: { strokeDasharray: '6 4' },
        selected: input.selectedEdge === id,
        data: { kind: 'share', node: node.id },
      });
    }
  }
  // A virtual host's underlay interfaces: from the side of its box that faces the network.
  const hostBoxes = new Map(hostNodes.map((h) => [h.id, { ...h.position, width: h.width ?? HOST_MIN.width, height: h.height ?? HOST_MIN.height }]));
  for (const host of doc.hosts ?? []) {
    (host.interfaces ?? []).forEach((iface, j) => {
      const net = networkById.get(iface.network);
      const box = hostBoxes.get(host.id);
      if (!net || !box) return;
      const id = `hif:${host.id}:${j}`;
      const { label, planned, live } = interfaceLabel(host, j, input.addressing, hostAsLive(input.hosts?.[host.id]));
      const at = abs.get(net.id) ?? { x: 0, y: 0 };
      const size = sizeOf(networkKind(net));
      const { sourceHandle, targetHandle } = facingHandles(box, { x: at.x + size.width / 2, y: at.y + size.height / 2 });
      edges.push({
        id, source: host.id, target: net.id, sourceHandle, targetHandle,
        label, type: 'iface',
        className: planned ? 'iface underlay planned' : live ? 'iface underlay live' : 'iface underlay',
        selected: input.selectedEdge === id,
        data: { kind: 'underlay', node: host.id, index: j, planned, live },
      });
    });
  }
  // Parents come before their children, as React Flow requires.
  return { nodes: [...hostNodes, ...children], edges };
}

/** Which side of a host box a link to a point leaves from, and which network handle it meets. */
export function facingHandles(box: { x: number; y: number; width: number; height: number }, to: Position): { sourceHandle: string; targetHandle: string } {
  if (to.y > box.y + box.height) return { sourceHandle: 'bottom', targetHandle: 'top' };
  if (to.y < box.y) return { sourceHandle: 'top', targetHandle: 'bottom' };
  return { sourceHandle: to.x > box.x + box.width / 2 ? 'right' : 'left', targetHandle: 'top' };
}

/** A host's underlay addresses as the engine gave them, in the shape interfaceLabel reads. */
function hostAsLive(host: HostLive | undefined): LiveNode | undefined {
  return host?.addresses && host.state !== 'stopped' ? { state: 'running', status: '', interfaces: host.addresses } : undefined;
}

/** A virtual host's state: what the deploy, the engine's status or its events said, else
 *  running when a member node runs (its containers cannot run unless it does), else unknown. */
export function hostLiveOf(known: HostLive | undefined, members: (LiveNode | undefined)[]): HostLive | undefined {
  if (known) return known;
  return members.some((m) => m?.state === 'running') ? { state: 'running' } : undefined;
}

/** States in which a container has its network namespace, hence its addresses. */
const HAS_ADDRESSES = new Set<LiveNode['state']>(['running', 'paused', 'restarting']);

/** The address the engine gave a node on a network; none while it is not up (an
 *  exited container has lost its address: the plan is shown again then). */
export function liveAddress(live: LiveNode | undefined, network: string): string | undefined {
  if (!live || !HAS_ADDRESSES.has(live.state)) return undefined;
  return live.interfaces?.find((i) => i.network === network)?.ip || undefined;
}

/** "eth0 · 10.10.1.10". Deployed: the engine's address (what `ip addr` shows), and
 *  "→ x" when the file now asks for another one; else a planned address is marked "(auto)". */
export function interfaceLabel(node: Pick<NodeDef, 'id' | 'interfaces'>, index: number, addressing?: AddressingResult, live?: LiveNode): { label: string; planned: boolean; live: boolean } {
  const iface = (node.interfaces ?? [])[index];
  const name = `eth${index}`;
  const liveIp = iface ? liveAddress(live, iface.network) : undefined;
  if (liveIp) {
    const pending = iface?.ip && iface.ip !== liveIp ? ` → ${iface.ip}` : '';
    return { label: `${name} · ${liveIp}${pending}`, planned: false, live: true };
  }
  if (iface?.ip) return { label: `${name} · ${iface.ip}`, planned: false, live: false };
  const planned = addressing?.interfaces[`${node.id}/${iface?.network}`]?.ip;
  return planned ? { label: `${name} · ${planned} (auto)`, planned: true, live: false } : { label: name, planned: false, live: false };
}

function fitAround(members: CanvasNode[]): { width: number; height: number } {
  let width = 0;
  let height = 0;
  for (const m of members) {
    width = Math.max(width, m.position.x + (m.width ?? 0) + HOST_PADDING.x);
    height = Math.max(height, m.position.y + (m.height ?? 0) + HOST_PADDING.bottom);
  }
  return { width, height };
}

function diagnosticCounts(diagnostics: readonly Diagnostic[]): Map<string, { errors: number; warnings: number }> {
  const out = new Map<string, { errors: number; warnings: number }>();
  for (const d of diagnostics) {
    if (!d.subject) continue;
    const c = out.get(d.subject.id) ?? { errors: 0, warnings: 0 };
    if (d.severity === 'error') c.errors++;
    else if (d.severity === 'warning') c.warnings++;
    out.set(d.subject.id, c);
  }
  return out;
}

/** Ids that have no written position (auto-layout places them). */
export function unplaced(doc: LabDocument | undefined): string[] {
  if (!doc) return [];
  const layout = doc.layout ?? {};
  return [...(doc.hosts ?? []), ...(doc.networks ?? []), ...(doc.nodes ?? [])].map((x) => x.id).filter((id) => !layout[id]);
}

// What the far view draws, in flow coordinates (pure). Zoomed far out no text is
// readable, so the canvas draws boxes and curves into one <canvas> instead of
// thousands of DOM nodes and SVG edges, each of which the browser would otherwise
// hit-test, layerize and repaint on every frame of a pan (see bench/ui.ts).
import { Position, getBezierPath } from '@xyflow/react';
import type { Position as Point } from '../../../../electron/lab/model/edit';
import { strokeWidthFor, totalBps } from '../../traffic/rates';
import type { CanvasEdge, CanvasKind, CanvasNode } from '../mapping';

export interface SceneBox {
  id: string;
  kind: CanvasKind;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The engine's state of a node ('running', 'exited', …) or a virtual host's; undefined before a deploy. */
  state?: string;
  selected: boolean;
  errors: number;
  warnings: number;
  /** The host box holding it, if any. */
  parent?: string;
}

export interface SceneLink {
  id: string;
  kind: 'interface' | 'share' | 'underlay';
  /** An SVG path (the same bezier React Flow draws near), for Path2D. */
  path: string;
  selected: boolean;
  /** On a shown trace's path; 'current' while the packet crosses it. */
  trace?: 'path' | 'current';
  /** While Traffic is on: its stroke width in screen pixels, by load (as near). */
  load?: number;
}

export interface Rect { x: number; y: number; width: number; height: number }

export interface Scene {
  /** Host boxes first, then networks and machines: the drawing order, back to front. */
  boxes: SceneBox[];
  links: SceneLink[];
  /** Everything drawn, or undefined for an empty lab. */
  bounds?: Rect;
}

const HANDLE_SIDE: Record<string, Position> = {
  top: Position.Top, bottom: Position.Bottom, left: Position.Left, right: Position.Right, 'in-left': Position.Left, 'in-right': Position.Right,
};

/** Where a handle sits on a box: the middle of the side it is named after. */
export function handlePoint(box: Rect, handle: string | null | undefined): Point & { side: Position } {
  const side = HANDLE_SIDE[handle ?? ''] ?? Position.Top;
  switch (side) {
    case Position.Bottom: return { x: box.x + box.width / 2, y: box.y + box.height, side };
    case Position.Left: return { x: box.x, y: box.y + box.height / 2, side };
    case Position.Right: return { x: box.x + box.width, y: box.y + box.height / 2, side };
    default: return { x: box.x + box.width / 2, y: box.y, side };
  }
}

/**
 * The canvas's nodes and edges (as mapping.ts and decorate-edges.ts made them) → boxes
 * at absolute positions and link paths. `moved` overrides the absolute position of
 * items being dragged; a moved host carries its members along.
 */
export function buildScene(nodes: readonly CanvasNode[], edges: readonly CanvasEdge[], moved?: ReadonlyMap<string, Point>): Scene {
  const boxes = placeBoxes(nodes, moved);
  const boxById = new Map(boxes.map((b) => [b.id, b]));
  const links: SceneLink[] = [];
  for (const edge of edges) {
    const from = boxById.get(edge.source);
    const to = boxById.get(edge.target);
    if (!from || !to || edge.hidden) continue;
    const a = handlePoint(from, edge.sourceHandle);
    const b = handlePoint(to, edge.targetHandle);
    const [path] = getBezierPath({ sourceX: a.x, sourceY: a.y, sourcePosition: a.side, targetX: b.x, targetY: b.y, targetPosition: b.side });
    const trace = edge.data?.trace;
    const rates = edge.data?.rates;
    links.push({
      id: edge.id, kind: edge.data?.kind ?? 'interface', path, selected: !!edge.selected,
      ...(trace && !trace.ahead ? { trace: trace.current ? 'current' as const : 'path' as const } : {}),
      ...(rates ? { load: strokeWidthFor(totalBps(rates)) } : {}),
    });
  }
  return { boxes, links, bounds: boundsOf(boxes) };
}

/** Every node as a box at its absolute position, hosts first (the drawing order). */
export function placeBoxes(nodes: readonly CanvasNode[], moved?: ReadonlyMap<string, Point>): SceneBox[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const absolute = new Map<string, Point>();
  const absoluteOf = (node: CanvasNode): Point => {
    const known = absolute.get(node.id);
    if (known) return known;
    const override = moved?.get(node.id);
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    let at: Point;
    if (override) at = override;
    else if (parent) {
      const origin = absoluteOf(parent);
      at = { x: origin.x + node.position.x, y: origin.y + node.position.y };
    } else at = node.position;
    absolute.set(node.id, at);
    return at;
  };

  const boxes: SceneBox[] = [];
  for (const node of nodes) {
    const at = absoluteOf(node);
    const state = node.type === 'host' ? node.data.hostLive?.state : node.data.live?.state;
    boxes.push({
      id: node.id, kind: node.data.kind, x: at.x, y: at.y, width: node.width ?? 0, height: node.height ?? 0,
      ...(state ? { state } : {}),
      selected: !!node.selected, errors: node.data.errors, warnings: node.data.warnings,
      ...(node.parentId && byId.has(node.parentId) ? { parent: node.parentId } : {}),
    });
  }
  // Hosts are drawn first so their members sit on top of them.
  boxes.sort((a, b) => Number(b.kind === 'host') - Number(a.kind === 'host'));
  return boxes;
}

/** The rectangle around every box; undefined when there are none. */
export function boundsOf(boxes: readonly SceneBox[]): Rect | undefined {
  if (boxes.length === 0) return undefined;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Networks and machines lying wholly inside a rectangle (as a box selection near
 *  takes them); a host box only when it lies inside too. */
export function boxesInside(boxes: readonly SceneBox[], r: Rect): SceneBox[] {
  return boxes.filter((b) => b.x >= r.x && b.y >= r.y && b.x + b.width <= r.x + r.width && b.y + b.height <= r.y + r.height);
}

/** The box under a point: a network or machine before the host box it sits in, the
 *  one drawn last (on top) first. */
export function boxAt(scene: Scene, point: Point): SceneBox | undefined {
  for (let i = scene.boxes.length - 1; i >= 0; i--) {
    const b = scene.boxes[i];
    if (point.x >= b.x && point.x <= b.x + b.width && point.y >= b.y && point.y <= b.y + b.height) return b;
  }
  return undefined;
}

// The far view: below FAR_ZOOM the canvas hides React Flow's nodes and edges and draws
// the lab into one <canvas> that lives in the viewport layer, so a pan moves a picture
// instead of thousands of elements. Nodes can still be picked, dragged (the same edit
// as a near drag) and double-clicked to zoom in to them.
import { ViewportPortal, useReactFlow, useStore } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { Position } from '../../../../electron/lab/model/edit';
import { labStore } from '../../store';
import { KIND_LABEL } from '../../kinds/shared/kind-info';
import { commitDrop, dropEdits } from '../drop';
import { listen } from '../listen';
import type { CanvasEdge, CanvasNode } from '../mapping';
import { paintScene, readPalette, type Palette } from './paint';
import { boxAt, buildScene, type Rect, type SceneBox } from './scene';

/** Room around the drawing for outlines (flow units). */
const MARGIN = 20;
/** The canvas's backing store stays under this many pixels (about 32 MB) and this side;
 *  past that it is drawn at a lower resolution, which far out shows as slight softness. */
const MAX_PIXELS = 8_000_000;
const MAX_SIDE = 8192;
/** A zoom step redraws at the new resolution once the wheel has been still this long. */
const ZOOM_SETTLE_MS = 150;
/** As the near view's snapGrid. */
const SNAP = 10;
/** Pointer travel (screen px) before a press on a node becomes a drag. */
const DRAG_THRESHOLD = 3;

interface Drag {
  pointerId: number;
  start: { x: number; y: number };
  /** Items that follow the pointer (members of a moving host follow their host). */
  items: SceneBox[];
  moved: boolean;
  /** A plain press on one object of a multi-selection: if it ends as a click, that object alone is selected. */
  narrowTo?: string;
}

let dragSeq = 0;

function FarViewInner({ nodes, edges, theme }: { nodes: CanvasNode[]; edges: CanvasEdge[]; theme: string }) {
  const rf = useReactFlow<CanvasNode>();
  const zoom = useStore((s) => s.transform[2]);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [moved, setMoved] = useState<ReadonlyMap<string, Position>>();
  // Far out no name is readable: the one under the pointer is said beside it.
  const [hovered, setHovered] = useState<SceneBox>();
  const scene = useMemo(() => buildScene(nodes, edges, moved), [nodes, edges, moved]);
  const sceneRef = useRef(scene);
  sceneRef.current = scene;

  // New nodes from the document (a drop's edit included): draw them as they are.
  useEffect(() => setMoved(undefined), [nodes]);

  // The resolution follows the zoom, but only once a zoom gesture has settled.
  const [paintZoom, setPaintZoom] = useState(zoom);
  useEffect(() => {
    const timer = setTimeout(() => setPaintZoom(zoom), ZOOM_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [zoom]);

  const palette = useRef<{ theme: string; colours: Palette }>(undefined);
  const area = useMemo(() => (scene.bounds ? padded(scene.bounds) : undefined), [scene]);
  const hasArea = !!area;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !area) return;
    const frame = requestAnimationFrame(() => {
      const ratio = window.devicePixelRatio || 1;
      const scale = Math.min(paintZoom * ratio, Math.sqrt(MAX_PIXELS / (area.width * area.height)), MAX_SIDE / area.width, MAX_SIDE / area.height);
      const width = Math.max(1, Math.round(area.width * scale));
      const height = Math.max(1, Math.round(area.height * scale));
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
      if (palette.current?.theme !== theme) palette.current = { theme, colours: readPalette(canvas) };
      const ctx = canvas.getContext('2d');
      // scale / zoom: canvas pixels per screen pixel (the device ratio, less when capped).
      if (!ctx) return;
      paintScene(ctx, scene, palette.current.colours, area, scale, scale / paintZoom);
      canvas.dataset.painted = String(scene.boxes.length); // for tests and the benchmark: what is on screen
    });
    return () => cancelAnimationFrame(frame);
  }, [scene, area, paintZoom, theme]);

  // Pointer handling is native: a press on a node must stop the pane's pan (d3-zoom
  // listens on an ancestor), which React's delegated handlers run too late to do.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let drag: Drag | undefined;
    const toFlow = (e: MouseEvent) => rf.screenToFlowPosition({ x: e.clientX, y: e.clientY }, { snapToGrid: false });
    const hit = (e: MouseEvent) => boxAt(sceneRef.current, toFlow(e));

    const onPointerDown = (e: PointerEvent) => {
      if (e.button !== 0) return;
      const box = hit(e);
      if (!box) return; // bare canvas: the pane pans
      e.preventDefault(); // no mousedown follows, so d3-zoom does not start a pan
      e.stopPropagation();
      setHovered(undefined);
      const { selected } = labStore.getState();
      const additive = e.shiftKey || e.ctrlKey || e.metaKey;
      let ids: string[];
      if (additive) ids = selected.includes(box.id) ? selected.filter((id) => id !== box.id) : [...selected, box.id];
      else ids = selected.includes(box.id) ? selected : [box.id];
      if (ids !== selected) labStore.getState().select(ids);
      if (!ids.includes(box.id)) return; // shift-click took it out of the selection
      const moving = new Set(ids);
      const items = sceneRef.current.boxes.filter((b) => moving.has(b.id) && !(b.parent && moving.has(b.parent)));
      const narrowTo = !additive && ids.length > 1 ? box.id : undefined;
      drag = { pointerId: e.pointerId, start: { x: e.clientX, y: e.clientY }, items, moved: false, ...(narrowTo ? { narrowTo } : {}) };
      canvas.setPointerCapture(e.pointerId);
      canvas.style.cursor = 'grabbing';
    };

    const onPointerMove = (e: PointerEvent) => {
      if (!drag) {
        const box = hit(e);
        canvas.style.cursor = box ? 'grab' : '';
        setHovered((was) => (was?.id === box?.id ? was : box));
        return;
      }
      if (e.pointerId !== drag.pointerId) return;
      const dx = e.clientX - drag.start.x;
      const dy = e.clientY - drag.start.y;
      if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      drag.moved = true;
      const z = rf.getViewport().zoom;
      const next = new Map<string, Position>();
      for (const b of drag.items) next.set(b.id, { x: snap(b.x + dx / z), y: snap(b.y + dy / z) });
      setMoved(next);
    };

    const onPointerUp = (e: PointerEvent) => {
      if (!drag || e.pointerId !== drag.pointerId) return;
      const done = drag;
      drag = undefined;
      canvas.style.cursor = '';
      if (!done.moved) {
        // Pressing a selected object keeps the group (to drag it); a click picks it alone.
        if (done.narrowTo) labStore.getState().select([done.narrowTo]);
        return;
      }
      const finalScene = sceneRef.current;
      const byId = new Map(finalScene.boxes.map((b) => [b.id, b]));
      const moving = new Set(done.items.map((i) => i.id));
      const items = done.items.map((start) => {
        const now = byId.get(start.id) ?? start;
        return { id: now.id, kind: now.kind, parentId: now.parent, position: { x: now.x, y: now.y }, absolute: { x: now.x, y: now.y } };
      });
      const hosts = finalScene.boxes.filter((b) => b.kind === 'host' && !moving.has(b.id));
      // The drag's positions stay drawn until the moved nodes come back from the document
      // (the effect on `nodes` below), so the node does not flash at its old place.
      commitDrop(dropEdits(items, hosts, moving), `far-drag:${++dragSeq}`);
    };

    // A click on bare canvas clears the selection, as a click on the pane does near.
    const onClick = (e: MouseEvent) => {
      if (!hit(e)) labStore.getState().select([]);
    };

    // Double-click a node: zoom in to it (its text becomes readable), not the pane's zoom step.
    const onDoubleClick = (e: MouseEvent) => {
      const box = hit(e);
      if (!box) return;
      e.stopPropagation();
      void rf.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom: 1, duration: 300 });
    };

    return listen(canvas, {
      pointerleave: () => setHovered(undefined),
      pointerdown: onPointerDown, pointermove: onPointerMove, pointerup: onPointerUp, pointercancel: onPointerUp,
      click: onClick, dblclick: onDoubleClick,
    });
  }, [rf, hasArea]);

  if (!area) return null;
  return (
    <ViewportPortal>
      <canvas
        ref={canvasRef}
        className="far-view"
        data-testid="far-view"
        data-objects={scene.boxes.length}
        data-links={scene.links.length}
        role="img"
        aria-label={`${scene.boxes.length} objects and ${scene.links.length} links, zoomed out. Zoom in or double-click an object to read it.`}
        style={{ position: 'absolute', left: area.x, top: area.y, width: area.width, height: area.height }}
      />
      {hovered && (
        // Anchored at the box's top-left and scaled back up, so it reads at its normal size.
        <div className="far-hover-anchor" style={{ left: hovered.x, top: hovered.y, transform: `scale(${1 / zoom})` }}>
          <div className="far-hover" data-testid="far-hover">
            <strong>{hovered.id}</strong> {KIND_LABEL[hovered.kind].toLowerCase()}{hovered.state ? ` · ${hovered.state}` : ''}
          </div>
        </div>
      )}
    </ViewportPortal>
  );
}

export const FarView = memo(FarViewInner);

function padded(r: Rect): Rect {
  return { x: r.x - MARGIN, y: r.y - MARGIN, width: r.width + 2 * MARGIN, height: r.height + 2 * MARGIN };
}

function snap(v: number): number {
  return Math.round(v / SNAP) * SNAP;
}

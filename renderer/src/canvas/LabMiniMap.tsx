// The minimap: the whole lab in one small canvas (the far view's painter) with the
// viewport marked; drag on it to pan, click to jump, wheel to zoom. React Flow's own
// minimap keeps one store subscription and one SVG element per node, which large labs
// paid for on every frame of a pan, and it shows nothing of the nodes the far view hides.
import { Panel, useReactFlow, useStore } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef } from 'react';
import { paintScene, readPalette, type Palette } from './far/paint';
import { listen } from './listen';
import { boundsOf, placeBoxes } from './far/scene';
import type { CanvasNode } from './mapping';
import { miniFrame, miniToFlow, viewRect, type MiniFrame, type Viewport } from './minimap-geometry';

const SIZE = { width: 200, height: 150 };
/** Wheel travel (px) that doubles or halves the zoom. */
const WHEEL_PER_DOUBLING = 300;
/** Pointer travel (px) before a press becomes a drag rather than a click. */
const CLICK_SLOP = 3;

function LabMiniMapInner({ nodes, theme, minZoom, maxZoom }: { nodes: CanvasNode[]; theme: string; minZoom: number; maxZoom: number }) {
  const rf = useReactFlow<CanvasNode>();
  const [x, y, zoom] = useStore((s) => s.transform);
  const paneWidth = useStore((s) => s.width);
  const paneHeight = useStore((s) => s.height);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const boxes = useMemo(() => placeBoxes(nodes), [nodes]);
  const lab = useMemo(() => boundsOf(boxes), [boxes]);
  const frame = useMemo(() => miniFrame(lab, viewRect({ x, y, zoom }, { width: paneWidth, height: paneHeight }), SIZE), [lab, x, y, zoom, paneWidth, paneHeight]);
  const frameRef = useRef(frame);
  frameRef.current = frame;
  const palette = useRef<{ theme: string; colours: Palette }>(undefined);

  // Painted in the next frame: several viewport changes in one frame paint once, and a
  // theme switch has reached the document's CSS variables by then (App sets them in its
  // own effect, which runs after this child's).
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const frameId = requestAnimationFrame(() => paint(canvas));
    return () => cancelAnimationFrame(frameId);
  }, [boxes, frame, theme]);

  function paint(canvas: HTMLCanvasElement): void {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.round(SIZE.width * ratio);
    const height = Math.round(SIZE.height * ratio);
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    if (palette.current?.theme !== theme) palette.current = { theme, colours: readPalette(canvas) };
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const colours = palette.current.colours;
    const scale = frame.scale * ratio;
    paintScene(ctx, { boxes, links: [] }, colours, frame.area, scale, ratio, 'mini');
    // Veil what the pane does not show, then outline what it does.
    const { view, area } = frame;
    const veil = new Path2D();
    veil.rect(area.x, area.y, area.width, area.height);
    veil.rect(view.x, view.y, view.width, view.height);
    ctx.fillStyle = colours.mask;
    ctx.fill(veil, 'evenodd');
    ctx.lineWidth = (1.5 * ratio) / scale;
    ctx.strokeStyle = colours.accent;
    ctx.strokeRect(view.x, view.y, view.width, view.height);
  }

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let press: { pointerId: number; start: { x: number; y: number }; viewport: Viewport; frame: MiniFrame; dragged: boolean } | undefined;
    const local = (e: MouseEvent) => {
      const r = canvas.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    const centreOn = (e: MouseEvent) => {
      const p = miniToFlow(frameRef.current, local(e));
      void rf.setCenter(p.x, p.y, { zoom: rf.getViewport().zoom, duration: 200 });
    };
    const onPointerDown = (e: PointerEvent) => {
      if (e.button !== 0) return;
      e.preventDefault();
      canvas.setPointerCapture(e.pointerId);
      press = { pointerId: e.pointerId, start: { x: e.clientX, y: e.clientY }, viewport: rf.getViewport(), frame: frameRef.current, dragged: false };
    };
    const onPointerMove = (e: PointerEvent) => {
      if (!press || e.pointerId !== press.pointerId) return;
      const dx = e.clientX - press.start.x;
      const dy = e.clientY - press.start.y;
      if (!press.dragged && Math.hypot(dx, dy) < CLICK_SLOP) return;
      press.dragged = true;
      // The viewport's outline follows the pointer (measured in the frame the drag began in).
      const { viewport, frame: f } = press;
      void rf.setViewport({ x: viewport.x - (dx / f.scale) * viewport.zoom, y: viewport.y - (dy / f.scale) * viewport.zoom, zoom: viewport.zoom });
    };
    const onPointerUp = (e: PointerEvent) => {
      if (!press || e.pointerId !== press.pointerId) return;
      if (!press.dragged) centreOn(e);
      press = undefined;
    };
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const next = Math.min(maxZoom, Math.max(minZoom, rf.getViewport().zoom * 2 ** (-e.deltaY / WHEEL_PER_DOUBLING)));
      void rf.zoomTo(next);
    };
    const removeWheel = listen(canvas, { wheel: onWheel }, { passive: false });
    const removePointer = listen(canvas, { pointerdown: onPointerDown, pointermove: onPointerMove, pointerup: onPointerUp, pointercancel: onPointerUp });
    return () => {
      removeWheel();
      removePointer();
    };
  }, [rf, minZoom, maxZoom]);

  return (
    <Panel position="bottom-right" className="lab-minimap">
      <canvas
        ref={canvasRef}
        data-testid="minimap"
        role="img"
        aria-label="Minimap of the lab: drag to pan, click to go there, wheel to zoom"
        title="Drag to pan · click to go there · wheel to zoom"
        style={{ width: SIZE.width, height: SIZE.height, display: 'block' }}
      />
    </Panel>
  );
}

export const LabMiniMap = memo(LabMiniMapInner);

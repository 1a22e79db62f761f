// The minimap's geometry (pure): what part of the flow it shows, where the viewport
// sits in it, and how a pointer on it maps back to the flow.
import type { Rect } from './far/scene';

export interface Viewport { x: number; y: number; zoom: number }

export interface MiniFrame {
  /** The flow area the minimap shows: the lab and the viewport, centred, with a margin. */
  area: Rect;
  /** Minimap pixels per flow unit. */
  scale: number;
  /** The viewport in flow coordinates. */
  view: Rect;
}

/** Flow units of margin, as a share of the larger side of what is shown. */
const MARGIN_SHARE = 0.05;

/** What the pane shows, in flow coordinates. */
export function viewRect(viewport: Viewport, pane: { width: number; height: number }): Rect {
  return { x: -viewport.x / viewport.zoom, y: -viewport.y / viewport.zoom, width: pane.width / viewport.zoom, height: pane.height / viewport.zoom };
}

/** The minimap's frame: the union of the lab and the viewport, fitted to `size` (aspect kept). */
export function miniFrame(lab: Rect | undefined, view: Rect, size: { width: number; height: number }): MiniFrame {
  const x0 = Math.min(view.x, lab?.x ?? view.x);
  const y0 = Math.min(view.y, lab?.y ?? view.y);
  const x1 = Math.max(view.x + view.width, lab ? lab.x + lab.width : -Infinity);
  const y1 = Math.max(view.y + view.height, lab ? lab.y + lab.height : -Infinity);
  const margin = Math.max(x1 - x0, y1 - y0) * MARGIN_SHARE;
  const width = x1 - x0 + 2 * margin;
  const height = y1 - y0 + 2 * margin;
  const scale = Math.min(size.width / width, size.height / height);
  // Centre the content: the spare room goes equally to both sides.
  const shownWidth = size.width / scale;
  const shownHeight = size.height / scale;
  return {
    area: { x: x0 - margin - (shownWidth - width) / 2, y: y0 - margin - (shownHeight - height) / 2, width: shownWidth, height: shownHeight },
    scale, view,
  };
}

/** A point on the minimap (its own pixels) → the flow point it shows. */
export function miniToFlow(frame: MiniFrame, point: { x: number; y: number }): { x: number; y: number } {
  return { x: frame.area.x + point.x / frame.scale, y: frame.area.y + point.y / frame.scale };
}

// Resizing a host box by hand (NodeResizer on the host node). Pure: which sizes are
// allowed, and what the resize writes to `layout`.
import type { Position } from '../../../electron/lab/model/edit';

export interface Box { x: number; y: number; width: number; height: number }
export interface Member { id: string; box: Box }

/** Room kept around members; the header row needs more at the top. */
const PAD = { side: 12, top: 40, bottom: 12 };

/** Bounds the host may not shrink past: its members (absolute boxes) plus padding, but no
 *  more padding than they had when the resize began, so a tight host can still be resized. */
export function memberLimits(start: Box, members: readonly Member[]): Box | undefined {
  if (members.length === 0) return undefined;
  const left = Math.min(...members.map((m) => m.box.x));
  const top = Math.min(...members.map((m) => m.box.y));
  const right = Math.max(...members.map((m) => m.box.x + m.box.width));
  const bottom = Math.max(...members.map((m) => m.box.y + m.box.height));
  const l = left - Math.max(0, Math.min(PAD.side, left - start.x));
  const t = top - Math.max(0, Math.min(PAD.top, top - start.y));
  const r = right + Math.max(0, Math.min(PAD.side, start.x + start.width - right));
  const b = bottom + Math.max(0, Math.min(PAD.bottom, start.y + start.height - bottom));
  return { x: l, y: t, width: r - l, height: b - t };
}

/** Whether a proposed host box still holds every member. */
export function holds(next: Box, limits: Box | undefined): boolean {
  if (!limits) return true;
  return next.x <= limits.x && next.y <= limits.y && next.x + next.width >= limits.x + limits.width && next.y + next.height >= limits.y + limits.height;
}

/** Layout entries a finished resize writes: the host's box, and, when its top-left
 *  moved, its members' positions relative to it (they stay where they are on screen). */
export function resizeLayout(id: string, start: Box, end: Box, members: readonly Member[]): Record<string, Position> {
  const out: Record<string, Position> = { [id]: { x: end.x, y: end.y, width: end.width, height: end.height } };
  if (Math.round(end.x) !== Math.round(start.x) || Math.round(end.y) !== Math.round(start.y)) {
    for (const m of members) out[m.id] = { x: m.box.x - end.x, y: m.box.y - end.y };
  }
  return out;
}

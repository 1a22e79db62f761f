// A drag ends: where each moved item lands in the file, and which host box it now
// belongs to (its centre decides). One rule for the near view (React Flow's drag)
// and the far view (the canvas's own drag).
import { setField, type Position } from '../../../electron/lab/model/edit';
import { moveItems } from '../store/actions';
import { labStore } from '../store';
import { sizeOf, type CanvasKind } from './mapping';

export interface DroppedItem {
  id: string;
  kind: CanvasKind;
  parentId?: string;
  /** As React Flow keeps it: relative to the parent host, if any. */
  position: Position;
  absolute: Position;
}

export interface HostBox { id: string; x: number; y: number; width: number; height: number }

export interface DropEdits {
  /** layout.<id>: relative to the host the item now sits in, else absolute. */
  positions: Record<string, Position>;
  /** Items whose `host:` changes (undefined: out of every host). */
  hostChanges: { id: string; host: string | undefined }[];
}

/** `moving`: every id that moved (a member moves with its host and keeps its place in it). */
export function dropEdits(dropped: readonly DroppedItem[], hosts: readonly HostBox[], moving: ReadonlySet<string>): DropEdits {
  const positions: Record<string, Position> = {};
  const hostChanges: DropEdits['hostChanges'] = [];
  for (const item of dropped) {
    if (item.kind === 'host' || (item.parentId && moving.has(item.parentId))) {
      positions[item.id] = { x: item.position.x, y: item.position.y };
      continue;
    }
    const size = sizeOf(item.kind);
    const cx = item.absolute.x + size.width / 2;
    const cy = item.absolute.y + size.height / 2;
    // Overlays span hosts: they never belong to one.
    const inside = item.kind === 'overlay' ? undefined : hosts.find((h) => cx >= h.x && cy >= h.y && cx <= h.x + h.width && cy <= h.y + h.height);
    if (inside?.id !== item.parentId) hostChanges.push({ id: item.id, host: inside?.id });
    positions[item.id] = inside ? { x: item.absolute.x - inside.x, y: item.absolute.y - inside.y } : { x: item.absolute.x, y: item.absolute.y };
  }
  return { positions, hostChanges };
}

/** The drop as edits: the moves and host changes of one drag coalesce into one undo step. */
export function commitDrop(edits: DropEdits, dragKey: string): void {
  moveItems(labStore, edits.positions, dragKey);
  for (const change of edits.hostChanges) {
    labStore.getState().edit((text) => setField(text, change.id, ['host'], change.host), { label: 'move', coalesce: dragKey });
  }
  labStore.getState().closeStep();
}

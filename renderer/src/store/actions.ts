// Canvas-level actions: each is one edit of the lab text (one undo step).
import type { StoreApi } from 'zustand/vanilla';
import { addHost, addNetwork, addNode, connect, disconnect, freshId, locate, rawOf, removeItems, renameId, setField, setLayout, type EditPath, type LabEdit, type Position } from '../../../electron/lab/model/edit';
import type { NetworkDef } from '../../../electron/lab/model/schema';
import { HOST_MIN, networkKind, sizeOf } from '../canvas/mapping';
import type { ClipboardContent, LabStore } from './types';

type Store = StoreApi<LabStore>;
export type NewItem = { section: 'hosts' | 'networks' | 'nodes'; value: Record<string, unknown> };

/** Adds a host, network or node at a canvas position; returns its id. */
export function addItem(store: Store, item: NewItem, at: Position, base: string): string {
  const { text } = store.getState();
  const id = freshId(text, base);
  const value = { id, ...item.value };
  const add = item.section === 'hosts' ? addHost : item.section === 'networks' ? addNetwork : addNode;
  store.getState().edit(add(text, value, at), { label: `add ${id}` });
  store.getState().select([id]);
  return id;
}

/** Moves objects: one undo step per drag (same `dragKey`). */
export function moveItems(store: Store, positions: Record<string, Position>, dragKey?: string): void {
  const options = { label: 'move', coalesce: dragKey };
  if (store.getState().moveInPlace(positions, options)) return;
  store.getState().edit((text) => setLayout(text, positions), options);
}

/** A host resized by hand: its box (and members, when its corner moved) in one undo step. */
export function resizeHost(store: Store, id: string, positions: Record<string, Position>): void {
  store.getState().edit((text) => setLayout(text, positions), { label: `resize ${id}` });
  store.getState().closeStep();
}

export function removeSelection(store: Store): void {
  const { selected, selectedEdge } = store.getState();
  if (selected.length > 0) {
    store.getState().edit((text) => removeItems(text, selected), { label: `delete ${selected.join(', ')}` });
    store.getState().select([]);
  } else if (selectedEdge) {
    removeEdge(store, selectedEdge);
  }
}

/** Edge ids: `if:<node>:<index>` (an interface), `hif:<host>:<index>` (a virtual host's
 *  underlay interface) or `share:<node>` (a shared namespace). */
export function removeEdge(store: Store, edgeId: string): void {
  const [kind, node, index] = edgeId.split(':');
  if (kind === 'if' || kind === 'hif') {
    store.getState().edit((text) => disconnect(text, node, Number(index)), { label: 'disconnect' });
  } else if (kind === 'share') {
    store.getState().edit((text) => setField(text, node, ['sharesNetworkWith'], undefined), { label: 'unshare' });
  }
  store.getState().select([]);
}

export function connectTo(store: Store, nodeId: string, networkId: string): void {
  store.getState().edit((text) => connect(text, nodeId, networkId), { label: `connect ${nodeId} to ${networkId}` });
}

/** A virtual host's underlay interface: its "physical" link to a bridge on the local engine. */
export function connectHostTo(store: Store, hostId: string, networkId: string): void {
  store.getState().edit((text) => connect(text, hostId, networkId), { label: `connect ${hostId} to ${networkId}` });
}

export function setItemField(store: Store, id: string, field: EditPath, value: unknown): void {
  store.getState().edit((text) => setField(text, id, field, value), { label: `edit ${id}.${field.join('.')}`, coalesce: `field:${id}:${field.join('.')}` });
}

/** Renames an object and its references; the selection follows. */
export function renameItem(store: Store, from: string, to: string): boolean {
  const changed = store.getState().edit((text) => renameId(text, from, to), { label: `rename ${from}` });
  if (changed) store.getState().select(store.getState().selected.map((id) => (id === from ? to : id)));
  return changed;
}

export function copySelection(store: Store): void {
  const { selected, text, document, autoPositions } = store.getState();
  if (selected.length === 0) return;
  const raw = rawOf(text);
  const items: ClipboardContent['items'] = [];
  const posOf = (id: string) => (document?.layout?.[id] as Position | undefined) ?? autoPositions[id];
  for (const id of selected) {
    const at = locate(raw, id);
    if (!at) continue;
    const value = structuredClone((raw[at.section] as Record<string, unknown>[])[at.index]);
    const pos = posOf(id);
    // members' positions are relative to their host: keep the absolute one too, for pasting elsewhere
    const host = typeof value.host === 'string' ? posOf(value.host) : undefined;
    const abs = pos && host ? { x: host.x + pos.x, y: host.y + pos.y } : pos;
    items.push({ section: at.section, value, at: pos ? { x: pos.x, y: pos.y } : undefined, abs: abs ? { x: abs.x, y: abs.y } : undefined });
  }
  store.setState({ clipboard: { items } });
}

const PASTE_OFFSET = 40;

/** Where a paste goes: a canvas point (the mouse, else the viewport centre) and the
 *  host box under it, if any (absolute position). Without one, copies land 40 px off. */
export interface PasteTarget {
  point: Position;
  host?: { id: string; position: Position };
}

/** Size of an object on the canvas, to centre pasted copies on the point. */
function sizeOfItem(item: ClipboardContent['items'][number]): { width: number; height: number } {
  if (item.section === 'hosts') return { width: item.at?.width ?? HOST_MIN.width, height: item.at?.height ?? HOST_MIN.height };
  if (item.section === 'networks') return sizeOf(networkKind({ driver: item.value.driver as NetworkDef['driver'] }));
  return sizeOf(item.value.kind === 'router' ? 'router' : 'container');
}

/** Positions (and hosts) of the copies: the group keeps its shape, centred on the point. */
function placeAt(items: ClipboardContent['items'], target: PasteTarget, pastedIds: Set<string>): { at: Position; host?: string | null }[] {
  const boxes = items.map((item, i) => ({ ...(item.abs ?? { x: i * 30, y: i * 30 }), ...sizeOfItem(item) }));
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  const dx = target.point.x - (left + right) / 2;
  const dy = target.point.y - (top + bottom) / 2;
  return items.map((item, i) => {
    const abs = { x: boxes[i].x + dx, y: boxes[i].y + dy };
    const keepsHost = typeof item.value.host === 'string' && pastedIds.has(item.value.host);
    if (keepsHost) return { at: item.at ?? abs }; // its host is pasted too: relative position, as copied
    const joins = target.host && item.section !== 'hosts' && !(item.section === 'networks' && item.value.driver === 'overlay') ? target.host : undefined;
    if (item.section === 'hosts') return { at: { ...abs, ...(item.at?.width ? { width: item.at.width, height: item.at.height } : {}) } };
    return joins ? { at: { x: abs.x - joins.position.x, y: abs.y - joins.position.y }, host: joins.id } : { at: abs, host: null };
  });
}

/** Pastes of one clipboard at one point, so repeated Ctrl+V cascades instead of stacking copies. */
const cascades = new WeakMap<ClipboardContent, { x: number; y: number; count: number }>();

function cascaded(clipboard: ClipboardContent, target: PasteTarget): PasteTarget {
  const last = cascades.get(clipboard);
  const count = last && Math.abs(last.x - target.point.x) < 1 && Math.abs(last.y - target.point.y) < 1 ? last.count + 1 : 0;
  cascades.set(clipboard, { ...target.point, count });
  return count === 0 ? target : { ...target, point: { x: target.point.x + count * PASTE_OFFSET, y: target.point.y + count * PASTE_OFFSET } };
}

/** Pastes the clipboard with fresh ids; references among pasted objects follow. */
export function paste(store: Store, requested?: PasteTarget): string[] {
  const { clipboard } = store.getState();
  if (!clipboard || clipboard.items.length === 0) return [];
  const target = requested && cascaded(clipboard, requested);
  const newIds: string[] = [];
  store.getState().edit((text) => {
    const rename = new Map<string, string>();
    for (const item of clipboard.items) {
      const id = freshId(text, String(item.value.id), rename.values());
      rename.set(String(item.value.id), id);
    }
    const placed = target ? placeAt(clipboard.items, target, new Set(rename.keys())) : undefined;
    const edits: LabEdit[] = [];
    clipboard.items.forEach((item, i) => {
      const value = structuredClone(item.value);
      value.id = rename.get(String(item.value.id));
      if (typeof value.host === 'string' && rename.has(value.host)) value.host = rename.get(value.host);
      else if (placed?.[i].host === null) delete value.host; // pasted outside any host
      else if (placed?.[i].host) value.host = placed[i].host;
      if (typeof value.sharesNetworkWith === 'string' && rename.has(value.sharesNetworkWith)) value.sharesNetworkWith = rename.get(value.sharesNetworkWith);
      if (Array.isArray(value.interfaces)) {
        value.interfaces = (value.interfaces as Record<string, unknown>[]).map((iface) => {
          const copy: Record<string, unknown> = { ...iface, network: rename.get(String(iface.network)) ?? iface.network };
          delete copy.ip; // a copied address would clash with the original's
          delete copy.mac;
          return copy;
        });
      }
      const at = placed ? placed[i].at : item.at ? { x: item.at.x + PASTE_OFFSET, y: item.at.y + PASTE_OFFSET } : undefined;
      const add = item.section === 'hosts' ? addHost : item.section === 'networks' ? addNetwork : addNode;
      edits.push(...add(text, value, at));
      newIds.push(String(value.id));
    });
    return edits;
  }, { label: 'paste' });
  store.getState().select(newIds);
  return newIds;
}

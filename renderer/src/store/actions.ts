// Canvas-level actions: each is one edit of the lab text (one undo step).
import type { StoreApi } from 'zustand/vanilla';
import { addHost, addNetwork, addNode, connect, freshId, locate, rawOf, removeItems, renameId, setField, setLayout, type EditPath, type LabEdit, type Position } from '../../../electron/lab/model/edit';
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
  store.getState().edit((text) => setLayout(text, positions), { label: 'move', coalesce: dragKey });
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

/** Edge ids: `if:<node>:<index>` (an interface) or `share:<node>` (a shared namespace). */
export function removeEdge(store: Store, edgeId: string): void {
  const [kind, node, index] = edgeId.split(':');
  if (kind === 'if') {
    store.getState().edit((text) => {
      const at = locate(rawOf(text), node);
      return at ? [{ op: 'delete', path: ['nodes', at.index, 'interfaces', Number(index)] } satisfies LabEdit] : [];
    }, { label: 'disconnect' });
  } else if (kind === 'share') {
    store.getState().edit((text) => setField(text, node, ['sharesNetworkWith'], undefined), { label: 'unshare' });
  }
  store.getState().select([]);
}

export function connectTo(store: Store, nodeId: string, networkId: string): void {
  store.getState().edit((text) => connect(text, nodeId, networkId), { label: `connect ${nodeId} to ${networkId}` });
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
  for (const id of selected) {
    const at = locate(raw, id);
    if (!at) continue;
    const value = structuredClone((raw[at.section] as Record<string, unknown>[])[at.index]);
    const pos = (document?.layout?.[id] as Position | undefined) ?? autoPositions[id];
    items.push({ section: at.section, value, at: pos ? { x: pos.x, y: pos.y } : undefined });
  }
  store.setState({ clipboard: { items } });
}

const PASTE_OFFSET = 40;

/** Pastes the clipboard with fresh ids; references among pasted objects follow. */
export function paste(store: Store): string[] {
  const { clipboard } = store.getState();
  if (!clipboard || clipboard.items.length === 0) return [];
  const newIds: string[] = [];
  store.getState().edit((text) => {
    const rename = new Map<string, string>();
    for (const item of clipboard.items) {
      const id = freshId(text, String(item.value.id), rename.values());
      rename.set(String(item.value.id), id);
    }
    const edits: LabEdit[] = [];
    for (const item of clipboard.items) {
      const value = structuredClone(item.value);
      value.id = rename.get(String(item.value.id));
      if (typeof value.host === 'string' && rename.has(value.host)) value.host = rename.get(value.host);
      if (typeof value.sharesNetworkWith === 'string' && rename.has(value.sharesNetworkWith)) value.sharesNetworkWith = rename.get(value.sharesNetworkWith);
      if (Array.isArray(value.interfaces)) {
        value.interfaces = (value.interfaces as Record<string, unknown>[]).map((iface) => {
          const copy: Record<string, unknown> = { ...iface, network: rename.get(String(iface.network)) ?? iface.network };
          delete copy.ip; // a copied address would clash with the original's
          delete copy.mac;
          return copy;
        });
      }
      const at = item.at ? { x: item.at.x + PASTE_OFFSET, y: item.at.y + PASTE_OFFSET } : undefined;
      const add = item.section === 'hosts' ? addHost : item.section === 'networks' ? addNetwork : addNode;
      edits.push(...add(text, value, at));
      newIds.push(String(value.id));
    }
    return edits;
  }, { label: 'paste' });
  store.getState().select(newIds);
  return newIds;
}

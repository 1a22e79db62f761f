import type { SelectionSlice, Slice } from './types';

export const createSelectionSlice: Slice<SelectionSlice> = (set, get) => ({
  selected: [],
  selectedEdge: undefined,
  focus: undefined,
  clipboard: undefined,

  select(ids, edge) {
    const { selected, selectedEdge } = get();
    const same = selected.length === ids.length && selected.every((id, i) => id === ids[i]) && selectedEdge === edge;
    // The Host view gives way to what was picked on the canvas.
    if (!same) set({ selected: ids, selectedEdge: edge, inspectorHost: false });
  },

  focusOn(ids) {
    const list = typeof ids === 'string' ? [ids] : [...ids];
    set({ selected: list, selectedEdge: undefined, inspectorHost: false, focus: { ids: list, seq: (get().focus?.seq ?? 0) + 1 } });
  },
});

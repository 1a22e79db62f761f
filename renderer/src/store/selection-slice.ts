import type { SelectionSlice, Slice } from './types';

export const createSelectionSlice: Slice<SelectionSlice> = (set, get) => ({
  selected: [],
  selectedEdge: undefined,
  focus: undefined,
  clipboard: undefined,

  select(ids, edge) {
    const { selected, selectedEdge } = get();
    const same = selected.length === ids.length && selected.every((id, i) => id === ids[i]) && selectedEdge === edge;
    if (!same) set({ selected: ids, selectedEdge: edge });
  },

  focusOn(id) {
    set({ selected: [id], selectedEdge: undefined, focus: { id, seq: (get().focus?.seq ?? 0) + 1 } });
  },
});

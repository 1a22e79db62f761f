import { derive } from './derive';
import type { HistorySlice, Slice } from './types';

export const createHistorySlice: Slice<HistorySlice> = (set, get) => ({
  past: [],
  future: [],
  openStep: undefined,

  undo() {
    const { past, future, text, document, savedText } = get();
    const entry = past[past.length - 1];
    if (!entry) return;
    set({
      past: past.slice(0, -1), future: [{ text, label: entry.label }, ...future], openStep: undefined,
      text: entry.text, dirty: entry.text !== savedText, ...derive(entry.text, document),
    });
  },

  redo() {
    const { past, future, text, document, savedText } = get();
    const entry = future[0];
    if (!entry) return;
    set({
      past: [...past, { text, label: entry.label }], future: future.slice(1), openStep: undefined,
      text: entry.text, dirty: entry.text !== savedText, ...derive(entry.text, document),
    });
  },

  closeStep() {
    if (get().openStep !== undefined) set({ openStep: undefined });
  },
});

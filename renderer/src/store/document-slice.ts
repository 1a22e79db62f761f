import { applyEdits, roundPixel } from '../../../electron/lab/model/edit';
import { moveInPlace } from '../../../electron/lab/model/layout-in-place';
import { CHECKS_CLEARED } from './checks-slice';
import { consolesAfterLoad } from './console-slice';
import { derive } from './derive';
import { INSPECTION_CLEARED } from './inspector-slice';
import { traceAfterLoad } from './trace-slice';
import type { DocumentSlice, EditOptions, LabStore, Slice } from './types';

export const NEW_LAB_TEXT = 'topolab: 1\nname: untitled\n';

const HISTORY_LIMIT = 200;

/** The new text as one undo step (or the continuation of the open one). */
function step(state: LabStore, next: string, options: EditOptions): Partial<LabStore> {
  const continuing = options.coalesce !== undefined && state.openStep === options.coalesce;
  const past = continuing ? state.past : [...state.past, { text: state.text, label: options.label ?? 'edit' }].slice(-HISTORY_LIMIT);
  return { text: next, dirty: next !== state.savedText, editError: undefined, past, future: [], openStep: options.coalesce };
}

export const createDocumentSlice: Slice<DocumentSlice> = (set, get) => ({
  text: NEW_LAB_TEXT,
  savedText: NEW_LAB_TEXT,
  dirty: false,
  loadSeq: 0,
  ...derive(NEW_LAB_TEXT),

  load(text, filePath, guide) {
    const derived = derive(text);
    set({
      text, savedText: text, dirty: false, filePath, guide, editError: undefined, loadSeq: get().loadSeq + 1,
      liveNodes: {}, liveHosts: {}, liveLab: undefined, deploy: undefined,
      ...derived,
      past: [], future: [], openStep: undefined,
      selected: [], selectedEdge: undefined, autoPositions: {},
      // Another lab's trace and rates mean nothing on this one.
      ...traceAfterLoad(get(), derived.document?.name),
      traffic: {},
      // What was inspected is of the old text; consoles are of the old lab unless it is the same one.
      ...INSPECTION_CLEARED, inspectorHost: false,
      ...consolesAfterLoad(get(), derived.document?.name),
      // A run's rows are by position in the old file's expectations.
      ...CHECKS_CLEARED,
    });
  },

  edit(input, options = {}) {
    const state = get();
    let next: string;
    try {
      const edits = typeof input === 'function' ? input(state.text) : input;
      next = applyEdits(state.text, edits);
    } catch (error) {
      set({ editError: error instanceof Error ? error.message : String(error) });
      return false;
    }
    if (next === state.text) return false;
    set({ ...step(state, next, options), ...derive(next, state.document) });
    return true;
  },

  moveInPlace(positions, options = {}) {
    const state = get();
    if (!state.parseOk || !state.document) return false;
    const next = moveInPlace(state.text, positions);
    if (next === undefined) return false;
    if (next === state.text) return true;
    // Only layout numbers changed, on the lines they were on: the document gets the same
    // numbers; diagnostics (line numbers included) and addresses stay as they are.
    const layout = { ...(state.document.layout ?? {}) };
    for (const [id, at] of Object.entries(positions)) {
      const sized = at.width !== undefined ? { width: roundPixel(at.width), height: roundPixel(at.height ?? 0) } : {};
      layout[id] = { ...layout[id], x: roundPixel(at.x), y: roundPixel(at.y), ...sized };
    }
    set({ ...step(state, next, options), document: { ...state.document, layout } });
    return true;
  },

  markSaved(filePath, text) {
    const saved = text ?? get().text;
    set({ filePath, savedText: saved, dirty: get().text !== saved });
  },
});

import { nextMarks } from '../inspector/marks';
import { presentKeys } from '../inspector/row-keys';
import { inspectTargetKey } from '../inspector/target';
import type { InspectorSlice, Slice } from './types';

/** Folded at first: long lists that matter less often than interfaces, routes and ARP. */
const FOLDED_AT_FIRST = ['sysctls', 'processes', 'routes-local'];

/** What a different lab starts with: nothing inspected, nothing highlighted. */
export const INSPECTION_CLEARED = { inspection: undefined, inspectError: undefined, marks: {}, nsHighlight: [] } satisfies Partial<InspectorSlice>;

export const createInspectorSlice: Slice<InspectorSlice> = (set, get) => ({
  inspectorOpen: false,
  inspectorHost: false,
  inspection: undefined,
  inspectError: undefined,
  marks: {},
  collapsed: FOLDED_AT_FIRST,
  nsHighlight: [],

  setInspectorOpen(open) {
    set({ inspectorOpen: open, ...(open ? {} : { nsHighlight: [] }) });
  },

  setInspectorHost(on) {
    set({ inspectorHost: on, nsHighlight: [] });
  },

  applyInspection(inspection) {
    const state = get();
    // A refresh that lands after the selection moved on belongs to nothing shown.
    if (inspection.target !== inspectTargetKey(state)) return;
    const same = state.inspection?.target === inspection.target;
    const marks = inspection.kind === 'node'
      ? nextMarks(same ? state.marks : undefined, inspection.view.changes, presentKeys(inspection.view))
      : {};
    set({ inspection, marks, inspectError: undefined });
  },

  failInspection(target, message) {
    if (target !== inspectTargetKey(get())) return;
    set({ inspectError: { target, message } });
  },

  toggleSection(name) {
    const { collapsed } = get();
    set({ collapsed: collapsed.includes(name) ? collapsed.filter((c) => c !== name) : [...collapsed, name] });
  },

  highlightNodes(ids) {
    const current = get().nsHighlight;
    if (current.length === ids.length && current.every((id, i) => id === ids[i])) return;
    set({ nsHighlight: ids });
  },
});

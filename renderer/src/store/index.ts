// The lab store: a vanilla zustand store (usable from tests and non-React code) plus
// a React hook that subscribes with a selector and shallow comparison.
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createChecksSlice } from './checks-slice';
import { createConsoleSlice } from './console-slice';
import { createDocumentSlice } from './document-slice';
import { createHistorySlice } from './history-slice';
import { createInspectorSlice } from './inspector-slice';
import { createLiveSlice } from './live-slice';
import { createSelectionSlice } from './selection-slice';
import { createTraceSlice } from './trace-slice';
import { createTrafficSlice } from './traffic-slice';
import type { LabStore } from './types';
import { createViewSlice } from './view-slice';

export type { LabStore } from './types';
export { NEW_LAB_TEXT } from './document-slice';

export function createLabStore(initialText?: string): StoreApi<LabStore> {
  const store = createStore<LabStore>()((...a) => ({
    ...createDocumentSlice(...a),
    ...createHistorySlice(...a),
    ...createSelectionSlice(...a),
    ...createLiveSlice(...a),
    ...createViewSlice(...a),
    ...createTraceSlice(...a),
    ...createTrafficSlice(...a),
    ...createInspectorSlice(...a),
    ...createConsoleSlice(...a),
    ...createChecksSlice(...a),
  }));
  if (initialText !== undefined) store.getState().load(initialText);
  return store;
}

/** The app's one store. */
export const labStore = createLabStore();

/** Subscribes a component to a slice of the store (shallow-compared). */
export function useLab<T>(selector: (state: LabStore) => T): T {
  return useStore(labStore, useShallow(selector));
}

import type { Slice, ViewSlice } from './types';

export const createViewSlice: Slice<ViewSlice> = (set, get) => ({
  theme: 'light',
  sidebarTab: 'properties',
  autoPositions: {},
  layingOut: 0,
  setTheme(theme) {
    set({ theme });
  },
  setSidebarTab(tab) {
    get().setInspectorOpen(false);
    set({ sidebarTab: tab });
  },
  setAutoPositions(positions) {
    set({ autoPositions: positions });
  },
  setLayingOut(objects) {
    set({ layingOut: objects });
  },
});

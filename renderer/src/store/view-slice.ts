import type { Slice, ViewSlice } from './types';

export const createViewSlice: Slice<ViewSlice> = (set) => ({
  theme: 'light',
  autoPositions: {},
  layingOut: 0,
  setTheme(theme) {
    set({ theme });
  },
  setAutoPositions(positions) {
    set({ autoPositions: positions });
  },
  setLayingOut(objects) {
    set({ layingOut: objects });
  },
});

import type { Slice, ViewSlice } from './types';

export const createViewSlice: Slice<ViewSlice> = (set) => ({
  theme: 'light',
  autoPositions: {},
  setTheme(theme) {
    set({ theme });
  },
  setAutoPositions(positions) {
    set({ autoPositions: positions });
  },
});

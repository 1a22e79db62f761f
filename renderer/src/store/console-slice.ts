import { closeTab, openTab, patchTab } from '../console/tabs';
import type { ConsoleSlice, LabStore, Slice } from './types';

export const CONSOLE_HEIGHT = { initial: 300, min: 150 };

/** The consoles to keep when `nextLab` is loaded: none, unless it is the same lab
 *  (closing a tab unmounts its terminal, which closes the engine's session). */
export function consolesAfterLoad(state: Pick<LabStore, 'consolesLab'>, nextLab: string | undefined): Partial<ConsoleSlice> {
  return state.consolesLab === nextLab ? {} : { consoles: [], activeConsole: undefined, consolesShown: false, consolesLab: nextLab };
}

export const createConsoleSlice: Slice<ConsoleSlice> = (set, get) => ({
  consoles: [],
  activeConsole: undefined,
  consolesShown: false,
  consolesLab: undefined,
  consoleHeight: CONSOLE_HEIGHT.initial,
  consoleFocus: 0,

  openConsole(node) {
    const { consoles, activeConsole, consoleFocus, document } = get();
    const next = openTab({ tabs: consoles, active: activeConsole }, node);
    // One bottom drawer at a time: the consoles take the trace drawer's place.
    get().setTraceOpen(false);
    set({ consoles: next.tabs, activeConsole: next.active, consolesShown: true, consolesLab: document?.name, consoleFocus: consoleFocus + 1 });
  },

  closeConsole(node) {
    const next = closeTab({ tabs: get().consoles, active: get().activeConsole }, node);
    set({ consoles: next.tabs, activeConsole: next.active, ...(next.tabs.length === 0 ? { consolesShown: false } : {}) });
  },

  activateConsole(node) {
    set({ activeConsole: node, consoleFocus: get().consoleFocus + 1 });
  },

  updateConsole(node, patch) {
    const next = patchTab({ tabs: get().consoles, active: get().activeConsole }, node, patch);
    if (next.tabs !== get().consoles) set({ consoles: next.tabs });
  },

  setConsolesShown(shown) {
    if (shown) get().setTraceOpen(false);
    set({ consolesShown: shown, ...(shown ? { consoleFocus: get().consoleFocus + 1 } : {}) });
  },

  setConsoleHeight(height) {
    set({ consoleHeight: Math.max(CONSOLE_HEIGHT.min, Math.round(height)) });
  },
});

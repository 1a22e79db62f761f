// The names the preload exposes on window.topolab, as plain data: the preload is a
// sandboxed script bundled on its own, so it must not pull the contract's runtime
// (zod schemas) in. The types below make the compiler reject a list that misses or
// invents a method; a unit test checks the list against LabApiRequests at run time.
import type { LabApiMethod } from '../lab/api';

export { LAB_API_EVENTS, LAB_API_METHODS } from '../lab/api-names';

/** The IPC channel of one method: one ipcMain.handle per method, no generic "call" channel. */
export const channelOf = (method: LabApiMethod): `topolab:${LabApiMethod}` => `topolab:${method}`;

/** Engine events travel from main to the window on this one channel as {event, payload}. */
export const EVENT_CHANNEL = 'topolab:event';

/** Menu commands travel from main to the window on this one channel. */
export const COMMAND_CHANNEL = 'topolab:command';

/** What the menus ask of the renderer. `path` is a workspace-relative file name (the workspace is the file's folder). */
export type ShellCommand =
  | { command: 'new' }
  | { command: 'open'; path: string; folder: string }
  | { command: 'save'; path: string; folder: string }
  | { command: 'saveAs'; path: string; folder: string }
  | { command: 'undo' }
  | { command: 'redo' }
  | { command: 'toggleTheme' }
  | { command: 'fitView' };

export const SHELL_COMMANDS = ['new', 'open', 'save', 'saveAs', 'undo', 'redo', 'toggleTheme', 'fitView'] as const satisfies readonly ShellCommand['command'][];

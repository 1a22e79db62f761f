import type { LabApiMethod } from '../lab/api';
/** Every LabApi method, in the order of LabApiRequests. */
export declare const LAB_API_METHODS: readonly ["engineInfo", "templatesList", "templatesRead", "filesList", "filesRead", "filesWrite", "labPlan", "labDeploy", "labStatus", "labDestroy", "labWatch", "labTrace", "labTraffic"];
/** Every LabApi event name. */
export declare const LAB_API_EVENTS: readonly ["deployProgress", "labState", "traceProgress", "traffic"];
/** The IPC channel of one method: one ipcMain.handle per method, no generic "call" channel. */
export declare const channelOf: (method: LabApiMethod) => `topolab:${LabApiMethod}`;
/** Engine events travel from main to the window on this one channel as {event, payload}. */
export declare const EVENT_CHANNEL = "topolab:event";
/** Menu commands travel from main to the window on this one channel. */
export declare const COMMAND_CHANNEL = "topolab:command";
/** What the menus ask of the renderer. `path` is a workspace-relative file name (the workspace is the file's folder). */
export type ShellCommand = {
    command: 'new';
} | {
    command: 'open';
    path: string;
    folder: string;
} | {
    command: 'save';
    path: string;
    folder: string;
} | {
    command: 'saveAs';
    path: string;
    folder: string;
} | {
    command: 'undo';
} | {
    command: 'redo';
} | {
    command: 'toggleTheme';
} | {
    command: 'fitView';
};
export declare const SHELL_COMMANDS: readonly ["new", "open", "save", "saveAs", "undo", "redo", "toggleTheme", "fitView"];

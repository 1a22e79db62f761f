// The preload of the topolab window. It runs sandboxed (no Node), so it is bundled into
// one CommonJS file with only 'electron' left external (see electron/main/build.ts).
// It exposes window.topolab and nothing else: never ipcRenderer, never an IPC event.
import { contextBridge, ipcRenderer } from 'electron';
import { createTopolabBridge } from './bridge';

contextBridge.exposeInMainWorld('topolab', createTopolabBridge(ipcRenderer));

// The Electron shell of topolab: one window, menus, file dialogs, and LabApi over IPC.
// Bundled by electron/main/build.ts into dist/electron/main.mjs (the preload into
// dist/electron/preload.cjs); the renderer is dist/renderer, served by the app://
// scheme. The security posture (security.ts) is data, asserted by its unit test.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, type WebContents } from 'electron';
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRequest } from '../lab/api';
import { createLabApiService } from '../lab/api-service';
import { COMMAND_CHANNEL, type ShellCommand } from '../preload/methods';
import { createAppProtocolHandler } from './app-protocol';
import { forwardLabApiEvents, registerLabApiIpc } from './ipc';
import { buildMenuTemplate, type MenuAction } from './menu';
import { LabApiHost } from './service-host';
import {
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  APP_URL,
  BLOCKED_REQUEST_PATTERNS,
  isAllowedNavigation,
  isAllowedRequest,
  permissionPolicy,
  WINDOW_OPEN_DECISION,
  windowOptions,
} from './security';

const here = dirname(fileURLToPath(import.meta.url)); // dist/electron
const root = resolve(here, '..', '..');
const paths = {
  preload: join(here, 'preload.cjs'),
  renderer: join(root, 'dist', 'renderer'),
  templates: join(root, 'templates'),
};
const dev = !app.isPackaged;
const version = (() => {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '';
  } catch {
    return '';
  }
})();

// ------------------------------------------------------------ before ready

// Launched as `electron dist/electron/main.mjs`, the app would be called "Electron" (and keep its data there).
app.setName('topolab');
// app:// must be privileged (standard, secure) before the app is ready.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
// Every renderer sandboxed, whatever a future window's options say (checklist 4).
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

// Every webContents ever created — the window, and anything that might appear — is held to the same rules.
app.on('web-contents-created', (_event, contents) => harden(contents));

function harden(contents: WebContents): void {
  const refuse = (what: string) => (event: { preventDefault(): void }, url: string) => {
    if (isAllowedNavigation(url)) return;
    event.preventDefault();
    console.warn(`topolab: blocked ${what} to ${url.slice(0, 200)}`);
  };
  contents.on('will-navigate', refuse('navigation')); // checklist 13
  contents.on('will-redirect', refuse('redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    console.warn(`topolab: blocked a new window for ${url.slice(0, 200)}`);
    return WINDOW_OPEN_DECISION; // checklist 14: nothing opened, not even externally (15)
  });
  contents.on('will-attach-webview', (event) => event.preventDefault()); // checklist 12
}

// ------------------------------------------------------------ after ready

let window: BrowserWindow | undefined;
let host: LabApiHost | undefined;
/** The file of the lab on screen, once opened or saved through a dialog: Save writes there without asking. */
let currentFile: string | undefined;

function start(): void {
  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.whenReady().then(
    () => {
      secureSession();
      protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.renderer));
      host = new LabApiHost(createLabApiService, paths.templates, process.env.TOPOLAB_WORKSPACE || app.getPath('documents'));
      const lab = host;
      registerLabApiIpc({
        ipcMain,
        serviceFor: (method) => lab.serviceFor(method),
        isKnownSender: (sender) => !!window && !window.isDestroyed() && sender === window.webContents,
      });
      forwardLabApiEvents(lab.engine, (channel, message) => {
        if (window && !window.isDestroyed() && !window.webContents.isDestroyed()) window.webContents.send(channel, message);
      });
      Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ dev, platform: process.platform, run: (action) => void runMenuAction(action) })));
      createWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) createWindow();
      });
    },
    (err: unknown) => {
      dialog.showErrorBox('topolab could not start', err instanceof Error ? err.message : String(err));
      app.quit();
    },
  );

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Engine streams and deploys end cleanly before the process goes.
  let closing = false;
  app.on('will-quit', (event) => {
    if (!host || closing) return;
    closing = true;
    event.preventDefault();
    const h = host;
    host = undefined;
    void h.close().finally(() => app.quit());
  });
}

function secureSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionPolicy.request(permission))); // checklist 5
  ses.setPermissionCheckHandler((_contents, permission) => permissionPolicy.check(permission));
  ses.setDevicePermissionHandler(() => permissionPolicy.device());
  // No remote content, ever (checklist 1): the page needs no network; the engine is reached from main.
  ses.webRequest.onBeforeRequest({ urls: BLOCKED_REQUEST_PATTERNS }, (details, callback) => {
    const cancel = !isAllowedRequest(details.url);
    if (cancel) console.warn(`topolab: blocked a request to ${details.url.slice(0, 200)}`);
    callback({ cancel });
  });
}

function createWindow(): void {
  const win = new BrowserWindow(windowOptions(paths.preload, { devTools: dev }));
  window = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (window === win) window = undefined;
  });
  win.loadURL(APP_URL).catch((err: unknown) => {
    dialog.showErrorBox('topolab could not load its window', `${err instanceof Error ? err.message : String(err)}\n\nIs the renderer built? Run: npm run build:renderer`);
  });
}

// ------------------------------------------------------------ menus → commands

function send(command: ShellCommand): void {
  if (window && !window.isDestroyed() && !window.webContents.isDestroyed()) window.webContents.send(COMMAND_CHANNEL, command);
}

const LAB_FILTERS = [{ name: 'topolab lab (YAML)', extensions: ['yaml', 'yml'] }];

/** The workspace becomes the file's folder; the renderer gets the file's name inside it, or an error box explains. */
async function adopt(file: string, command: 'open' | 'save' | 'saveAs'): Promise<void> {
  const path = basename(file);
  const folder = dirname(file);
  const check = parseRequest('filesRead', { path });
  if (!check.ok) {
    if (window) await dialog.showMessageBox(window, { type: 'error', title: 'topolab', message: `topolab cannot use the file name “${path}”.`, detail: 'Lab file names use letters, digits, spaces, “.”, “-” and “_”, and end in .yaml or .yml.' });
    return;
  }
  await host?.setWorkspace(folder);
  currentFile = file;
  send({ command, path, folder });
}

async function chooseSaveTarget(): Promise<string | undefined> {
  if (!window) return undefined;
  const result = await dialog.showSaveDialog(window, {
    title: 'Save lab',
    defaultPath: currentFile ?? join(host?.workspace ?? app.getPath('documents'), 'lab.yaml'),
    filters: LAB_FILTERS,
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  });
  if (result.canceled || !result.filePath) return undefined;
  const ext = extname(result.filePath).toLowerCase();
  return ext === '.yaml' || ext === '.yml' ? result.filePath : `${result.filePath}.yaml`;
}

async function runMenuAction(action: MenuAction): Promise<void> {
  if (!window || window.isDestroyed()) return;
  try {
    switch (action) {
      case 'new':
        currentFile = undefined;
        send({ command: 'new' });
        return;
      case 'open': {
        const result = await dialog.showOpenDialog(window, { title: 'Open lab', defaultPath: host?.workspace, filters: LAB_FILTERS, properties: ['openFile'] });
        if (!result.canceled && result.filePaths[0]) await adopt(result.filePaths[0], 'open');
        return;
      }
      case 'save': {
        if (currentFile) return await adopt(currentFile, 'save');
        const file = await chooseSaveTarget(); // never saved: Save is Save As
        if (file) await adopt(file, 'saveAs');
        return;
      }
      case 'saveAs': {
        const file = await chooseSaveTarget();
        if (file) await adopt(file, 'saveAs');
        return;
      }
      case 'about':
        await dialog.showMessageBox(window, {
          type: 'info',
          title: 'About topolab',
          message: `topolab ${version}`.trim(),
          detail: `A desktop lab for container networking.\nElectron ${process.versions['electron'] ?? '?'} · Chromium ${process.versions['chrome'] ?? '?'} · Node ${process.versions.node}`,
        });
        return;
      default:
        send({ command: action });
    }
  } catch (err) {
    dialog.showErrorBox('topolab', err instanceof Error ? err.message : String(err));
  }
}

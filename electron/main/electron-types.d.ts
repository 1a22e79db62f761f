// The slice of Electron's API that electron/main and electron/preload use, as declared
// in Electron's own typings (electron.d.ts). It is a fallback only: the tsconfigs map
// 'electron' to node_modules/electron first and to this file when that package is
// absent (its binary download needs internet). Keep it a subset of the real typings,
// so the code compiles the same against either.

type Listener = (...args: never[]) => void;

export interface Event {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

export interface WebFrameMain {
  readonly url: string;
  readonly parent: WebFrameMain | null;
}

export interface HandlerDetails {
  url: string;
  frameName: string;
  features: string;
  disposition: 'default' | 'foreground-tab' | 'background-tab' | 'new-window' | 'other';
}

export interface WindowOpenHandlerResponse {
  action: 'deny' | 'allow';
}

export interface WebContents {
  readonly id: number;
  getURL(): string;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
  on(event: 'will-navigate', listener: (event: Event, url: string) => void): this;
  on(event: 'will-redirect', listener: (event: Event, url: string) => void): this;
  on(event: 'will-attach-webview', listener: (event: Event, webPreferences: WebPreferences, params: Record<string, string>) => void): this;
  on(event: 'did-finish-load', listener: () => void): this;
}

export interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInWorker?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  webSecurity?: boolean;
  allowRunningInsecureContent?: boolean;
  experimentalFeatures?: boolean;
  enableBlinkFeatures?: string;
  webviewTag?: boolean;
  spellcheck?: boolean;
  navigateOnDragDrop?: boolean;
  safeDialogs?: boolean;
  devTools?: boolean;
}

export interface BrowserWindowConstructorOptions {
  title?: string;
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  show?: boolean;
  backgroundColor?: string;
  webPreferences?: WebPreferences;
}

export declare class BrowserWindow {
  constructor(options?: BrowserWindowConstructorOptions);
  static getAllWindows(): BrowserWindow[];
  readonly webContents: WebContents;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  once(event: 'ready-to-show', listener: () => void): this;
  on(event: 'closed', listener: () => void): this;
}

export interface App {
  readonly isPackaged: boolean;
  whenReady(): Promise<void>;
  quit(): void;
  setName(name: string): void;
  enableSandbox(): void;
  requestSingleInstanceLock(): boolean;
  getPath(name: 'home' | 'documents' | 'userData'): string;
  on(event: 'window-all-closed', listener: () => void): this;
  on(event: 'activate', listener: () => void): this;
  on(event: 'second-instance', listener: Listener): this;
  on(event: 'will-quit', listener: (event: Event) => void): this;
  on(event: 'web-contents-created', listener: (event: Event, webContents: WebContents) => void): this;
}
export declare const app: App;

export interface CustomScheme {
  scheme: string;
  privileges?: {
    standard?: boolean;
    secure?: boolean;
    bypassCSP?: boolean;
    allowServiceWorkers?: boolean;
    supportFetchAPI?: boolean;
    corsEnabled?: boolean;
    stream?: boolean;
    codeCache?: boolean;
  };
}

export interface Protocol {
  registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}
export declare const protocol: Protocol;

export interface OnBeforeRequestListenerDetails {
  url: string;
}

export interface Session {
  setPermissionRequestHandler(handler: ((webContents: WebContents, permission: string, callback: (permissionGranted: boolean) => void) => void) | null): void;
  setPermissionCheckHandler(handler: ((webContents: WebContents | null, permission: string, requestingOrigin: string) => boolean) | null): void;
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void;
  webRequest: {
    onBeforeRequest(filter: { urls: string[] }, listener: ((details: OnBeforeRequestListenerDetails, callback: (response: { cancel?: boolean }) => void) => void) | null): void;
  };
}
export declare const session: { readonly defaultSession: Session };

export interface IpcMainInvokeEvent extends Event {
  readonly sender: WebContents;
  readonly senderFrame: WebFrameMain | null;
}

export interface IpcMain {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}
export declare const ipcMain: IpcMain;

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface OpenDialogOptions {
  title?: string;
  defaultPath?: string;
  buttonLabel?: string;
  filters?: FileFilter[];
  properties?: Array<'openFile' | 'openDirectory' | 'multiSelections' | 'showHiddenFiles'>;
}

export interface SaveDialogOptions {
  title?: string;
  defaultPath?: string;
  buttonLabel?: string;
  filters?: FileFilter[];
  properties?: Array<'showOverwriteConfirmation' | 'createDirectory' | 'showHiddenFiles'>;
}

export interface MessageBoxOptions {
  message: string;
  type?: 'none' | 'info' | 'error' | 'question' | 'warning';
  title?: string;
  detail?: string;
  buttons?: string[];
}

export interface Dialog {
  showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(window: BrowserWindow, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath: string }>;
  showMessageBox(window: BrowserWindow, options: MessageBoxOptions): Promise<{ response: number }>;
  showErrorBox(title: string, content: string): void;
}
export declare const dialog: Dialog;

export interface MenuItemConstructorOptions {
  label?: string;
  role?: 'quit' | 'cut' | 'copy' | 'paste' | 'undo' | 'redo' | 'reload' | 'toggleDevTools' | 'appMenu' | 'about';
  type?: 'normal' | 'separator' | 'submenu';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemConstructorOptions[];
}

export declare class Menu {
  static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
  static setApplicationMenu(menu: Menu | null): void;
}

export interface IpcRendererEvent extends Event {
  readonly senderId: number;
}

export interface IpcRenderer {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
  removeListener(channel: string, listener: (...args: unknown[]) => void): this;
}
export declare const ipcRenderer: IpcRenderer;

export interface ContextBridge {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}
export declare const contextBridge: ContextBridge;

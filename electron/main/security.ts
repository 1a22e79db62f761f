// The security posture of the topolab window as data, so that a unit test can assert
// it item by item against Electron's security checklist. Pure: no 'electron' import;
// main.ts feeds these values to Electron. See SECURITY_CHECKLIST at the end.

/** The renderer is served by a custom privileged scheme, never from file:// (which would open the whole disk to the page). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'topolab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** Passed to protocol.registerSchemesAsPrivileged before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true, // real origin, relative URLs resolve like https
    secure: true, // a secure context, like https (checklist 1)
    supportFetchAPI: true, // the renderer may fetch its own assets
    bypassCSP: false, // the page's CSP applies
    corsEnabled: false,
    allowServiceWorkers: false,
    stream: false,
    codeCache: false,
  },
} as const;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Headers of every response of the app:// scheme. */
export const RESPONSE_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
} as const;

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  spellcheck: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  devTools: boolean;
}

/** webPreferences of the one window. Nothing here is left to Electron's defaults, so the test sees every value. */
export function webPreferences(preloadPath: string, opts: { devTools?: boolean } = {}): SecureWebPreferences {
  if (!preloadPath.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(preloadPath)) throw new Error(`The preload path must be absolute: ${preloadPath}`);
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false, // a file dropped on the window does not replace the app
    safeDialogs: true,
    devTools: opts.devTools ?? false,
  };
}

/** The BrowserWindow options: hidden until the first paint, then shown. */
export function windowOptions(preloadPath: string, opts: { devTools?: boolean } = {}) {
  return {
    title: 'topolab',
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#1e1f22',
    webPreferences: webPreferences(preloadPath, opts),
  };
}

/** Parses a URL, or undefined: a URL that cannot be parsed is never trusted. */
function parse(url: unknown): URL | undefined {
  if (typeof url !== 'string' || url.length > 8192) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Same scheme and host as the app, nothing more. Compared field by field: for a
 * non-special scheme like app: Node's URL.origin is "null", and a startsWith test
 * would let app://topolab.evil through.
 */
function sameAppOrigin(url: URL, app: URL): boolean {
  return url.protocol === app.protocol && url.hostname === app.hostname && url.port === app.port && url.username === '' && url.password === '' && url.protocol !== 'file:';
}

/** Navigation is allowed only within the app's own origin (a reload, an in-app hash change). Everything else is denied. */
export function isAllowedNavigation(url: string, appOrigin: string = APP_ORIGIN): boolean {
  const target = parse(url);
  const app = parse(appOrigin);
  return !!target && !!app && sameAppOrigin(target, app);
}

/** IPC is accepted only from a frame showing the app's own origin (checklist 17). */
export function isTrustedSender(frameUrl: string | undefined | null, appUrl: string = APP_URL): boolean {
  const frame = parse(frameUrl);
  const app = parse(appUrl);
  return !!frame && !!app && sameAppOrigin(frame, app);
}

/** The renderer needs no network at all: every http(s)/ws(s)/ftp request is cancelled in the session. */
export const BLOCKED_REQUEST_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];

/** Whether a request of the session may go out. Only the app's own scheme and inline data are loaded. */
export function isAllowedRequest(url: string, appOrigin: string = APP_ORIGIN): boolean {
  const target = parse(url);
  const app = parse(appOrigin);
  if (!target || !app) return false;
  if (target.protocol === 'data:' || target.protocol === 'blob:' || target.protocol === 'devtools:') return true;
  return sameAppOrigin(target, app);
}

/** Permission policy: topolab needs no permission (camera, notifications, geolocation, clipboard-read, HID…): all are denied. */
export const permissionPolicy = {
  /** session.setPermissionRequestHandler */
  request: (_permission: string): boolean => false,
  /** session.setPermissionCheckHandler */
  check: (_permission: string): boolean => false,
  /** session.setDevicePermissionHandler (HID, serial, USB) */
  device: (): boolean => false,
} as const;

/** The window-open handler's answer, whatever the URL: no new window, nothing opened externally. */
export const WINDOW_OPEN_DECISION = { action: 'deny' } as const;

/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security),
 * 17 items, and how topolab meets each. `applies: false` items are met by not using the
 * feature at all; the unit test asserts the facts behind every line.
 */
export const SECURITY_CHECKLIST = [
  { n: 1, item: 'Only load secure content', applies: true, how: 'no remote content: the renderer comes from the app:// scheme (registered secure); http(s)/ws(s)/ftp requests are cancelled in the session' },
  { n: 2, item: 'Do not enable Node.js integration for remote content', applies: true, how: 'nodeIntegration, nodeIntegrationInWorker and nodeIntegrationInSubFrames are false' },
  { n: 3, item: 'Enable context isolation', applies: true, how: 'contextIsolation: true; the preload exposes window.topolab through contextBridge only' },
  { n: 4, item: 'Enable process sandboxing', applies: true, how: 'sandbox: true and app.enableSandbox(); the preload is bundled into one file' },
  { n: 5, item: 'Handle session permission requests', applies: true, how: 'permission request, check and device handlers deny everything' },
  { n: 6, item: 'Do not disable webSecurity', applies: true, how: 'webSecurity: true' },
  { n: 7, item: 'Define a Content-Security-Policy', applies: true, how: "CSP header on every app:// response, script-src 'self'" },
  { n: 8, item: 'Do not enable allowRunningInsecureContent', applies: true, how: 'allowRunningInsecureContent: false' },
  { n: 9, item: 'Do not enable experimental features', applies: true, how: 'experimentalFeatures: false' },
  { n: 10, item: 'Do not use enableBlinkFeatures', applies: true, how: 'enableBlinkFeatures is not set' },
  { n: 11, item: '<webview>: Do not use allowpopups', applies: false, how: 'no <webview>: webviewTag: false' },
  { n: 12, item: '<webview>: Verify options and params', applies: true, how: 'webviewTag: false and every will-attach-webview is prevented' },
  { n: 13, item: 'Disable or limit navigation', applies: true, how: 'will-navigate/will-redirect outside the app origin are prevented' },
  { n: 14, item: 'Disable or limit creation of new windows', applies: true, how: 'setWindowOpenHandler denies every window' },
  { n: 15, item: 'Do not use shell.openExternal with untrusted content', applies: false, how: 'shell.openExternal is not used; new-window requests are denied, not opened externally' },
  { n: 16, item: 'Use a current version of Electron', applies: true, how: 'a dependency-update matter, not code: checked when electron is added to package.json' },
  { n: 17, item: 'Validate the sender of all IPC messages', applies: true, how: 'every ipcMain.handle checks that event.senderFrame is the main frame on the app origin, then validates the payload' },
] as const;

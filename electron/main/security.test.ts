// Electron's security checklist (17 items), asserted one by one against the window's
// settings (data in security.ts) and, for the items that are wiring, against main.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  APP_URL,
  BLOCKED_REQUEST_PATTERNS,
  CONTENT_SECURITY_POLICY,
  RESPONSE_HEADERS,
  SECURITY_CHECKLIST,
  WINDOW_OPEN_DECISION,
  isAllowedNavigation,
  isAllowedRequest,
  isTrustedSender,
  permissionPolicy,
  webPreferences,
  windowOptions,
} from './security';

const read = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');
const mainSource = read('./main.ts');
const preloadSource = read('../preload/preload.ts');
const prefs = webPreferences('/opt/topolab/dist/electron/preload.cjs');
const item = (n: number) => SECURITY_CHECKLIST.find((i) => i.n === n)!;

describe('the checklist itself', () => {
  it('lists the 17 items of Electron’s checklist, in order, each saying how it is met', () => {
    expect(SECURITY_CHECKLIST.map((i) => i.n)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    for (const i of SECURITY_CHECKLIST) expect(i.how.length).toBeGreaterThan(10);
    // 11 (webview allowpopups) and 15 (shell.openExternal) are met by not using the feature
    expect(SECURITY_CHECKLIST.filter((i) => !i.applies).map((i) => i.n)).toEqual([11, 15]);
  });
});

describe('Electron security checklist', () => {
  it('1. only loads secure content: app:// is registered secure and standard, remote requests are cancelled, no http(s) URL is loaded', () => {
    expect(item(1).applies).toBe(true);
    expect(APP_URL.startsWith('app://topolab/')).toBe(true);
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true, bypassCSP: false });
    expect(BLOCKED_REQUEST_PATTERNS).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    for (const url of ['https://example.invalid/', 'http://127.0.0.1:8080/', 'wss://example.invalid/socket', 'file:///etc/passwd']) expect(isAllowedRequest(url)).toBe(false);
    expect(isAllowedRequest(`${APP_ORIGIN}/assets/index.js`)).toBe(true);
    expect(mainSource).toContain('webRequest.onBeforeRequest({ urls: BLOCKED_REQUEST_PATTERNS }');
    expect(mainSource).toMatch(/loadURL\(APP_URL\)/);
    expect(mainSource).not.toMatch(/loadURL\(['"`]https?:/);
    expect(mainSource).not.toMatch(/loadFile\(/);
  });

  it('2. no Node.js integration anywhere: page, workers, subframes', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('3. context isolation on; the preload exposes window.topolab through contextBridge and nothing else', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(preloadSource.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preloadSource).toContain("exposeInMainWorld('topolab', createTopolabBridge(ipcRenderer))");
  });

  it('4. process sandboxing on, for this window and every renderer', () => {
    expect(prefs.sandbox).toBe(true);
    expect(mainSource).toContain('app.enableSandbox()');
  });

  it('5. every permission request, check and device request is denied', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'hid']) {
      expect(permissionPolicy.request(p)).toBe(false);
      expect(permissionPolicy.check(p)).toBe(false);
    }
    expect(permissionPolicy.device()).toBe(false);
    expect(mainSource).toContain('setPermissionRequestHandler(');
    expect(mainSource).toContain('setPermissionCheckHandler(');
    expect(mainSource).toContain('setDevicePermissionHandler(');
  });

  it('6. webSecurity stays on', () => {
    expect(prefs.webSecurity).toBe(true);
  });

  it("7. a restrictive Content-Security-Policy (script-src 'self') on every app:// response", () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['script-src']).toEqual(["'self'"]); // no unsafe-inline, no unsafe-eval for scripts
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/\*|https?:/);
    expect(RESPONSE_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('8. no insecure content', () => {
    expect(prefs.allowRunningInsecureContent).toBe(false);
  });

  it('9. no experimental features', () => {
    expect(prefs.experimentalFeatures).toBe(false);
  });

  it('10. no enableBlinkFeatures', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(mainSource).not.toContain('enableBlinkFeatures');
  });

  it('11. <webview> allowpopups: not applicable, there is no <webview>', () => {
    expect(item(11).applies).toBe(false);
    expect(prefs.webviewTag).toBe(false);
  });

  it('12. <webview> options: the tag is off and any attach is prevented', () => {
    expect(prefs.webviewTag).toBe(false);
    expect(mainSource).toContain("contents.on('will-attach-webview', (event) => event.preventDefault())");
  });

  it('13. navigation is limited to the app’s own origin, compared field by field', () => {
    expect(isAllowedNavigation(APP_URL)).toBe(true);
    expect(isAllowedNavigation(`${APP_ORIGIN}/index.html#/lab`)).toBe(true);
    for (const url of [
      'https://example.invalid/',
      'http://localhost:5173/',
      'file:///etc/passwd',
      'app://topolab.evil/index.html',
      'app://evil/index.html',
      'app://user@topolab/index.html',
      'app://topolab:8080/index.html',
      'other://topolab/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'about:blank',
      'not a url',
      '',
    ]) expect(isAllowedNavigation(url), url).toBe(false);
    expect(mainSource).toContain("contents.on('will-navigate', refuse('navigation'))");
    expect(mainSource).toContain("contents.on('will-redirect', refuse('redirect'))");
    expect(mainSource).toContain("app.on('web-contents-created', (_event, contents) => harden(contents))");
  });

  it('14. no new windows: the open handler always denies', () => {
    expect(WINDOW_OPEN_DECISION).toEqual({ action: 'deny' });
    expect(mainSource).toContain('contents.setWindowOpenHandler(');
    expect(mainSource).toContain('return WINDOW_OPEN_DECISION;');
  });

  it('15. shell.openExternal is never used', () => {
    expect(item(15).applies).toBe(false);
    expect(mainSource).not.toMatch(/openExternal/);
    expect(mainSource).not.toMatch(/import \{[^}]*\bshell\b[^}]*\} from 'electron'/);
  });

  it('16. current Electron: a dependency matter, recorded as such', () => {
    expect(item(16).how).toMatch(/package\.json/);
  });

  it('17. IPC senders are validated: only the app’s own page may call', () => {
    expect(isTrustedSender(APP_URL)).toBe(true);
    expect(isTrustedSender(`${APP_ORIGIN}/index.html?x=1#y`)).toBe(true);
    for (const url of ['https://example.invalid/', 'app://topolab.evil/', 'file:///index.html', 'about:blank', '', undefined, null]) expect(isTrustedSender(url), String(url)).toBe(false);
  });
});

describe('window options', () => {
  it('hide the window until it is painted and need an absolute preload path', () => {
    expect(windowOptions('/x/preload.cjs')).toMatchObject({ show: false, title: 'topolab' });
    expect(() => webPreferences('preload.cjs')).toThrow(/absolute/);
  });
  it('keep devtools off unless asked (development)', () => {
    expect(prefs.devTools).toBe(false);
    expect(webPreferences('/p.cjs', { devTools: true }).devTools).toBe(true);
  });
  it('set spellcheck, drag-and-drop navigation and dialog spam off', () => {
    expect(prefs).toMatchObject({ spellcheck: false, navigateOnDragDrop: false, safeDialogs: true });
  });
});

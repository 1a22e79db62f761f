// The Electron app, driven by Playwright's _electron, where the Electron binary exists.
// Where it does not (its download needs internet), the run says so in one line.
// Checks what only the real shell can show: the window's title, what window.topolab
// exposes (one function per LabApi method, no Node), IPC validation, and that navigating
// away or opening a window is blocked before any request leaves.
import { _electron as electron, expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabApiRequests } from '../electron/lab/api';
import { buildElectron } from '../electron/main/build';

const root = fileURLToPath(new URL('..', import.meta.url));

function electronBinary(): string | undefined {
  try {
    const path: unknown = createRequire(import.meta.url)('electron'); // the binary's path; throws if never downloaded
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const SKIP_REASON = 'Electron binary not present on this machine: Electron e2e skipped';

test('the Electron shell: window, window.topolab, IPC validation, blocked navigation', async () => {
  if (!binary) console.log(SKIP_REASON); // list/line reporters do not print skip reasons: this is the run's one line saying why
  test.skip(!binary, SKIP_REASON);
  test.setTimeout(180_000);

  await buildElectron();
  if (!existsSync(join(root, 'dist', 'renderer', 'index.html'))) execFileSync('npm', ['run', 'build:renderer'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
  env.TOPOLAB_WORKSPACE = mkdtempSync(join(tmpdir(), 'topolab-e2e-electron-'));

  const app = await electron.launch({ executablePath: binary, args: [join(root, 'dist', 'electron', 'main.mjs')], cwd: root, env });
  const mainLog: string[] = [];
  app.process().stdout?.on('data', (d: Buffer) => mainLog.push(d.toString()));
  app.process().stderr?.on('data', (d: Buffer) => mainLog.push(d.toString()));
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');

    await test.step('the window shows the app from app://, titled topolab', async () => {
      expect(page.url()).toBe('app://topolab/index.html');
      await expect(page).toHaveTitle(/topolab/i);
    });

    await test.step('window.topolab has one function per LabApi method plus on, and the page has no Node', async () => {
      const exposed = await page.evaluate(() => {
        const api = (window as unknown as { topolab?: Record<string, unknown> }).topolab ?? {};
        const g = globalThis as Record<string, unknown>;
        return {
          keys: Object.keys(api).sort(),
          kinds: [...new Set(Object.values(api).map((v) => typeof v))],
          require: typeof g.require,
          process: typeof g.process,
          module: typeof g.module,
          ipcRenderer: typeof g.ipcRenderer,
          electron: typeof g.electron,
        };
      });
      expect(exposed.keys).toEqual([...Object.keys(LabApiRequests), 'on'].sort());
      expect(exposed.kinds).toEqual(['function']);
      expect(exposed).toMatchObject({ require: 'undefined', process: 'undefined', module: 'undefined', ipcRenderer: 'undefined', electron: 'undefined' });
    });

    await test.step('IPC rejects a malformed payload with the contract’s message', async () => {
      const message = await page.evaluate(() =>
        (window as unknown as { topolab: { labDestroy(r: unknown): Promise<unknown> } }).topolab.labDestroy({ lab: 'Not A Lab Name!' }).then(
          () => 'resolved',
          (e: Error) => e.message,
        ),
      );
      expect(message).toMatch(/^Invalid labDestroy request: lab:/);
    });

    await test.step('navigating to https://example.invalid or opening it is blocked and no request goes out', async () => {
      const outgoing: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('app://')) outgoing.push(r.url());
      });
      await page.route((url) => url.protocol !== 'app:', async (route) => {
        outgoing.push(route.request().url());
        await route.abort();
      });

      const opened = await page.evaluate(() => window.open('https://example.invalid/popup') === null);
      expect(opened).toBe(true);
      await page.evaluate(() => {
        window.location.href = 'https://example.invalid/';
      });
      await expect.poll(() => mainLog.join(''), { timeout: 10_000 }).toContain('topolab: blocked navigation to https://example.invalid/');
      await expect.poll(() => mainLog.join('')).toContain('topolab: blocked a new window for https://example.invalid/popup');

      expect(page.url()).toBe('app://topolab/index.html');
      expect(app.windows()).toHaveLength(1);
      expect(outgoing).toEqual([]);
    });
  } finally {
    await app.close();
  }
});

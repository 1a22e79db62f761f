// Starts `topolab web` (engine service + bridge on 127.0.0.1, serving the renderer
// build) for the browser e2e tests and hands its URL (with token) to them in
// TOPOLAB_E2E_URL. The workspace is a fresh temporary folder.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export default async function globalSetup(): Promise<() => Promise<void>> {
  const build = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the renderer build failed');
  const workspace = mkdtempSync(join(tmpdir(), 'topolab-e2e-'));
  const server = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'electron/lab/bridge/web.ts', '--workspace', workspace, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /topolab is running at (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    server.on('exit', (code) => reject(new Error(`topolab web exited (${code}) before it was ready: ${out}`)));
    setTimeout(() => reject(new Error(`topolab web did not start in 30 s: ${out}`)), 30_000);
  });
  process.env.TOPOLAB_E2E_URL = url;
  process.env.TOPOLAB_E2E_WORKSPACE = workspace;
  return async () => {
    server.kill('SIGINT');
    await new Promise((r) => server.once('exit', r));
  };
}

// `npm start`: opens the topolab window. Builds the Electron shell (main + preload,
// electron/main/build.ts) and the renderer, then launches Electron on
// dist/electron/main.mjs. Where the Electron binary is not installed (its download
// needs internet), says so in one line and exits 1: npm start did not start topolab,
// and a script or a person chaining on it must not be told it did.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** The Electron executable, if the package and its downloaded binary are both there. */
function electronBinary() {
  try {
    const path = require('electron'); // the electron package exports its binary's path (and throws if it was never downloaded)
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
if (!binary) {
  console.error('The Electron binary is not installed on this machine (its download needs internet); run `npm run web` to use topolab in the browser.');
  process.exit(1);
}

function run(command, args, shell = false) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// the shell: main and the sandboxed preload, bundled by esbuild
run(process.execPath, [require.resolve('tsx/cli'), 'electron/main/build.ts']);
// the renderer: dist/renderer
const npm = process.env.npm_execpath;
if (npm) run(process.execPath, [npm, 'run', 'build:renderer']);
else run('npm', ['run', 'build:renderer'], process.platform === 'win32');

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE; // set, it would make the binary a plain Node
const child = spawn(binary, ['dist/electron/main.mjs', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

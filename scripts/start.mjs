// `npm start`: opens topolab. Makes sure the lab images exist (built locally, skipped
// when up to date), builds the Electron shell (main + preload, electron/main/build.ts)
// and the renderer, then launches Electron on dist/electron/main.mjs. Where the
// Electron binary is not installed (its download needs internet), it says so in one
// line and starts the same UI in browser mode (`npm run web`) instead, so that one
// command starts the app on any machine.
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

function run(command, args, shell = false) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function npmRun(script) {
  const npm = process.env.npm_execpath;
  if (npm) run(process.execPath, [npm, 'run', script]);
  else run('npm', ['run', script], process.platform === 'win32');
}

// Lab images: without them the canvas works but Deploy cannot; that is said there too.
const images = spawnSync(process.execPath, ['bin/topolab.mjs', 'images', 'build'], { cwd: root, stdio: 'inherit' });
if (images.status !== 0) console.error('topolab: the lab images could not be built (see above); drawing works, deploying needs them.');

const binary = electronBinary();
if (!binary) {
  console.error('The Electron binary is not installed on this machine (its download needs internet); starting the same UI in the browser instead (npm run web).');
  npmRun('web');
  process.exit(0);
}

// the shell: main and the sandboxed preload, bundled by esbuild
run(process.execPath, [require.resolve('tsx/cli'), 'electron/main/build.ts']);
// the renderer: dist/renderer
npmRun('build:renderer');

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE; // set, it would make the binary a plain Node
const child = spawn(binary, ['dist/electron/main.mjs', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

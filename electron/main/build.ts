// Bundles the Electron shell with esbuild:
//   dist/electron/main.mjs     the main process (ESM; dependencies stay in node_modules)
//   dist/electron/preload.cjs  the preload: ONE self-contained CommonJS file, because a
//                              sandboxed preload cannot require anything but 'electron'
// Run: tsx electron/main/build.ts   (scripts/start.mjs does, before launching Electron)
import { build, type BuildOptions } from 'esbuild';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const OUT_DIR = resolve(root, 'dist', 'electron');

export const mainBuildOptions: BuildOptions = {
  absWorkingDir: root,
  entryPoints: ['electron/main/main.ts'],
  outfile: 'dist/electron/main.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['electron'],
  packages: 'external', // dockerode, yaml, zod… load from node_modules like the CLI's
  sourcemap: 'linked',
  logLevel: 'warning',
};

export const preloadBuildOptions: BuildOptions = {
  absWorkingDir: root,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  bundle: true, // everything inlined: only 'electron' is required at run time
  platform: 'node',
  format: 'cjs',
  target: 'chrome120',
  external: ['electron'],
  sourcemap: 'inline',
  logLevel: 'warning',
};

export async function buildElectron(): Promise<void> {
  await Promise.all([build(mainBuildOptions), build(preloadBuildOptions)]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  buildElectron().then(
    () => console.log(`topolab: built the Electron shell into ${OUT_DIR}`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}

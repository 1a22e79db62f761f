// Bundles the CLI into dist/cli.mjs so `npx topolab` starts fast with plain node
// (dependencies stay in node_modules). Runs on `npm install` via "prepare".
import { build } from 'esbuild';

await build({
  entryPoints: ['electron/lab/cli.ts'],
  outfile: 'dist/cli.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});

#!/usr/bin/env node
// Entry point of the `topolab` command: the bundled CLI (built by `npm install`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
if (!existsSync(bundle)) {
  console.error('topolab is not built yet: run `npm install` (or `npm run build`) in the topolab folder first.');
  process.exit(1);
}
const { main } = await import(bundle);
process.exitCode = await main(process.argv);

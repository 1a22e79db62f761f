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
// The command is done. A connection the engine has not closed yet (an event or exec
// stream) must not hold the terminal: leave at the latest 2 s later. unref: when
// nothing is left, Node exits at once as usual.
setTimeout(() => process.exit(), 2000).unref();

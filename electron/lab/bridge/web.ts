// `npm run web`: topolab in a browser tab. Starts the engine service and the bridge
// on 127.0.0.1, serving the renderer build, prints the address with its token, and
// runs until Ctrl-C. Usage: tsx electron/lab/bridge/web.ts [--workspace <dir>] [--port <n>]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLabApiService } from '../api-service';
import { startBridge } from './server';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const USAGE = 'usage: npm run web -- [--workspace <dir>] [--port <n>]';

function parseArgs(argv: string[]): { workspace: string; port: number } {
  let workspace = process.cwd();
  let port = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${arg} needs a value`);
      return v;
    };
    if (arg === '--workspace') workspace = resolve(value());
    else if (arg === '--port') {
      port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) usage('--port takes a number from 0 to 65535');
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else usage(`unknown argument ${arg}`);
  }
  return { workspace, port };
}

function usage(problem: string): never {
  console.error(`topolab web: ${problem}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { workspace, port } = parseArgs(process.argv.slice(2));
  const staticDir = resolve(REPO, 'dist/renderer');
  if (!existsSync(resolve(staticDir, 'index.html'))) {
    console.error(`topolab web: ${staticDir} has no renderer build: run \`npm run build:renderer\`.`);
    process.exit(1);
  }
  if (!existsSync(workspace)) usage(`the workspace folder ${workspace} does not exist`);
  const service = createLabApiService({ workspace, templatesDir: resolve(REPO, 'templates') });
  const bridge = await startBridge({ service, staticDir, port }).catch((err: Error) => {
    console.error(`topolab web: cannot listen on 127.0.0.1:${port}: ${err.message}`);
    process.exit(1);
  });
  // The page works without an engine (files, templates, validation): say so, do not exit.
  const engine = await service.engineInfo({});
  const status = engine.reachable ? `engine: Docker ${engine.version ?? '?'} on ${engine.name ?? '?'} at ${engine.endpoint}` : `engine unreachable: ${engine.message}`;
  console.log(`topolab is running at ${bridge.url} (${status})`);
  console.log(`workspace: ${workspace} — press Ctrl-C to stop.`);

  let closing = false;
  const shutdown = async () => {
    if (closing) return process.exit(130); // a second Ctrl-C does not wait
    closing = true;
    await bridge.close();
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

void main();

// The app:// scheme: serves the built renderer (dist/renderer) and nothing else, with
// the CSP on every response. No 'electron' import: main.ts passes protocol.handle a
// function made here, and the unit test calls it with plain Requests.
import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { contentTypeOf, isBelowFolder } from '../lab/files';
import { APP_HOST, APP_SCHEME, RESPONSE_HEADERS } from './security';

export { contentTypeOf };


/** The file an app:// URL names under root, or undefined for another host, another scheme or a path that leaves root. */
export function resolveAppPath(url: string, root: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST || parsed.username || parsed.password || parsed.port) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  if (path === '/' || path === '') path = '/index.html';
  const full = join(root, ...path.split('/').filter(Boolean));
  return isBelowFolder(root, full) ? full : undefined;
}

function respond(status: number, body: string): Response {
  return new Response(body, { status, headers: { ...RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** A protocol.handle handler serving files under root (the renderer build). */
export function createAppProtocolHandler(root: string, read: (path: string) => Promise<Uint8Array> = readFile): (request: Request) => Promise<Response> {
  let realRoot: Promise<string> | undefined;
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed');
    const path = resolveAppPath(request.url, root);
    if (!path) return respond(404, 'Not found');
    try {
      realRoot ??= realpath(root);
      const real = await realpath(path);
      if (!isBelowFolder(await realRoot, real)) return respond(404, 'Not found'); // a symlink out of the build folder
      const body = await read(real);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
        status: 200,
        headers: { ...RESPONSE_HEADERS, 'Content-Type': contentTypeOf(real) },
      });
    } catch (err) {
      realRoot = undefined;
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR' ? respond(404, 'Not found') : respond(500, 'Cannot read the file');
    }
  };
}

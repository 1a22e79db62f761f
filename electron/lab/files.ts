// Small file-system rules shared by everything that serves or writes files on a
// person's machine: the bridge (renderer build), Electron's app:// protocol (the same
// build) and the workspace (lab files). One definition, so they cannot drift apart.
import { extname, isAbsolute, relative, sep } from 'node:path';

/** Whether `path` is `root` itself or lies below it (no `..` step, not on another drive). */
export function isInsideFolder(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel.split(sep)[0] !== '..' && !isAbsolute(rel));
}

/** Whether `path` lies strictly below `root` (not `root` itself). */
export function isBelowFolder(root: string, path: string): boolean {
  return relative(root, path) !== '' && isInsideFolder(root, path);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Content-Type of a file of the renderer build, by its extension. */
export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppPath } from './app-protocol';
import { CONTENT_SECURITY_POLICY } from './security';

const root = mkdtempSync(join(tmpdir(), 'topolab-renderer-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>topolab</title>');
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
const outside = mkdtempSync(join(tmpdir(), 'topolab-outside-'));
writeFileSync(join(outside, 'secret.txt'), 'secret');
symlinkSync(join(outside, 'secret.txt'), join(root, 'assets', 'link.txt'));

describe('resolveAppPath', () => {
  it('maps app://topolab/<path> under the renderer folder, / to index.html', () => {
    expect(resolveAppPath('app://topolab/', root)).toBe(join(root, 'index.html'));
    expect(resolveAppPath('app://topolab/assets/app.js?v=1#x', root)).toBe(join(root, 'assets', 'app.js'));
  });
  it('refuses other hosts, schemes, NUL, backslashes and bad encodings', () => {
    for (const url of ['app://other/index.html', 'file:///etc/passwd', 'https://topolab/index.html', 'app://user@topolab/index.html', 'app://topolab/..%2f..%2fetc/passwd', 'app://topolab/a%5c..%5c..%5cx', 'app://topolab/%00', 'app://topolab/%E0%A4%A']) {
      expect(resolveAppPath(url, root), url).toBeUndefined();
    }
  });
  it('never leaves the folder, however the dots are written', () => {
    for (const url of ['app://topolab/../../etc/passwd', 'app://topolab/%2e%2e/%2e%2e/etc/passwd', 'app://topolab/assets/%2E%2E/%2E%2E/%2E%2E/x', 'app://topolab/..%2F..%2F..%2Fx']) {
      const path = resolveAppPath(url, root);
      if (path !== undefined) expect(path.startsWith(`${root}/`), `${url} -> ${path}`).toBe(true);
    }
  });
});

describe('the app:// handler', () => {
  const handle = createAppProtocolHandler(root);
  it('serves files with their type and the CSP header', async () => {
    const res = await handle(new Request('app://topolab/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>topolab</title>');
    expect((await handle(new Request('app://topolab/assets/app.js'))).headers.get('content-type')).toMatch(/^text\/javascript/);
  });
  it('answers 404 (with the CSP too) for a missing file or a symlink out of the folder, 405 for writes', async () => {
    const missing = await handle(new Request('app://topolab/nope.js'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await handle(new Request('app://topolab/assets/link.txt'))).status).toBe(404);
    expect((await handle(new Request('app://topolab/assets'))).status).toBe(404);
    expect((await handle(new Request('app://topolab/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});

// Workspace confinement (symlinks included), atomic writes and listing, on a real
// temporary folder. The service hands these calls straight through (api-service.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspaceFiles, type WorkspaceFiles } from './workspace-files';

const LAB = 'topolab: 1\nname: demo\nnetworks:\n  - {id: lan, driver: bridge}\nnodes:\n  - {id: a, interfaces: [{network: lan}]}\n';

let base: string;
let ws: string;
let outside: string;
let files: WorkspaceFiles;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'topolab-api-')));
  ws = join(base, 'workspace');
  outside = join(base, 'outside');
  mkdirSync(join(ws, 'sub', 'deeper', 'deepest'), { recursive: true });
  mkdirSync(join(ws, '.hidden'));
  mkdirSync(outside);
  writeFileSync(join(ws, 'lab.yaml'), LAB);
  writeFileSync(join(ws, 'notes.txt'), 'not a lab');
  writeFileSync(join(ws, 'sub', 'a.yaml'), LAB);
  writeFileSync(join(ws, 'sub', 'deeper', 'b.yml'), LAB);
  writeFileSync(join(ws, 'sub', 'deeper', 'deepest', 'too-deep.yaml'), LAB);
  writeFileSync(join(ws, '.hidden', 'h.yaml'), LAB);
  writeFileSync(join(outside, 'secret.yaml'), 'secret: outside');
  symlinkSync(join(outside, 'secret.yaml'), join(ws, 'escape.yaml'));
  symlinkSync(outside, join(ws, 'linkdir'));
  symlinkSync(join(ws, 'lab.yaml'), join(ws, 'alias.yaml'));
  files = createWorkspaceFiles(ws);
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

const failsWith = (promise: Promise<unknown>, code: string) => expect(promise).rejects.toMatchObject({ code });

describe('workspace files', () => {
  it('reads a file inside the folder', async () => {
    expect(await files.read('lab.yaml')).toEqual({ path: 'lab.yaml', text: LAB });
    expect(await files.read('sub/a.yaml')).toEqual({ path: 'sub/a.yaml', text: LAB });
  });

  it('refuses paths outside the folder even when called directly (no schema in front)', async () => {
    await failsWith(files.read('../outside/secret.yaml'), 'invalid-request');
    await failsWith(files.read(join(outside, 'secret.yaml')), 'invalid-request');
    await failsWith(files.write('../outside/new.yaml', 'x'), 'invalid-request');
  });

  it('refuses symlinks that lead out of the folder', async () => {
    await failsWith(files.read('escape.yaml'), 'invalid-request');
    await failsWith(files.read('linkdir/secret.yaml'), 'invalid-request');
    await failsWith(files.write('escape.yaml', 'overwritten'), 'invalid-request');
    await failsWith(files.write('linkdir/new.yaml', 'x'), 'invalid-request');
    await failsWith(files.write('linkdir/made/new.yaml', 'x'), 'invalid-request');
    expect(readFileSync(join(outside, 'secret.yaml'), 'utf8')).toBe('secret: outside');
    expect(readdirSync(outside)).toEqual(['secret.yaml']);
  });

  it('says not-found for a missing file', async () => {
    await failsWith(files.read('missing.yaml'), 'not-found');
  });

  it('writes atomically: a new file replaces the old one whole, no temp file left', async () => {
    const before = statSync(join(ws, 'sub', 'a.yaml')).ino;
    expect(await files.write('sub/a.yaml', 'topolab: 1\nname: changed\n')).toEqual({ path: 'sub/a.yaml' });
    expect(readFileSync(join(ws, 'sub', 'a.yaml'), 'utf8')).toBe('topolab: 1\nname: changed\n');
    // rename(2) put a new inode in place: readers saw either the old file or the new one
    expect(statSync(join(ws, 'sub', 'a.yaml')).ino).not.toBe(before);
    expect(readdirSync(join(ws, 'sub')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('writes concurrently without mixing contents', async () => {
    const texts = Array.from({ length: 8 }, (_, i) => `name: v${i}\n${'x'.repeat(100_000)}\n`);
    await Promise.all(texts.map((text) => files.write('race.yaml', text)));
    expect(texts).toContain(readFileSync(join(ws, 'race.yaml'), 'utf8'));
    expect(readdirSync(ws).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('creates missing folders inside the workspace', async () => {
    await files.write('new/dir/lab.yaml', LAB);
    expect(readFileSync(join(ws, 'new', 'dir', 'lab.yaml'), 'utf8')).toBe(LAB);
  });

  it('writes through a symlink that stays inside, keeping the link', async () => {
    await files.write('alias.yaml', LAB.replace('demo', 'aliased'));
    expect(lstatSync(join(ws, 'alias.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(ws, 'lab.yaml'), 'utf8')).toContain('aliased');
    await files.write('lab.yaml', LAB);
  });

  it('lists .yaml/.yml files two folders deep, with modified times, nothing outside', async () => {
    const { folder, files: listed } = await files.list();
    expect(folder).toBe(ws);
    const paths = listed.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['lab.yaml', 'alias.yaml', 'sub/a.yaml', 'sub/deeper/b.yml', 'new/dir/lab.yaml']));
    for (const hidden of ['notes.txt', 'escape.yaml', 'linkdir/secret.yaml', '.hidden/h.yaml', 'sub/deeper/deepest/too-deep.yaml']) expect(paths).not.toContain(hidden);
    for (const f of listed) expect(new Date(f.modified).toISOString()).toBe(f.modified);
  });

  it('reports a workspace folder that does not exist', async () => {
    const lost = createWorkspaceFiles(join(base, 'nope'));
    await failsWith(lost.list(), 'not-found');
  });
});

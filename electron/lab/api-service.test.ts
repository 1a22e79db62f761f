// The service's own duties that need no engine: workspace confinement (symlinks
// included), atomic writes, templates, engine-less refusals, event mapping.
// Everything that talks to Docker is tested against the real engine in
// test/integration/api-service.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLabApiService, labStateFromEvent, type LabApiService } from './api-service';
import { EngineUnreachableError } from './docker/engine';

const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));
const LAB = 'topolab: 1\nname: demo\nnetworks:\n  - {id: lan, driver: bridge}\nnodes:\n  - {id: a, interfaces: [{network: lan}]}\n';

let base: string;
let ws: string;
let outside: string;
let connects = 0;
let service: LabApiService;

const unreachable = async (): Promise<never> => {
  connects++;
  throw new EngineUnreachableError('unix:///nowhere.sock', 'Cannot reach the Docker engine at unix:///nowhere.sock: is Docker running?');
};

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
  service = createLabApiService({ workspace: ws, templatesDir: TEMPLATES, connect: unreachable });
});

afterAll(async () => {
  await service.close();
  rmSync(base, { recursive: true, force: true });
});

const failsWith = (promise: Promise<unknown>, code: string) => expect(promise).rejects.toMatchObject({ code });

describe('workspace files', () => {
  it('reads a file inside the folder', async () => {
    expect(await service.filesRead({ path: 'lab.yaml' })).toEqual({ path: 'lab.yaml', text: LAB });
    expect(await service.filesRead({ path: 'sub/a.yaml' })).toEqual({ path: 'sub/a.yaml', text: LAB });
  });

  it('refuses paths outside the folder even when called directly (no schema in front)', async () => {
    await failsWith(service.filesRead({ path: '../outside/secret.yaml' }), 'invalid-request');
    await failsWith(service.filesRead({ path: join(outside, 'secret.yaml') }), 'invalid-request');
    await failsWith(service.filesWrite({ path: '../outside/new.yaml', text: 'x' }), 'invalid-request');
  });

  it('refuses symlinks that lead out of the folder', async () => {
    await failsWith(service.filesRead({ path: 'escape.yaml' }), 'invalid-request');
    await failsWith(service.filesRead({ path: 'linkdir/secret.yaml' }), 'invalid-request');
    await failsWith(service.filesWrite({ path: 'escape.yaml', text: 'overwritten' }), 'invalid-request');
    await failsWith(service.filesWrite({ path: 'linkdir/new.yaml', text: 'x' }), 'invalid-request');
    await failsWith(service.filesWrite({ path: 'linkdir/made/new.yaml', text: 'x' }), 'invalid-request');
    expect(readFileSync(join(outside, 'secret.yaml'), 'utf8')).toBe('secret: outside');
    expect(readdirSync(outside)).toEqual(['secret.yaml']);
  });

  it('says not-found for a missing file', async () => {
    await failsWith(service.filesRead({ path: 'missing.yaml' }), 'not-found');
  });

  it('writes atomically: a new file replaces the old one whole, no temp file left', async () => {
    const before = statSync(join(ws, 'sub', 'a.yaml')).ino;
    expect(await service.filesWrite({ path: 'sub/a.yaml', text: 'topolab: 1\nname: changed\n' })).toEqual({ path: 'sub/a.yaml' });
    expect(readFileSync(join(ws, 'sub', 'a.yaml'), 'utf8')).toBe('topolab: 1\nname: changed\n');
    // rename(2) put a new inode in place: readers saw either the old file or the new one
    expect(statSync(join(ws, 'sub', 'a.yaml')).ino).not.toBe(before);
    expect(readdirSync(join(ws, 'sub')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('writes concurrently without mixing contents', async () => {
    const texts = Array.from({ length: 8 }, (_, i) => `name: v${i}\n${'x'.repeat(100_000)}\n`);
    await Promise.all(texts.map((text) => service.filesWrite({ path: 'race.yaml', text })));
    expect(texts).toContain(readFileSync(join(ws, 'race.yaml'), 'utf8'));
    expect(readdirSync(ws).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('creates missing folders inside the workspace', async () => {
    await service.filesWrite({ path: 'new/dir/lab.yaml', text: LAB });
    expect(readFileSync(join(ws, 'new', 'dir', 'lab.yaml'), 'utf8')).toBe(LAB);
  });

  it('writes through a symlink that stays inside, keeping the link', async () => {
    await service.filesWrite({ path: 'alias.yaml', text: LAB.replace('demo', 'aliased') });
    expect(lstatSync(join(ws, 'alias.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(ws, 'lab.yaml'), 'utf8')).toContain('aliased');
    await service.filesWrite({ path: 'lab.yaml', text: LAB });
  });

  it('lists .yaml/.yml files two folders deep, with modified times, nothing outside', async () => {
    const { folder, files } = await service.filesList({});
    expect(folder).toBe(ws);
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['lab.yaml', 'alias.yaml', 'sub/a.yaml', 'sub/deeper/b.yml', 'new/dir/lab.yaml']));
    for (const hidden of ['notes.txt', 'escape.yaml', 'linkdir/secret.yaml', '.hidden/h.yaml', 'sub/deeper/deepest/too-deep.yaml']) expect(paths).not.toContain(hidden);
    for (const f of files) expect(new Date(f.modified).toISOString()).toBe(f.modified);
  });

  it('reports a workspace folder that does not exist', async () => {
    const lost = createLabApiService({ workspace: join(base, 'nope'), templatesDir: TEMPLATES, connect: unreachable });
    await failsWith(lost.filesList({}), 'not-found');
  });
});

describe('templates', () => {
  it('lists the real templates folder with names and counts', async () => {
    const list = await service.templatesList({});
    expect(list).toContainEqual({ id: 'two-lans', name: 'two-lans', description: expect.stringContaining('router'), nodes: 3, networks: 2 });
  });

  it('skips files that do not parse', async () => {
    const dir = join(base, 'templates');
    mkdirSync(dir);
    writeFileSync(join(dir, 'good.yaml'), LAB);
    writeFileSync(join(dir, 'broken.yaml'), 'topolab: 1\nname: [unclosed\n');
    writeFileSync(join(dir, 'unknown.yaml'), 'topolab: 1\nname: x\nfrobnicate: true\n');
    const own = createLabApiService({ workspace: ws, templatesDir: dir, connect: unreachable });
    expect((await own.templatesList({})).map((t) => t.id)).toEqual(['good']);
  });

  it('reads a template by id, and says not-found otherwise', async () => {
    const t = await service.templatesRead({ id: 'two-lans' });
    expect(t.text).toBe(readFileSync(join(TEMPLATES, 'two-lans.yaml'), 'utf8'));
    await failsWith(service.templatesRead({ id: 'no-such-template' }), 'not-found');
    await failsWith(service.templatesRead({ id: '../package' }), 'invalid-request');
  });
});

describe('without an engine', () => {
  it('engineInfo says why in one sentence, and retries on the next call', async () => {
    const before = connects;
    const info = await service.engineInfo({});
    expect(info).toEqual({ reachable: false, endpoint: 'unix:///nowhere.sock', message: 'Cannot reach the Docker engine at unix:///nowhere.sock: is Docker running?' });
    await service.engineInfo({});
    expect(connects).toBe(before + 2);
  });

  it('plan and deploy of a broken file return diagnostics without connecting', async () => {
    const before = connects;
    const plan = await service.labPlan({ text: 'topolab: 1\nname: x\nnodes: 3\n' });
    expect(plan.plan).toBeUndefined();
    expect(plan.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    const deploy = await service.labDeploy({ text: 'not: [valid' });
    expect(deploy).toMatchObject({ ok: false, failed: [], completed: [], notStarted: [] });
    expect(deploy.diagnostics.length).toBeGreaterThan(0);
    expect(connects).toBe(before);
  });

  it('calls that need the engine fail with EngineUnreachableError', async () => {
    await expect(service.labPlan({ text: LAB })).rejects.toBeInstanceOf(EngineUnreachableError);
    await expect(service.labWatch({ lab: 'demo', watch: true })).rejects.toBeInstanceOf(EngineUnreachableError);
    expect(await service.labWatch({ lab: 'demo', watch: false })).toEqual({ watching: false });
  });

  it('refuses a second deploy (and a destroy) of a lab while one runs', async () => {
    let fail!: (err: Error) => void;
    const slow = createLabApiService({ workspace: ws, templatesDir: TEMPLATES, connect: () => new Promise((_, reject) => (fail = reject)) });
    const first = slow.labDeploy({ text: LAB });
    await failsWith(slow.labDeploy({ text: LAB }), 'busy');
    await failsWith(slow.labDestroy({ lab: 'demo' }), 'busy');
    fail(new Error('engine gone'));
    await expect(first).rejects.toThrow('engine gone');
    // the lock is released with the first deploy: the next one gets as far as the engine again
    const again = slow.labDeploy({ text: LAB });
    fail(new Error('still gone'));
    await expect(again).rejects.toThrow('still gone');
  });

  it('on() returns an unsubscribe function', () => {
    const off = service.on('labState', () => undefined);
    expect(typeof off).toBe('function');
    off();
  });
});

describe('labStateFromEvent', () => {
  const event = (action: string, attrs: Record<string, string> = {}) => ({
    Type: 'container',
    Action: action,
    Actor: { ID: 'abc', Attributes: { 'io.topolab.lab': 'demo', 'io.topolab.id': 'a', 'io.topolab.role': 'node', ...attrs } },
  });

  it('maps the life of a node', () => {
    expect(labStateFromEvent('demo', event('create'))).toEqual({ lab: 'demo', node: 'a', state: 'created', status: 'Created' });
    expect(labStateFromEvent('demo', event('start'))).toMatchObject({ state: 'running' });
    expect(labStateFromEvent('demo', event('die', { exitCode: '137' }))).toEqual({ lab: 'demo', node: 'a', state: 'exited', status: 'Exited (137)', message: 'exited with code 137' });
    expect(labStateFromEvent('demo', event('destroy'))).toMatchObject({ state: 'missing' });
  });

  it('leaves the state to an inspect when the event does not tell it', () => {
    expect(labStateFromEvent('demo', event('oom'))).toEqual({ lab: 'demo', node: 'a', message: 'out of memory' });
    expect(labStateFromEvent('demo', event('kill', { signal: '9' }))).toEqual({ lab: 'demo', node: 'a', message: 'received signal 9' });
    expect(labStateFromEvent('demo', event('health_status: unhealthy'))).toEqual({ lab: 'demo', node: 'a', message: 'health check failing' });
  });

  it('ignores helpers, other labs and noise', () => {
    expect(labStateFromEvent('demo', event('start', { 'io.topolab.role': 'helper' }))).toBeUndefined();
    expect(labStateFromEvent('other', event('start'))).toBeUndefined();
    expect(labStateFromEvent('demo', event('exec_start: ip route'))).toBeUndefined();
    expect(labStateFromEvent('demo', { Type: 'network', Action: 'create' })).toBeUndefined();
  });
});

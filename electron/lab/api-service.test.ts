// The composed service without an engine: engine-less refusals, the deploy lock,
// listeners, and that files and templates reach their modules. The parts have their
// own tests next to them (api/workspace-files, api/templates, api/lab-state).
// Everything that talks to Docker is tested against the real engine in
// test/integration/api-service.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLabApiService, type LabApiService } from './api-service';
import { EngineUnreachableError } from './docker/engine';

const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));
const LAB = 'topolab: 1\nname: demo\nnetworks:\n  - {id: lan, driver: bridge}\nnodes:\n  - {id: a, interfaces: [{network: lan}]}\n';

let ws: string;
let connects = 0;
let service: LabApiService;

const unreachable = async (): Promise<never> => {
  connects++;
  throw new EngineUnreachableError('unix:///nowhere.sock', 'Cannot reach the Docker engine at unix:///nowhere.sock: is Docker running?');
};

beforeAll(() => {
  ws = realpathSync(mkdtempSync(join(tmpdir(), 'topolab-api-')));
  service = createLabApiService({ workspace: ws, templatesDir: TEMPLATES, connect: unreachable });
});

afterAll(async () => {
  await service.close();
  rmSync(ws, { recursive: true, force: true });
});

const failsWith = (promise: Promise<unknown>, code: string) => expect(promise).rejects.toMatchObject({ code });

describe('files and templates', () => {
  it('serves the workspace folder and the templates folder it was given', async () => {
    expect(await service.filesWrite({ path: 'sub/lab.yaml', text: LAB })).toEqual({ path: 'sub/lab.yaml' });
    expect(readFileSync(join(ws, 'sub', 'lab.yaml'), 'utf8')).toBe(LAB);
    expect(await service.filesRead({ path: 'sub/lab.yaml' })).toEqual({ path: 'sub/lab.yaml', text: LAB });
    expect(await service.filesList({})).toMatchObject({ folder: ws, files: [{ path: 'sub/lab.yaml' }] });
    await failsWith(service.filesRead({ path: '../outside.yaml' }), 'invalid-request');
    expect((await service.templatesList({})).map((t) => t.id)).toContain('two-lans');
    expect(await service.templatesRead({ id: 'two-lans' })).toEqual({ id: 'two-lans', text: readFileSync(join(TEMPLATES, 'two-lans.yaml'), 'utf8'), guide: readFileSync(join(TEMPLATES, 'two-lans.md'), 'utf8') });
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

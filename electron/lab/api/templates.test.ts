// The template gallery, against the real templates folder and a folder of broken ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listTemplates, readTemplate } from './templates';

const TEMPLATES = fileURLToPath(new URL('../../../templates', import.meta.url));
const LAB = 'topolab: 1\nname: demo\nnetworks:\n  - {id: lan, driver: bridge}\nnodes:\n  - {id: a, interfaces: [{network: lan}]}\n';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'topolab-templates-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const failsWith = (promise: Promise<unknown>, code: string) => expect(promise).rejects.toMatchObject({ code });

describe('templates', () => {
  it('lists the real templates folder with names and counts', async () => {
    const list = await listTemplates(TEMPLATES);
    expect(list).toContainEqual({ id: 'two-lans', name: 'two-lans', description: expect.stringContaining('router'), nodes: 3, networks: 2, expectations: 3 });
  });

  it('skips files that do not parse', async () => {
    writeFileSync(join(dir, 'good.yaml'), LAB);
    writeFileSync(join(dir, 'broken.yaml'), 'topolab: 1\nname: [unclosed\n');
    writeFileSync(join(dir, 'unknown.yaml'), 'topolab: 1\nname: x\nfrobnicate: true\n');
    expect((await listTemplates(dir)).map((t) => t.id)).toEqual(['good']);
  });

  it('reads a template with its guide when one sits beside it', async () => {
    writeFileSync(join(dir, 'good.yaml'), LAB);
    expect(await readTemplate(dir, 'good')).toEqual({ id: 'good', text: LAB });
    writeFileSync(join(dir, 'good.md'), '# Demo\n\nDeploy it.\n');
    expect(await readTemplate(dir, 'good')).toEqual({ id: 'good', text: LAB, guide: '# Demo\n\nDeploy it.\n' });
  });

  it('reads a template by id, and says not-found otherwise', async () => {
    const t = await readTemplate(TEMPLATES, 'two-lans');
    expect(t.text).toBe(readFileSync(join(TEMPLATES, 'two-lans.yaml'), 'utf8'));
    await failsWith(readTemplate(TEMPLATES, 'no-such-template'), 'not-found');
    await failsWith(readTemplate(TEMPLATES, '../package'), 'invalid-request');
  });
});

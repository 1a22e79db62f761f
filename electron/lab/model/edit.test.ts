import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addNetwork, addNode, applyEdits, connect, diffLines, disconnect, freshId, rawOf, removeItems, renameId, setField, setLayout } from './edit';
import { parseLab } from './parse';

const templatesDir = join(__dirname, '../../../templates');
const templates = readdirSync(templatesDir).filter((f) => f.endsWith('.yaml'));
const read = (name: string) => readFileSync(join(templatesDir, name), 'utf8');
const twoLans = read('two-lans.yaml');

/** Lines of `a` not in `b` plus lines of `b` not in `a`. */
function changedLines(a: string, b: string): { removed: string[]; added: string[] } {
  const A = a.split('\n');
  const B = b.split('\n');
  const removed: string[] = [];
  const added: string[] = [];
  for (const op of diffLines(A, B)) {
    if (op.kind === 'del') removed.push(A[op.a]);
    if (op.kind === 'ins') added.push(B[op.b]);
  }
  return { removed, added };
}

function comments(text: string): string[] {
  return text.split('\n').filter((l) => l.trimStart().startsWith('#'));
}

describe('applyEdits on real templates', () => {
  it('finds the templates', () => expect(templates.length).toBeGreaterThan(0));

  for (const name of templates) {
    it(`${name}: no edits gives the same text, byte for byte`, () => {
      const text = read(name);
      expect(applyEdits(text, [])).toBe(text);
    });

    it(`${name}: an edit that changes nothing gives the same text`, () => {
      const text = read(name);
      const raw = rawOf(text);
      expect(applyEdits(text, [{ op: 'set', path: ['name'], value: raw.name }])).toBe(text);
    });

    it(`${name}: renaming the lab changes one line and keeps the comments`, () => {
      const text = read(name);
      const out = applyEdits(text, [{ op: 'set', path: ['name'], value: 'renamed-lab' }]);
      const diff = changedLines(text, out);
      expect(diff.removed).toHaveLength(1);
      expect(diff.added).toEqual(['name: renamed-lab']);
      expect(comments(out)).toEqual(comments(text));
    });
  }
});

describe('applyEdits: minimal diffs', () => {
  it('setting an IP changes only that line', () => {
    const out = applyEdits(twoLans, [{ op: 'set', path: ['nodes', 0, 'interfaces', 0, 'ip'], value: '10.71.1.11' }]);
    expect(changedLines(twoLans, out)).toEqual({ removed: ['        ip: 10.71.1.10'], added: ['        ip: 10.71.1.11'] });
  });

  it('an IP in a flow map changes only that line', () => {
    const out = applyEdits(twoLans, [{ op: 'set', path: ['nodes', 1, 'interfaces', 1, 'ip'], value: '10.71.2.253' }]);
    expect(changedLines(twoLans, out)).toEqual({ removed: ['      - {network: lan2, ip: 10.71.2.254}'], added: ['      - {network: lan2, ip: 10.71.2.253}'] });
  });

  it('moving a node changes only its layout line, which stays a flow map', () => {
    const out = applyEdits(twoLans, setLayout(twoLans, { client: { x: 10.4, y: 250 } }));
    expect(changedLines(twoLans, out)).toEqual({ removed: ['  client: {x: 20, y: 320}'], added: ['  client: {x: 10, y: 250}'] });
  });

  it('adding a node appends lines only', () => {
    const edits = addNode(twoLans, { id: 'web', kind: 'container', interfaces: [{ network: 'lan2' }] }, { x: 600, y: 200 });
    const out = applyEdits(twoLans, edits);
    const diff = changedLines(twoLans, out);
    expect(diff.removed).toEqual([]);
    expect(diff.added).toEqual(['  - id: web', '    kind: container', '    interfaces:', '      - network: lan2', '  web: {x: 600, y: 200}']);
    const parsed = parseLab(out);
    expect(parsed.ok && parsed.document.nodes?.map((n) => n.id)).toEqual(['client', 'r1', 'server', 'web']);
    expect(comments(out)).toEqual(comments(twoLans));
  });

  it('adding a network to a file with none creates the list', () => {
    const text = 'topolab: 1\n# a comment\nname: empty\n';
    const out = applyEdits(text, addNetwork(text, { id: 'lan1', driver: 'bridge' }, { x: 0, y: 0 }));
    expect(out).toBe('topolab: 1\n# a comment\nname: empty\nnetworks:\n  - id: lan1\n    driver: bridge\nlayout:\n  lan1: {x: 0, y: 0}\n');
  });

  it('connect adds an interface; disconnect removes it', () => {
    const connected = applyEdits(twoLans, connect(twoLans, 'server', 'lan1', '10.71.1.20'));
    const parsed = parseLab(connected);
    expect(parsed.ok && parsed.document.nodes?.[2].interfaces).toEqual([{ network: 'lan2', ip: '10.71.2.10' }, { network: 'lan1', ip: '10.71.1.20' }]);
    expect(changedLines(twoLans, connected).removed).toEqual([]);
    const back = applyEdits(connected, disconnect(connected, 'server', 1));
    expect(back).toBe(twoLans);
  });

  it('removing a network drops the interfaces on it and its layout entry', () => {
    const out = applyEdits(twoLans, removeItems(twoLans, ['lan2']));
    const parsed = parseLab(out);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.document.networks?.map((n) => n.id)).toEqual(['lan1']);
    expect(parsed.document.nodes?.find((n) => n.id === 'r1')?.interfaces).toEqual([{ network: 'lan1', ip: '10.71.1.254' }]);
    expect(parsed.document.nodes?.find((n) => n.id === 'server')?.interfaces).toEqual([]);
    expect(parsed.document.layout?.lan2).toBeUndefined();
    expect(changedLines(twoLans, out).added.length).toBeLessThanOrEqual(1);
    expect(comments(out)).toEqual(comments(twoLans));
  });

  it('removing several nodes at once deletes the right ones', () => {
    const out = applyEdits(twoLans, removeItems(twoLans, ['client', 'server']));
    const parsed = parseLab(out);
    expect(parsed.ok && parsed.document.nodes?.map((n) => n.id)).toEqual(['r1']);
    expect(parsed.ok && Object.keys(parsed.document.layout ?? {})).toEqual(['lan1', 'r1', 'lan2']);
  });

  it('renaming an id updates every reference and the layout key in place', () => {
    const out = applyEdits(twoLans, renameId(twoLans, 'lan1', 'front'));
    const parsed = parseLab(out);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.document.nodes?.flatMap((n) => n.interfaces ?? []).map((i) => i.network)).toEqual(['front', 'front', 'lan2', 'lan2']);
    expect(Object.keys(parsed.document.layout ?? {})).toEqual(['front', 'r1', 'lan2', 'client', 'server']);
    const diff = changedLines(twoLans, out);
    expect(diff.removed).toHaveLength(4); // the id, two references, the layout key
    expect(diff.added).toContain('  front: {x: 0, y: 0}');
  });

  it('setField sets nested values and removes emptied ones', () => {
    const withEnv = applyEdits(twoLans, setField(twoLans, 'client', ['env'], { MODE: 'test' }));
    expect(changedLines(twoLans, withEnv).removed).toEqual([]);
    const parsed = parseLab(withEnv);
    expect(parsed.ok && parsed.document.nodes?.[0].env).toEqual({ MODE: 'test' });
    expect(applyEdits(withEnv, setField(withEnv, 'client', ['env'], {}))).toBe(twoLans);
  });

  it('keeps CRLF line endings', () => {
    const crlf = twoLans.replace(/\n/g, '\r\n');
    const out = applyEdits(crlf, [{ op: 'set', path: ['name'], value: 'x' }]);
    expect(out).toBe(crlf.replace('name: two-lans', 'name: x'));
  });

  it('freshId picks an unused id', () => {
    expect(freshId(twoLans, 'web')).toBe('web');
    expect(freshId(twoLans, 'lan1')).toBe('lan3');
    expect(freshId(twoLans, 'r1')).toBe('r2');
  });

  it('refuses text that is not YAML', () => {
    expect(() => applyEdits('a: [', [{ op: 'set', path: ['a'], value: 1 }])).toThrow(/not valid YAML/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { uiLab } from '../../../bench/ui-labs';
import { applyEdits, setLayout, type Position } from './edit';
import { moveInPlace } from './layout-in-place';
import { parseLab } from './parse';

const TWO_LANS = readFileSync(new URL('../../../templates/two-lans.yaml', import.meta.url), 'utf8');
const viaYaml = (text: string, positions: Record<string, Position>) => applyEdits(text, setLayout(text, positions));

describe('moveInPlace', () => {
  it('gives the same text as the YAML edit on a template (comments and all)', () => {
    const positions = { client: { x: 40.4, y: 333.6 }, lan2: { x: -10, y: 5 } };
    const fast = moveInPlace(TWO_LANS, positions);
    expect(fast).toBe(viaYaml(TWO_LANS, positions));
    expect(fast!.split('\n').length).toBe(TWO_LANS.split('\n').length);
  });

  it('gives the same text and the same document on a generated 500-object lab', () => {
    const text = uiLab(500).yaml;
    const positions = { c3: { x: 1, y: 2 }, n7: { x: 3000, y: 140 }, r2: { x: 99.6, y: -0.4 } };
    const fast = moveInPlace(text, positions)!;
    expect(fast).toBe(viaYaml(text, positions));
    const parsed = parseLab(fast);
    expect(parsed.ok && parsed.document.layout?.r2).toEqual({ x: 100, y: 0 });
  });

  it('keeps a host box and its size in their order, and a trailing comment', () => {
    const text = 'topolab: 1\nname: t\nhosts: [{id: h1}]\nlayout:\n  h1: {x: 0, y: 0, width: 400, height: 300}  # the box\n';
    expect(moveInPlace(text, { h1: { x: 10, y: 20, width: 420, height: 310 } })).toBe('topolab: 1\nname: t\nhosts: [{id: h1}]\nlayout:\n  h1: {x: 10, y: 20, width: 420, height: 310}  # the box\n');
    expect(moveInPlace(text, { h1: { x: 10, y: 20 } })).toBe('topolab: 1\nname: t\nhosts: [{id: h1}]\nlayout:\n  h1: {x: 10, y: 20, width: 400, height: 300}  # the box\n');
  });

  it('keeps CRLF line ends and quoted keys', () => {
    const text = 'topolab: 1\r\nname: t\r\nlayout:\r\n  "a": {x: 1, y: 2}\r\n';
    expect(moveInPlace(text, { a: { x: 5, y: 6 } })).toBe('topolab: 1\r\nname: t\r\nlayout:\r\n  "a": {x: 5, y: 6}\r\n');
  });

  it('declines what only the YAML edit can do (it is then used instead)', () => {
    const base = 'topolab: 1\nname: t\nlayout:\n  a: {x: 1, y: 2}\n';
    expect(moveInPlace(base, { b: { x: 1, y: 1 } })).toBeUndefined(); // no line yet
    expect(moveInPlace(base, { a: { x: 1, y: 1, width: 300, height: 200 } })).toBeUndefined(); // a field to add
    expect(moveInPlace('topolab: 1\nname: t\nlayout:\n  a:\n    x: 1\n    y: 2\n', { a: { x: 5, y: 5 } })).toBeUndefined(); // block style
    expect(moveInPlace('topolab: 1\nname: t\n', { a: { x: 5, y: 5 } })).toBeUndefined(); // no layout section
    expect(moveInPlace('topolab: 1\nlayout:\n  a: {x: 1, y: 2}\n  a: {x: 3, y: 4}\n', { a: { x: 5, y: 5 } })).toBeUndefined(); // duplicate key
    expect(moveInPlace('topolab: 1\nlayout:\n  a: {x: 1.5, y: 2}\n', { a: { x: 5, y: 5 } })).toBeUndefined(); // not a whole number
  });

  it('stops at the end of the layout block', () => {
    const text = 'topolab: 1\nlayout:\n  a: {x: 1, y: 2}\nextra:\n  b: {x: 1, y: 2}\n';
    expect(moveInPlace(text, { b: { x: 5, y: 5 } })).toBeUndefined();
  });
});

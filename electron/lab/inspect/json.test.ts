import { describe, expect, it } from 'vitest';
import { hasKey, numberField, objectField, objectsField, parseJson, parseJsonObjects, stringField, stringsField, textField, type JsonObject } from './json';
import { parseNftRuleset } from './parse';

describe('parseJson', () => {
  it('parses JSON and returns undefined for empty or broken text', () => {
    expect(parseJson(' [1] ')).toEqual([1]);
    expect(parseJson('null')).toBeNull();
    expect(parseJson('')).toBeUndefined();
    expect(parseJson('  \n')).toBeUndefined();
    expect(parseJson('{"a":')).toBeUndefined();
  });

  it('passes nft rulesets through the same way', () => {
    expect(parseNftRuleset('{"nftables":[]}')).toEqual({ nftables: [] });
    expect(parseNftRuleset('')).toBeUndefined();
    expect(parseNftRuleset('Error: Could not process rule')).toBeUndefined();
  });
});

describe('parseJsonObjects', () => {
  it('keeps only the objects of a top-level array', () => {
    expect(parseJsonObjects('[{"a":1}, 2, null, [], "x", {"b":2}]')).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it.each(['', '{"a":1}', '"x"', '3', 'null', 'nope'])('returns [] for %j', (text) => {
    expect(parseJsonObjects(text)).toEqual([]);
  });
});

describe('typed field access', () => {
  const o: JsonObject = { s: 'x', empty: '', n: 3, nan: 'NaN', b: true, nil: null, list: ['a', 1, 'b'], objs: [{ a: 1 }, 2], obj: { k: 'v' } };

  it('reads a field only when it has the asked type', () => {
    expect(stringField(o, 's')).toBe('x');
    expect(stringField(o, 'n')).toBeUndefined();
    expect(numberField(o, 'n')).toBe(3);
    expect(numberField(o, 'nan')).toBeUndefined();
    expect(objectField(o, 'obj')).toEqual({ k: 'v' });
    expect(objectField(o, 'list')).toBeUndefined();
    expect(objectField(o, 'nil')).toBeUndefined();
    expect(stringsField(o, 'list')).toEqual(['a', 'b']);
    expect(stringsField(o, 's')).toEqual([]);
    expect(objectsField(o, 'objs')).toEqual([{ a: 1 }]);
    expect(objectsField(o, 'missing')).toEqual([]);
  });

  it('reads ids printed either as text or as a number', () => {
    expect(textField(o, 's')).toBe('x');
    expect(textField(o, 'n')).toBe('3');
    expect(textField(o, 'b')).toBeUndefined();
  });

  it('tells a present null flag from a missing one, ignoring inherited keys', () => {
    expect(hasKey(o, 'nil')).toBe(true);
    expect(hasKey(o, 'missing')).toBe(false);
    expect(hasKey(o, 'toString')).toBe(false);
  });
});

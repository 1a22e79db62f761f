import { describe, expect, it } from 'vitest';
import { lines, presentOnly, wholeNumber } from './text';

describe('text helpers', () => {
  it('splits lines, dropping a carriage return at the end of each', () => {
    expect(lines('a\r\nb\n\nc\r')).toEqual(['a', 'b', '', 'c']);
  });

  it('reads only whole non-negative decimal numbers', () => {
    expect(wholeNumber('0')).toBe(0);
    expect(wholeNumber('4026532305')).toBe(4026532305);
    for (const text of [undefined, '', ' 1', '1.5', '-1', '0x10', '1e3', '*']) expect(wholeNumber(text)).toBeUndefined();
  });

  it('keeps only fields with a value (0 and false count, undefined and "" do not)', () => {
    expect(presentOnly({ a: 0, b: false, c: undefined, d: '', e: 'x', f: null })).toEqual({ a: 0, b: false, e: 'x', f: null });
    expect(Object.keys(presentOnly({ c: undefined }))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { mix, withAlpha } from './paint';

describe('mix', () => {
  it('mixes two #rrggbb colours by share, as CSS color-mix does in srgb', () => {
    expect(mix('#ffffff', '#000000', 0.5)).toBe('#808080');
    expect(mix('#2f6fdf', '#ffffff', 0.28)).toBe('#c5d7f6');
    expect(mix('#abc', '#000', 1)).toBe('#aabbcc');
  });
  it('keeps the first colour when either is not hex', () => {
    expect(mix('rgb(1, 2, 3)', '#ffffff', 0.5)).toBe('rgb(1, 2, 3)');
  });
});

describe('withAlpha', () => {
  it('adds an opacity to #rrggbb and #rgb', () => {
    expect(withAlpha('#1c2027', 0.5)).toBe('rgba(28, 32, 39, 0.5)');
    expect(withAlpha('#fff', 0.7)).toBe('rgba(255, 255, 255, 0.7)');
  });
  it('leaves other colours as they are', () => {
    expect(withAlpha('red', 0.7)).toBe('red');
  });
});

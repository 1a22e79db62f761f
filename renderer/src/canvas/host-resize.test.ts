import { describe, expect, it } from 'vitest';
import { createLabStore } from '../store';
import { resizeHost } from '../store/actions';
import { holds, memberLimits, resizeLayout } from './host-resize';

const start = { x: 100, y: 100, width: 400, height: 300 };
const members = [{ id: 'a', box: { x: 150, y: 160, width: 180, height: 62 } }];

describe('host resize', () => {
  it('lets the box shrink down to its members plus padding, not past them', () => {
    const limits = memberLimits(start, members)!;
    expect(limits).toEqual({ x: 138, y: 120, width: 204, height: 114 });
    expect(holds({ x: 100, y: 100, width: 260, height: 150 }, limits)).toBe(true);
    expect(holds({ x: 100, y: 100, width: 200, height: 150 }, limits)).toBe(false); // cuts a off on the right
    expect(holds({ x: 160, y: 100, width: 400, height: 300 }, limits)).toBe(false); // left edge past a
    expect(holds({ x: 0, y: 0, width: 10, height: 10 }, undefined)).toBe(true); // empty host: anything
  });

  it('writes the box; members move only when the top-left corner moved', () => {
    expect(resizeLayout('h', start, { ...start, width: 500 }, members)).toEqual({ h: { x: 100, y: 100, width: 500, height: 300 } });
    expect(resizeLayout('h', start, { x: 80, y: 90, width: 420, height: 310 }, members)).toEqual({
      h: { x: 80, y: 90, width: 420, height: 310 },
      a: { x: 70, y: 70 },
    });
  });

  it('a resize is one undo step writing layout.<host>.width/height', () => {
    const text = 'topolab: 1\nname: t\nhosts: [{id: h1}]\nnodes: [{id: a, host: h1}]\nlayout:\n  h1: {x: 100, y: 100}\n  a: {x: 50, y: 60}\n';
    const store = createLabStore(text);
    resizeHost(store, 'h1', resizeLayout('h1', start, { x: 80, y: 90, width: 420, height: 310 }, members));
    const s = store.getState();
    expect(s.document?.layout?.h1).toEqual({ x: 80, y: 90, width: 420, height: 310 });
    expect(s.document?.layout?.a).toEqual({ x: 70, y: 70 });
    expect(s.past).toHaveLength(1);
    s.undo();
    expect(store.getState().text).toBe(text);
  });
});

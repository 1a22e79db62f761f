import { describe, expect, it } from 'vitest';
import { dropEdits } from './drop';

const host = { id: 'h1', x: 100, y: 100, width: 400, height: 300 };

describe('dropEdits', () => {
  it('moves a host to where it was dropped', () => {
    const e = dropEdits([{ id: 'h1', kind: 'host', position: { x: 150, y: 120 }, absolute: { x: 150, y: 120 } }], [], new Set(['h1']));
    expect(e).toEqual({ positions: { h1: { x: 150, y: 120 } }, hostChanges: [] });
  });

  it('keeps a member where it is in a host that moved with it', () => {
    const e = dropEdits([{ id: 'c1', kind: 'container', parentId: 'h1', position: { x: 30, y: 60 }, absolute: { x: 180, y: 180 } }], [host], new Set(['h1', 'c1']));
    expect(e).toEqual({ positions: { c1: { x: 30, y: 60 } }, hostChanges: [] });
  });

  it('puts an item dropped inside a host into it, at a position relative to the host', () => {
    const e = dropEdits([{ id: 'c1', kind: 'container', position: { x: 200, y: 200 }, absolute: { x: 200, y: 200 } }], [host], new Set(['c1']));
    expect(e).toEqual({ positions: { c1: { x: 100, y: 100 } }, hostChanges: [{ id: 'c1', host: 'h1' }] });
  });

  it('takes an item dragged out of its host out of it', () => {
    const e = dropEdits([{ id: 'c1', kind: 'container', parentId: 'h1', position: { x: 600, y: 0 }, absolute: { x: 700, y: 100 } }], [host], new Set(['c1']));
    expect(e).toEqual({ positions: { c1: { x: 700, y: 100 } }, hostChanges: [{ id: 'c1', host: undefined }] });
  });

  it('decides by the centre: a node overlapping the edge with its centre outside stays out', () => {
    // a machine is 180 × 62: its centre is at x + 90
    const e = dropEdits([{ id: 'c1', kind: 'container', position: { x: 0, y: 150 }, absolute: { x: 0, y: 150 } }], [host], new Set(['c1']));
    expect(e.hostChanges).toEqual([]);
  });

  it('never puts an overlay in a host (overlays span hosts)', () => {
    const e = dropEdits([{ id: 'ov', kind: 'overlay', position: { x: 200, y: 200 }, absolute: { x: 200, y: 200 } }], [host], new Set(['ov']));
    expect(e).toEqual({ positions: { ov: { x: 200, y: 200 } }, hostChanges: [] });
  });
});

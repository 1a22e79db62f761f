import { describe, expect, it } from 'vitest';
import { miniFrame, miniToFlow, viewRect } from './minimap-geometry';

const size = { width: 200, height: 150 };

describe('viewRect', () => {
  it('turns the viewport transform into the flow area the pane shows', () => {
    expect(viewRect({ x: -100, y: 50, zoom: 0.5 }, { width: 800, height: 600 })).toEqual({ x: 200, y: -100, width: 1600, height: 1200 });
  });
});

describe('miniFrame', () => {
  it('shows the lab and the viewport together, inside the minimap', () => {
    const lab = { x: 0, y: 0, width: 4000, height: 1000 };
    const view = { x: 3000, y: 2000, width: 800, height: 500 };
    const f = miniFrame(lab, view, size);
    for (const r of [lab, view]) {
      expect(r.x).toBeGreaterThanOrEqual(f.area.x);
      expect(r.y).toBeGreaterThanOrEqual(f.area.y);
      expect(r.x + r.width).toBeLessThanOrEqual(f.area.x + f.area.width);
      expect(r.y + r.height).toBeLessThanOrEqual(f.area.y + f.area.height);
    }
    // the area has the minimap's aspect, so nothing is stretched
    expect(f.area.width * f.scale).toBeCloseTo(size.width);
    expect(f.area.height * f.scale).toBeCloseTo(size.height);
  });

  it('centres what it shows', () => {
    const lab = { x: 0, y: 0, width: 1000, height: 100 };
    const f = miniFrame(lab, { x: 0, y: 0, width: 1000, height: 100 }, size);
    const middle = miniToFlow(f, { x: size.width / 2, y: size.height / 2 });
    expect(middle.x).toBeCloseTo(500);
    expect(middle.y).toBeCloseTo(50);
  });

  it('shows the viewport alone for an empty lab', () => {
    const view = { x: -400, y: -300, width: 800, height: 600 };
    const f = miniFrame(undefined, view, size);
    expect(miniToFlow(f, { x: size.width / 2, y: size.height / 2 })).toEqual({ x: 0, y: 0 });
  });
});

describe('miniToFlow', () => {
  it('maps minimap pixels back to flow points', () => {
    const f = miniFrame({ x: 0, y: 0, width: 2000, height: 1500 }, { x: 0, y: 0, width: 2000, height: 1500 }, size);
    const corner = miniToFlow(f, { x: 0, y: 0 });
    expect(corner).toEqual({ x: f.area.x, y: f.area.y });
    const far = miniToFlow(f, { x: size.width, y: size.height });
    expect(far.x).toBeCloseTo(f.area.x + f.area.width);
  });
});

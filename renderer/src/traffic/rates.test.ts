import { describe, expect, it } from 'vitest';
import { flowSeconds, IDLE_WIDTH, MAX_WIDTH, rateLabel, strokeWidthFor, trafficLabel } from './rates';

describe('strokeWidthFor', () => {
  it('is the idle width at rest and for a trickle', () => {
    expect(strokeWidthFor(0)).toBe(IDLE_WIDTH);
    expect(strokeWidthFor(80)).toBe(IDLE_WIDTH);
    expect(strokeWidthFor(Number.NaN)).toBe(IDLE_WIDTH);
  });

  it('grows logarithmically to the maximum at 100 Mb/s, and no further', () => {
    const widths = [1e3, 1e4, 1e5, 1e6, 1e7].map(strokeWidthFor);
    for (let i = 1; i < widths.length; i++) expect(widths[i]).toBeGreaterThan(widths[i - 1]);
    // equal steps per decade
    expect(widths[2] - widths[1]).toBeCloseTo(widths[1] - widths[0], 0);
    expect(strokeWidthFor(1e8)).toBe(MAX_WIDTH);
    expect(strokeWidthFor(1e10)).toBe(MAX_WIDTH);
  });
});

describe('flowSeconds', () => {
  it('moves faster on busier links', () => {
    expect(flowSeconds(0)).toBe(2.4);
    expect(flowSeconds(1e4)).toBeLessThan(flowSeconds(1e3));
    expect(flowSeconds(1e9)).toBe(0.4);
  });
});

describe('labels', () => {
  it('reads packets and bits per second', () => {
    expect(rateLabel(12, 9600)).toBe('12 pps · 9.6 kb/s');
    expect(rateLabel(0, 0)).toBe('0 pps · 0 b/s');
    expect(rateLabel(4.6, 3_400_000)).toBe('5 pps · 3.4 Mb/s');
  });

  it('puts what the node sends first, and says idle for a quiet link', () => {
    expect(trafficLabel({ txPps: 5, txBps: 4200, rxPps: 1, rxBps: 700 })).toEqual({ tx: '↑ 5 pps · 4.2 kb/s', rx: '↓ 1 pps · 700 b/s' });
    expect(trafficLabel({ txPps: 0, txBps: 0, rxPps: 0, rxBps: 0 })).toBe('idle');
  });
});

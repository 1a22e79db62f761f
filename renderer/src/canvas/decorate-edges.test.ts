import { describe, expect, it } from 'vitest';
import type { PathMark, Station } from '../trace/stations';
import { decorateEdges } from './decorate-edges';
import type { CanvasEdge } from './mapping';

const edge = (node: string, index: number, network: string): CanvasEdge => ({
  id: `if:${node}:${index}`, source: node, target: network, type: 'iface', className: 'iface live',
  data: { kind: 'interface', node, index },
});
const edges = [edge('client', 0, 'lan1'), edge('r1', 0, 'lan1'), edge('r1', 1, 'lan2')];
const marks = new Map<string, PathMark>([['if:client:0', { role: 'reply', ahead: false }], ['if:r1:0', { role: 'request', ahead: true }]]);
const station: Station = { kind: 'edge', id: 'if:client:0', role: 'reply', hop: 20, direction: 'in' };

describe('decorateEdges', () => {
  it('returns the very same list when nothing is watched', () => {
    expect(decorateEdges(edges, { marks: new Map() })).toBe(edges);
  });

  it('marks path edges by role, the current one with its animation, and leaves the others alone', () => {
    const out = decorateEdges(edges, { marks, current: { station, step: 11, durationMs: 900 } });
    expect(out[0].className).toBe('iface live trace-path trace-reply trace-current');
    expect(out[0].domAttributes).toEqual({ 'data-trace-role': 'reply', 'data-trace-current': 'true' });
    expect(out[0].data?.trace).toEqual({ role: 'reply', ahead: false, current: { step: 11, direction: 'in', durationMs: 900 } });
    expect(out[1].className).toBe('iface live trace-path trace-request trace-ahead');
    expect(out[1].data?.trace?.current).toBeUndefined();
    expect(out[2]).toBe(edges[2]);
  });

  it('adds rates to interfaces the engine reports, by node and network', () => {
    const rates = { rxBps: 800, txBps: 1200, rxPps: 1, txPps: 2 };
    const out = decorateEdges(edges, { marks: new Map(), traffic: { 'r1|lan2': rates } });
    expect(out[2].data?.rates).toEqual(rates);
    expect(out[2].className).toBe('iface live traffic');
    expect(out[2].domAttributes).toEqual({ 'data-rate-bps': '2000' });
    expect(out[0]).toBe(edges[0]);
  });
});

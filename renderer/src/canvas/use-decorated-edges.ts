// The canvas's edges with the trace's path and the live rates on them, recomputed when
// the packet moves a step or a traffic event arrives (not per animation frame).
import { useMemo } from 'react';
import { useLab } from '../store';
import { pathMarks, stationDurationMs } from '../trace/stations';
import { decorateEdges, type EdgeDecoration } from './decorate-edges';
import type { CanvasEdge } from './mapping';

const NO_MARKS: EdgeDecoration['marks'] = new Map();

export function useDecoratedEdges(edges: CanvasEdge[]): CanvasEdge[] {
  const s = useLab((st) => ({
    shown: st.traceOpen && !!st.trace, stations: st.stations, step: st.playback.step, speed: st.playback.speed,
    traffic: st.trafficOn ? st.traffic : undefined,
  }));
  const marks = useMemo(() => (s.shown ? pathMarks(s.stations, s.step) : NO_MARKS), [s.shown, s.stations, s.step]);
  const station = s.shown ? s.stations[s.step] : undefined;
  return useMemo(() => decorateEdges(edges, {
    marks,
    current: station ? { station, step: s.step, durationMs: stationDurationMs(station) / s.speed } : undefined,
    traffic: s.traffic,
  }), [edges, marks, station, s.step, s.speed, s.traffic]);
}

/** The canvas wrapper's attributes while a trace is shown, for tests and tools. */
export function useTraceAttributes(): Record<string, string> {
  const s = useLab((st) => ({ shown: st.traceOpen && !!st.trace, stations: st.stations, step: st.playback.step }));
  const ids = useMemo(() => s.stations.map((st) => st.id).join(','), [s.stations]);
  return s.shown ? { 'data-trace-step': String(s.step), 'data-trace-stations': ids } : {};
}

import { stationForHop, traceStations } from '../trace/stations';
import type { LabStore, Playback, Slice, TraceSlice } from './types';

const STOPPED: Playback = { step: 0, playing: false, speed: 1 };

/** What a different lab starts with: its trace, if any, is somewhere else. */
export const TRACE_CLEARED = { trace: undefined, stations: [], tracePhase: undefined, traceError: undefined, selectedHop: undefined } satisfies Partial<TraceSlice>;

/** The trace state to keep when `nextLab` is loaded: nothing, unless it is the same lab. */
export function traceAfterLoad(state: Pick<LabStore, 'trace'>, nextLab: string | undefined): Partial<TraceSlice> {
  return state.trace && state.trace.lab === nextLab ? {} : { ...TRACE_CLEARED, playback: { ...STOPPED } };
}

export const createTraceSlice: Slice<TraceSlice> = (set, get) => ({
  traceOpen: false,
  trace: undefined,
  stations: [],
  tracePhase: undefined,
  traceError: undefined,
  playback: { ...STOPPED },
  selectedHop: undefined,

  setTraceOpen(open) {
    // One bottom drawer at a time: the trace takes the consoles' place (their sessions live on).
    set({ traceOpen: open, ...(open ? { consolesShown: false } : {}) });
    if (!open) get().setPlaying(false);
  },

  startTrace() {
    set({ tracePhase: 'starting', traceError: undefined });
  },

  setTracePhase(phase) {
    if (get().tracePhase !== undefined) set({ tracePhase: phase });
  },

  finishTrace(view) {
    const { document, playback } = get();
    // A trace that finishes after another lab was opened belongs to that other lab.
    if (view.lab !== document?.name) return;
    const stations = traceStations(view, document);
    set({
      trace: view, stations, tracePhase: undefined, traceError: undefined,
      playback: { ...playback, step: 0, playing: stations.length > 1 },
      selectedHop: stations[0]?.hop ?? view.hops[0]?.index,
    });
  },

  failTrace(message) {
    set({ tracePhase: undefined, traceError: message });
  },

  setStep(step) {
    const { stations, playback } = get();
    if (stations.length === 0) return;
    const clamped = Math.max(0, Math.min(stations.length - 1, step));
    set({ playback: { ...playback, step: clamped }, selectedHop: stations[clamped].hop });
  },

  setPlaying(playing) {
    const { playback, stations } = get();
    if (playback.playing === playing) return;
    // Play at the end starts over, as a media player does.
    const restart = playing && playback.step >= stations.length - 1;
    set({ playback: { ...playback, playing, step: restart ? 0 : playback.step }, ...(restart && stations[0] ? { selectedHop: stations[0].hop } : {}) });
  },

  setSpeed(speed) {
    set({ playback: { ...get().playback, speed } });
  },

  selectHop(index) {
    const { stations, playback } = get();
    set({ selectedHop: index, playback: { ...playback, playing: false, step: stationForHop(stations, index) } });
  },
});

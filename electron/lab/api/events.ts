// The service's event listeners (deployProgress, labState): subscribe, emit, forget.
import type { LabApi, LabApiEventName, LabApiEvents } from '../api';

export type Emit = <E extends LabApiEventName>(event: E, payload: LabApiEvents[E]) => void;

export function createEvents(): { emit: Emit; on: LabApi['on']; clear(): void } {
  const listeners = new Map<LabApiEventName, Set<(payload: never) => void>>();

  function emit<E extends LabApiEventName>(event: E, payload: LabApiEvents[E]): void {
    for (const listener of listeners.get(event) ?? []) {
      try {
        (listener as (p: LabApiEvents[E]) => void)(payload);
      } catch {
        // one listener's failure is not the engine's, nor the other listeners'
      }
    }
  }

  const on: LabApi['on'] = (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener as (payload: never) => void);
    return () => void set.delete(listener as (payload: never) => void);
  };

  return { emit, on, clear: () => listeners.clear() };
}

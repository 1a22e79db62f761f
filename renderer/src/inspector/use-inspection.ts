// Live refresh: while the Inspector is shown and its target can be inspected, ask the
// engine, wait, ask again. One call at a time, ever: the next starts only after the
// previous answered (even one for an earlier target), so a slow engine is never piled on.
import { useEffect } from 'react';
import { errorMessage, labApi } from '../api/client';
import { labStore, useLab } from '../store';
import type { Inspection } from '../store/types';
import { inspectBlocker, inspectTarget, type InspectTarget } from './target';

/** Between the starts of two calls: a node once a second (as asked); the network and the host change slowly. */
const PERIOD_MS = { node: 1000, network: 2000, host: 3000 } as const;
/** After an error, wait longer: the error usually stays (not deployed, method missing). */
const RETRY_MS = 3000;

let inflight: Promise<unknown> = Promise.resolve();

async function fetchInspection(target: InspectTarget, text: string): Promise<Inspection> {
  const api = labApi();
  if (target.kind === 'node') return { target: target.key, kind: 'node', view: await api.labInspect({ text, node: target.id }) };
  if (target.kind === 'network') return { target: target.key, kind: 'network', view: await api.labInspectNetwork({ text, network: target.id }) };
  return { target: 'host', kind: 'host', view: await api.labInspectHost({ text }) };
}

export function useInspection(): void {
  const key = useLab((s) => inspectTarget(s)?.key);
  const blocked = useLab((s) => !!inspectBlocker(s, inspectTarget(s)));
  useEffect(() => {
    const target = inspectTarget(labStore.getState());
    if (!target || blocked) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      await inflight.catch(() => undefined);
      if (stopped) return;
      const started = performance.now();
      const call = fetchInspection(target, labStore.getState().text);
      inflight = call;
      let failed = false;
      try {
        const inspection = await call;
        if (!stopped) labStore.getState().applyInspection(inspection);
      } catch (error) {
        failed = true;
        if (!stopped) labStore.getState().failInspection(target.key, errorMessage(error));
      }
      if (stopped) return;
      const wait = (failed ? RETRY_MS : PERIOD_MS[target.kind]) - (performance.now() - started);
      timer = setTimeout(() => void tick(), Math.max(0, wait));
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key, blocked]);
}

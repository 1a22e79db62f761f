// The Trace button: one labTrace call; its phases arrive as traceProgress events
// (routed into the store by ui/engine.ts), its result or error lands in the store.
import { errorMessage, labApi } from '../api/client';
import { labStore } from '../store';
import { traceRequest, type TraceForm } from './trace-request';

export async function runTrace(form: TraceForm): Promise<void> {
  const store = labStore.getState();
  store.startTrace();
  try {
    const view = await labApi().labTrace(traceRequest(store.text, form));
    labStore.getState().finishTrace(view);
  } catch (error) {
    labStore.getState().failTrace(errorMessage(error));
  }
}

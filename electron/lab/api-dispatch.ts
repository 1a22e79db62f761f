// One entry point for every LabApi call that arrives from outside the process — the
// WebSocket bridge today, Electron IPC later. Whatever arrives is untrusted: the
// method name and payload are checked against the contract before anything runs,
// and whatever goes back is data ({code, message}), never an Error or a stack trace.
import { isLabApiMethod, parseRequest, type LabApi, type LabApiError } from './api';
import { EngineUnreachableError } from './docker/engine';

export type LabApiCallResult = { ok: true; result: unknown } | { ok: false; error: LabApiError };

/** Codes a caller may act on; anything else becomes 'failed'. */
const KNOWN_CODES = new Set(['invalid-request', 'engine-unreachable', 'not-found', 'failed', 'busy']);
/** Long engine texts (a whole build log…) are cut: an error travels as one readable message. */
const MAX_MESSAGE = 2000;

export async function handleLabApiCall(service: LabApi, method: unknown, payload: unknown): Promise<LabApiCallResult> {
  if (!isLabApiMethod(method)) {
    const shown = typeof method === 'string' ? JSON.stringify(method.slice(0, 60)) : typeof method;
    return { ok: false, error: { code: 'invalid-request', message: `Unknown method ${shown}.` } };
  }
  const parsed = parseRequest(method, payload);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  try {
    const call = service[method] as (request: unknown) => Promise<unknown>;
    return { ok: true, result: await call.call(service, parsed.request) };
  } catch (err) {
    return { ok: false, error: toLabApiError(err) };
  }
}

/** Any thrown value as {code, message}: the message only, so no stack or internals leak to the UI. */
export function toLabApiError(err: unknown): LabApiError {
  const e = (err ?? {}) as { name?: unknown; code?: unknown; message?: unknown; syscall?: unknown };
  const message = clip(typeof e.message === 'string' && e.message.trim() ? e.message : typeof err === 'string' ? err : 'Something went wrong.');
  if (err instanceof EngineUnreachableError || e.name === 'EngineUnreachableError') return { code: 'engine-unreachable', message };
  if (typeof e.code === 'string' && KNOWN_CODES.has(e.code)) return { code: e.code, message };
  // a socket error from the engine connection (not a file error, which has another syscall)
  if (e.syscall === 'connect' || e.code === 'ECONNREFUSED') return { code: 'engine-unreachable', message: `Cannot reach the Docker engine: ${message}` };
  return { code: 'failed', message };
}

function clip(text: string): string {
  const oneLine = text.trim();
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE - 1)}…` : oneLine;
}

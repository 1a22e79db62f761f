// What window.topolab is made of, built from a minimal ipcRenderer so it can be
// unit-tested without Electron. One function per LabApi method, each invoking its own
// channel; `on` for engine events and menu commands. The IPC event object never
// reaches the page, and neither does ipcRenderer itself (Electron security checklist).
import type { LabApiEventName, LabApiEvents, LabApiMethod, LabApiRequest, LabApiResults } from '../lab/api';
import { COMMAND_CHANNEL, EVENT_CHANNEL, LAB_API_EVENTS, LAB_API_METHODS, channelOf, type ShellCommand } from './methods';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export type BridgeEvents = LabApiEvents & { command: ShellCommand };
export type BridgeEventName = keyof BridgeEvents;

/** window.topolab: LabApi (one function per method) plus `on`, which also carries menu commands. */
export type TopolabBridge = {
  [M in LabApiMethod]: (request: LabApiRequest<M>) => Promise<LabApiResults[M]>;
} & {
  on<E extends BridgeEventName>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void;
};

const EVENT_NAMES: readonly string[] = [...LAB_API_EVENTS, 'command'];

/** An error from the engine or the validator, as the page sees it: the message is the point. */
export class TopolabError extends Error {
  override name = 'TopolabError';
  constructor(
    message: string,
    /** Lost when crossing contextBridge (only the message is copied); kept for same-world callers. */
    readonly code: string,
  ) {
    super(message);
  }
}

function unwrap(method: LabApiMethod, outcome: unknown): unknown {
  const o = outcome as { ok?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (o && o.ok === true) return o.result;
  if (o && o.ok === false && o.error) {
    const message = typeof o.error.message === 'string' ? o.error.message : `${method} failed.`;
    throw new TopolabError(message, typeof o.error.code === 'string' ? o.error.code : 'failed');
  }
  throw new TopolabError(`${method}: the main process answered with something that is not a LabApi result.`, 'failed');
}

export function createTopolabBridge(ipc: IpcRendererLike): TopolabBridge {
  const api: Record<string, unknown> = {};
  for (const method of LAB_API_METHODS) {
    // exactly one argument crosses: the payload (validated again in main)
    api[method] = async (request: unknown) => unwrap(method, await ipc.invoke(channelOf(method), request));
  }

  // one IPC listener per channel, fanned out to the page's listeners; the IPC event is dropped here
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let eventsAttached = false;
  let commandsAttached = false;
  const fanOut = (name: string, payload: unknown) => {
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        listener(payload);
      } catch (err) {
        console.error(`topolab: a ${name} listener failed`, err);
      }
    }
  };
  const onEvent = (_event: unknown, message: unknown) => {
    const m = message as { event?: unknown; payload?: unknown } | null;
    if (m && typeof m.event === 'string' && LAB_API_EVENTS.includes(m.event as LabApiEventName)) fanOut(m.event, m.payload);
  };
  const onCommand = (_event: unknown, command: unknown) => {
    const c = command as { command?: unknown } | null;
    if (c && typeof c.command === 'string') fanOut('command', command);
  };

  api.on = (event: unknown, listener: unknown): (() => void) => {
    if (typeof event !== 'string' || !EVENT_NAMES.includes(event)) throw new TypeError(`topolab.on: unknown event ${String(event)}; expected one of ${EVENT_NAMES.join(', ')}.`);
    if (typeof listener !== 'function') throw new TypeError('topolab.on: the listener must be a function.');
    if (event === 'command' && !commandsAttached) {
      ipc.on(COMMAND_CHANNEL, onCommand);
      commandsAttached = true;
    } else if (event !== 'command' && !eventsAttached) {
      ipc.on(EVENT_CHANNEL, onEvent);
      eventsAttached = true;
    }
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const own = (payload: unknown) => (listener as (payload: unknown) => void)(payload);
    set.add(own);
    return () => {
      set.delete(own);
    };
  };
  return api as TopolabBridge;
}

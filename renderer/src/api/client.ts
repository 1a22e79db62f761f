// The renderer's one way to the engine. In Electron the preload exposes
// `window.topolab` (one async function per LabApi method, plus `on`); in browser mode
// the same calls go over the WebSocket bridge. Callers do not know which.
import type { LabApi, LabApiError, LabApiEventName, LabApiEvents, LabApiMethod, LabApiRequest, LabApiResults } from '../../../electron/lab/api';
import { LAB_API_METHODS } from '../../../electron/lab/api-names';

declare global {
  interface Window {
    topolab?: LabApi;
  }
}

export class ApiError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

type Listener = (payload: never) => void;
type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
export type ConnectionState = 'connecting' | 'open' | 'closed';

/** LabApi over the WebSocket bridge: pending-call map, events, reconnects with backoff. */
export class WebSocketLabApi {
  private socket?: WebSocket;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private retry = 0;
  private opened?: Promise<void>;
  state: ConnectionState = 'closed';

  constructor(private readonly url: string, private readonly WebSocketImpl: typeof WebSocket = WebSocket) {}

  private setState(state: ConnectionState) {
    this.state = state;
    for (const l of this.stateListeners) l(state);
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private connect(): Promise<void> {
    if (this.opened) return this.opened;
    this.setState('connecting');
    this.opened = new Promise<void>((resolve, reject) => {
      const socket = new this.WebSocketImpl(this.url);
      this.socket = socket;
      socket.onopen = () => { this.retry = 0; this.setState('open'); resolve(); };
      socket.onmessage = (e) => this.receive(String(e.data));
      socket.onclose = () => {
        this.opened = undefined;
        this.socket = undefined;
        this.setState('closed');
        const error = new ApiError('engine-unreachable', 'The connection to the topolab engine was lost.');
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
        reject(new ApiError('engine-unreachable', `Cannot connect to the topolab engine at ${this.url.replace(/\?.*$/, '')}.`));
        this.scheduleReconnect();
      };
    });
    return this.opened;
  }

  private scheduleReconnect() {
    // Reconnect only while someone listens to events (calls reconnect on demand).
    const hasListeners = [...this.listeners.values()].some((s) => s.size > 0);
    if (!hasListeners) return;
    const delay = Math.min(30_000, 500 * 2 ** this.retry++);
    setTimeout(() => { this.connect().catch(() => undefined); }, delay);
  }

  private receive(data: string) {
    let message: { id?: number; ok?: boolean; result?: unknown; error?: LabApiError; event?: string; payload?: unknown };
    try { message = JSON.parse(data); } catch { return; }
    if (message.event) {
      for (const l of this.listeners.get(message.event) ?? []) (l as (p: unknown) => void)(message.payload);
      return;
    }
    const pending = message.id === undefined ? undefined : this.pending.get(message.id);
    if (!pending || message.id === undefined) return;
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(new ApiError(message.error?.code ?? 'failed', message.error?.message ?? 'The engine reported an error.'));
  }

  async call<M extends LabApiMethod>(method: M, params: LabApiRequest<M>): Promise<LabApiResults[M]> {
    await this.connect();
    const id = this.nextId++;
    return new Promise<LabApiResults[M]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.socket!.send(JSON.stringify({ id, method, params }));
    });
  }

  on<E extends LabApiEventName>(event: E, listener: (payload: LabApiEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as Listener);
    this.listeners.set(event, set);
    this.connect().catch(() => undefined);
    return () => set.delete(listener as Listener);
  }
}

/** A LabApi over a WebSocketLabApi. */
export function labApiOverWebSocket(ws: WebSocketLabApi): LabApi {
  const api = Object.fromEntries(LAB_API_METHODS.map((m) => [m, (request: never) => ws.call(m, request)])) as unknown as Omit<LabApi, 'on'>;
  return { ...api, on: (event, listener) => ws.on(event, listener) } as LabApi;
}

export function bridgeUrl(location: Pick<Location, 'host' | 'hash'>): string {
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token') ?? '';
  return `ws://${location.host}/api?token=${encodeURIComponent(token)}`;
}

let api: LabApi | undefined;
let socket: WebSocketLabApi | undefined;

/** The engine API: Electron's preload when present, else the WebSocket bridge. */
export function labApi(): LabApi {
  if (api) return api;
  if (typeof window !== 'undefined' && window.topolab) {
    api = window.topolab;
  } else {
    socket = new WebSocketLabApi(bridgeUrl(window.location));
    api = labApiOverWebSocket(socket);
  }
  return api;
}

/** Connection state of the WebSocket bridge ('open' always in Electron). */
export function onConnectionState(listener: (state: ConnectionState) => void): () => void {
  labApi();
  if (!socket) { listener('open'); return () => undefined; }
  listener(socket.state);
  return socket.onState(listener);
}

/** The message of an error thrown by an API call, in one sentence. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

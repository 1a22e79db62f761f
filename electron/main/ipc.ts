// LabApi over Electron IPC: one ipcMain.handle per method (`topolab:<method>`), never a
// generic "call anything" channel. Every call is checked twice before it runs: the
// sender must be the main frame of the app's own page (checklist 17), and the payload
// must match the method's schema (handleLabApiCall). The answer is always data:
// {ok: true, result} or {ok: false, error: {code, message}}. No 'electron' import: the
// structural types below are what is used of ipcMain, so the test drives a fake one.
import { LabApiRequests, type LabApi, type LabApiError, type LabApiEventName, type LabApiMethod } from '../lab/api';
import { handleLabApiCall, type LabApiCallResult } from '../lab/api-dispatch';
import { EVENT_CHANNEL, LAB_API_EVENTS, channelOf } from '../preload/methods';
import { APP_URL, isTrustedSender } from './security';

/** What a handler is told about the caller (a subset of Electron's IpcMainInvokeEvent). */
export interface InvokeEventLike {
  sender?: unknown;
  senderFrame?: { url: string; parent: unknown } | null;
}

/** The part of ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface LabApiIpcOptions {
  ipcMain: IpcMainLike;
  /** The service that answers a method (see LabApiHost.serviceFor). */
  serviceFor: (method: LabApiMethod) => LabApi;
  /** The page allowed to call; defaults to app://topolab/index.html. */
  appUrl?: string;
  /** Optionally, the webContents allowed to call (the one window). */
  isKnownSender?: (sender: unknown) => boolean;
  /** Where refused calls are reported (never to the page). */
  log?: (message: string) => void;
}

const FORBIDDEN: LabApiError = { code: 'forbidden', message: 'This call came from a page that is not topolab; it was refused.' };

/** All LabApi methods, from the contract itself. */
export const LAB_API_METHOD_NAMES = Object.keys(LabApiRequests) as LabApiMethod[];

/** Whether an IPC call comes from the app's main frame. */
export function checkSender(event: InvokeEventLike, appUrl: string, isKnownSender?: (sender: unknown) => boolean): boolean {
  const frame = event.senderFrame;
  if (!frame) return false; // navigated away or destroyed
  if (frame.parent !== null) return false; // only the top frame, never an iframe
  if (isKnownSender && !isKnownSender(event.sender)) return false;
  return isTrustedSender(frame.url, appUrl);
}

/** Registers one handler per method; returns a function that removes them all. */
export function registerLabApiIpc(opts: LabApiIpcOptions): () => void {
  const appUrl = opts.appUrl ?? APP_URL;
  const log = opts.log ?? ((message: string) => console.warn(message));
  const channels: string[] = [];
  for (const method of LAB_API_METHOD_NAMES) {
    const channel = channelOf(method);
    opts.ipcMain.handle(channel, async (event, ...args): Promise<LabApiCallResult> => {
      if (!checkSender(event, appUrl, opts.isKnownSender)) {
        log(`topolab: refused ${channel} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
        return { ok: false, error: FORBIDDEN };
      }
      if (args.length > 1) return { ok: false, error: { code: 'invalid-request', message: `Invalid ${method} request: one payload object expected, got ${args.length} arguments.` } };
      return handleLabApiCall(opts.serviceFor(method), method, args[0]);
    });
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) opts.ipcMain.removeHandler(channel);
  };
}

/** Sends the service's events to the window as {event, payload} on 'topolab:event'; returns an unsubscribe function. */
export function forwardLabApiEvents(service: LabApi, send: (channel: string, message: { event: LabApiEventName; payload: unknown }) => void): () => void {
  const offs = LAB_API_EVENTS.map((event) => service.on(event, (payload: unknown) => send(EVENT_CHANNEL, { event, payload })));
  return () => {
    for (const off of offs) off();
  };
}

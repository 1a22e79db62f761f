// LabApi over IPC with a fake ipcMain: one handler per method, the sender checked
// before anything runs, the payload validated by the contract, events forwarded.
import { describe, expect, it, vi } from 'vitest';
import { LabApiRequests, type LabApi, type LabApiMethod } from '../lab/api';
import { forwardLabApiEvents, registerLabApiIpc, type InvokeEventLike } from './ipc';
import { APP_URL } from './security';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (channel: string, listener: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
}

function fakeService() {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: { method: string; request: unknown }[] = [];
  const api: Record<string, unknown> = {
    on: (event: string, listener: (p: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  for (const method of Object.keys(LabApiRequests)) {
    api[method] = async (request: unknown) => {
      calls.push({ method, request });
      return { answeredBy: method };
    };
  }
  return { service: api as unknown as LabApi, calls, emit: (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload)), listeners };
}

const fromApp: InvokeEventLike = { sender: 'window', senderFrame: { url: APP_URL, parent: null } };

function setup() {
  const ipcMain = fakeIpcMain();
  const { service, calls } = fakeService();
  const log = vi.fn();
  const unregister = registerLabApiIpc({ ipcMain, serviceFor: () => service, isKnownSender: (s) => s === 'window', log });
  const call = (method: string, event: InvokeEventLike, ...args: unknown[]) => ipcMain.handlers.get(`topolab:${method}`)!(event, ...args) as Promise<unknown>;
  return { ipcMain, calls, log, unregister, call };
}

describe('registerLabApiIpc', () => {
  it('registers exactly one handler per LabApi method, named topolab:<method>, and removes them all', () => {
    const { ipcMain, unregister } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(LabApiRequests).map((m) => `topolab:${m}`).sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers a valid call from the app with the service’s result', async () => {
    const { call, calls } = setup();
    await expect(call('labWatch', fromApp, { lab: 'two-lans', watch: true })).resolves.toEqual({ ok: true, result: { answeredBy: 'labWatch' } });
    expect(calls).toEqual([{ method: 'labWatch', request: { lab: 'two-lans', watch: true } }]);
  });

  it('rejects a malformed payload before the service sees it', async () => {
    const { call, calls } = setup();
    for (const [method, payload] of [
      ['filesRead', { path: '../../etc/passwd.yaml' }],
      ['filesRead', { path: '/etc/x.yaml' }],
      ['filesWrite', { path: 'a.yaml' }],
      ['labDestroy', { lab: 'Bad Name!' }],
      ['engineInfo', { extra: 1 }],
      ['labPlan', 'topolab: 1'],
      ['labWatch', undefined],
    ] as [LabApiMethod, unknown][]) {
      const outcome = (await call(method, fromApp, payload)) as { ok: boolean; error?: { code: string; message: string } };
      expect(outcome.ok, `${method} ${JSON.stringify(payload)}`).toBe(false);
      expect(outcome.error?.code).toBe('invalid-request');
      expect(outcome.error?.message).toMatch(new RegExp(`^Invalid ${method} request`));
    }
    expect(calls).toEqual([]);
  });

  it('rejects a call with more than one argument', async () => {
    const { call, calls } = setup();
    const outcome = (await call('engineInfo', fromApp, {}, 'more')) as { ok: boolean; error?: { code: string } };
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(calls).toEqual([]);
  });

  it('refuses calls from another origin, an iframe, a destroyed frame or another webContents, and logs them in main only', async () => {
    const { call, calls, log } = setup();
    const refused: InvokeEventLike[] = [
      { sender: 'window', senderFrame: { url: 'https://example.invalid/', parent: null } },
      { sender: 'window', senderFrame: { url: 'app://topolab.evil/index.html', parent: null } },
      { sender: 'window', senderFrame: { url: 'file:///tmp/index.html', parent: null } },
      { sender: 'window', senderFrame: { url: APP_URL, parent: { url: APP_URL } } },
      { sender: 'window', senderFrame: null },
      { sender: 'other', senderFrame: { url: APP_URL, parent: null } },
    ];
    for (const event of refused) {
      await expect(call('engineInfo', event, {})).resolves.toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    }
    expect(calls).toEqual([]);
    expect(log).toHaveBeenCalledTimes(refused.length);
  });

  it('turns a service failure into {code, message} data', async () => {
    const ipcMain = fakeIpcMain();
    const { service } = fakeService();
    (service as unknown as Record<string, unknown>).labStatus = async () => {
      throw Object.assign(new Error('no engine here'), { code: 'engine-unreachable' });
    };
    registerLabApiIpc({ ipcMain, serviceFor: () => service });
    await expect(ipcMain.handlers.get('topolab:labStatus')!(fromApp, { text: 'topolab: 1' })).resolves.toEqual({ ok: false, error: { code: 'engine-unreachable', message: 'no engine here' } });
  });

  it('asks serviceFor which service answers each method', async () => {
    const ipcMain = fakeIpcMain();
    const a = fakeService();
    const b = fakeService();
    registerLabApiIpc({ ipcMain, serviceFor: (m) => (m.startsWith('files') ? b.service : a.service) });
    await ipcMain.handlers.get('topolab:filesList')!(fromApp, {});
    await ipcMain.handlers.get('topolab:engineInfo')!(fromApp, {});
    expect(a.calls.map((c) => c.method)).toEqual(['engineInfo']);
    expect(b.calls.map((c) => c.method)).toEqual(['filesList']);
  });
});

describe('forwardLabApiEvents', () => {
  it('sends every engine event as {event, payload} on topolab:event, until unsubscribed', () => {
    const { service, emit, listeners } = fakeService();
    const send = vi.fn();
    const off = forwardLabApiEvents(service, send);
    emit('deployProgress', { lab: 'x', type: 'done' });
    emit('labState', { lab: 'x', node: 'web', state: 'running' });
    expect(send.mock.calls).toEqual([
      ['topolab:event', { event: 'deployProgress', payload: { lab: 'x', type: 'done' } }],
      ['topolab:event', { event: 'labState', payload: { lab: 'x', node: 'web', state: 'running' } }],
    ]);
    off();
    expect([...listeners.values()].every((s) => s.size === 0)).toBe(true);
  });
});

// The preload exposes exactly the contract: one function per LabApi method (plus `on`),
// each on its own channel, answers unwrapped, IPC events never handed to the page.
import { describe, expect, it, vi } from 'vitest';
import { LabApiRequests } from '../lab/api';
import { createTopolabBridge, type IpcRendererLike } from './bridge';
import { COMMAND_CHANNEL, EVENT_CHANNEL, LAB_API_EVENTS, LAB_API_METHODS } from './methods';

function fakeIpcRenderer(answer: (channel: string, args: unknown[]) => unknown = () => ({ ok: true, result: 'r' })) {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const invoke = vi.fn(async (channel: string, ...args: unknown[]) => answer(channel, args));
  const ipc: IpcRendererLike = {
    invoke,
    on: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
    },
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string, ...args: unknown[]) => listeners.get(channel)?.forEach((l) => l({ sender: 'the ipcRenderer', senderId: 0 }, ...args));
  return { ipc, invoke, emit, listeners };
}

describe('the preload’s method list', () => {
  it('equals the contract’s methods, in order', () => {
    expect([...LAB_API_METHODS]).toEqual(Object.keys(LabApiRequests));
  });
  it('names every engine event', () => {
    expect([...LAB_API_EVENTS].sort()).toEqual(['consoleExit', 'consoleOutput', 'deployProgress', 'expectationResult', 'labState', 'traceProgress', 'traffic']);
  });
});

describe('window.topolab', () => {
  it('has one function per method plus on, and nothing else (no ipcRenderer, no require, no process)', () => {
    const bridge = createTopolabBridge(fakeIpcRenderer().ipc);
    expect(Object.keys(bridge).sort()).toEqual([...Object.keys(LabApiRequests), 'on'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('invokes topolab:<method> with exactly the payload and resolves with the result', async () => {
    const { ipc, invoke } = fakeIpcRenderer((channel) => ({ ok: true, result: { from: channel } }));
    const bridge = createTopolabBridge(ipc);
    await expect(bridge.labStatus({ text: 'topolab: 1' })).resolves.toEqual({ from: 'topolab:labStatus' });
    expect(invoke).toHaveBeenCalledWith('topolab:labStatus', { text: 'topolab: 1' });
    for (const method of LAB_API_METHODS) {
      await (bridge[method] as (r: unknown) => Promise<unknown>)({});
      expect(invoke).toHaveBeenLastCalledWith(`topolab:${method}`, {});
    }
  });

  it('rejects with an Error carrying the message when main answers {ok: false}', async () => {
    const { ipc } = fakeIpcRenderer(() => ({ ok: false, error: { code: 'invalid-request', message: 'Invalid labDestroy request: lab: a lab name.' } }));
    const bridge = createTopolabBridge(ipc);
    const error = await bridge.labDestroy({ lab: 'X' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('Invalid labDestroy request: lab: a lab name.');
    expect((error as { code?: string }).code).toBe('invalid-request');
  });

  it('rejects when the answer is not an envelope', async () => {
    const { ipc } = fakeIpcRenderer(() => 'garbage');
    await expect(createTopolabBridge(ipc).engineInfo({})).rejects.toThrow(/not a LabApi result/);
  });

  it('on() hands listeners the payload only, never the IPC event, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpcRenderer();
    const bridge = createTopolabBridge(ipc);
    const progress = vi.fn();
    const state = vi.fn();
    const off = bridge.on('deployProgress', progress);
    bridge.on('labState', state);
    emit(EVENT_CHANNEL, { event: 'deployProgress', payload: { lab: 'x', type: 'done' } });
    emit(EVENT_CHANNEL, { event: 'labState', payload: { lab: 'x', node: 'web' } });
    emit(EVENT_CHANNEL, { event: 'somethingElse', payload: 1 });
    expect(progress.mock.calls).toEqual([[{ lab: 'x', type: 'done' }]]);
    expect(state.mock.calls).toEqual([[{ lab: 'x', node: 'web' }]]);
    off();
    emit(EVENT_CHANNEL, { event: 'deployProgress', payload: { lab: 'x', type: 'done' } });
    expect(progress).toHaveBeenCalledTimes(1);
    expect(listeners.get(EVENT_CHANNEL)?.size).toBe(1); // one IPC listener, however many page listeners
  });

  it('on("command") delivers menu commands', () => {
    const { ipc, emit } = fakeIpcRenderer();
    const listener = vi.fn();
    createTopolabBridge(ipc).on('command', listener);
    emit(COMMAND_CHANNEL, { command: 'open', path: 'lab.yaml', folder: '/home/u' });
    expect(listener).toHaveBeenCalledWith({ command: 'open', path: 'lab.yaml', folder: '/home/u' });
  });

  it('on() refuses unknown events and non-function listeners', () => {
    const bridge = createTopolabBridge(fakeIpcRenderer().ipc) as unknown as { on: (e: unknown, l: unknown) => unknown };
    expect(() => bridge.on('ipc', () => {})).toThrow(/unknown event/);
    expect(() => bridge.on('labState', 'x')).toThrow(/function/);
  });

  it('a throwing listener does not stop the others', () => {
    const { ipc, emit } = fakeIpcRenderer();
    const bridge = createTopolabBridge(ipc);
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const second = vi.fn();
    bridge.on('labState', () => {
      throw new Error('boom');
    });
    bridge.on('labState', second);
    emit(EVENT_CHANNEL, { event: 'labState', payload: 1 });
    expect(second).toHaveBeenCalledWith(1);
    spy.mockRestore();
  });
});

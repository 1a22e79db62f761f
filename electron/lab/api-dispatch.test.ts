// The gate in front of the service: nothing unknown or malformed runs, and every
// failure comes back as {code, message} data.
import { describe, expect, it, vi } from 'vitest';
import type { LabApi } from './api';
import { handleLabApiCall, toLabApiError } from './api-dispatch';
import { LabApiFailure } from './api-service';
import { EngineUnreachableError } from './docker/engine';

function service(overrides: Partial<Record<keyof LabApi, (...args: never[]) => unknown>> = {}) {
  const methods = {
    engineInfo: vi.fn(async () => ({ reachable: true, endpoint: 'unix:///x' })),
    labPlan: vi.fn(async () => ({ diagnostics: [] })),
    filesRead: vi.fn(async ({ path }: { path: string }) => ({ path, text: 'x' })),
    labDestroy: vi.fn(async () => ({ removedContainers: [], removedNetworks: [], removedVeths: [], failed: [] })),
    on: vi.fn(() => () => undefined),
    ...overrides,
  };
  return methods as typeof methods & LabApi;
}

describe('handleLabApiCall', () => {
  it('runs a valid call with the parsed request', async () => {
    const s = service();
    expect(await handleLabApiCall(s, 'filesRead', { path: 'labs/a.yaml' })).toEqual({ ok: true, result: { path: 'labs/a.yaml', text: 'x' } });
    expect(s.filesRead).toHaveBeenCalledWith({ path: 'labs/a.yaml' });
  });

  it.each([['nope'], [42], [undefined], ['on'], ['__proto__'], ['constructor']])('rejects method %s before anything runs', async (method) => {
    const s = service();
    const out = await handleLabApiCall(s, method, {});
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/^Unknown method/) } });
    expect(s.on).not.toHaveBeenCalled();
  });

  it.each([
    ['labPlan', { text: 42 }],
    ['labPlan', undefined],
    ['filesRead', { path: '../../etc/passwd.yaml' }],
    ['filesRead', { path: 'notes.txt' }],
    ['labDestroy', { lab: 'Bad Name' }],
    ['engineInfo', { extra: 1 }],
  ])('rejects a malformed %s payload without calling the service', async (method, payload) => {
    const s = service();
    const out = await handleLabApiCall(s, method, payload);
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining(method) } });
    expect(s[method as 'labPlan']).not.toHaveBeenCalled();
  });

  it('turns thrown errors into {code, message}', async () => {
    const s = service({
      engineInfo: async () => {
        throw new EngineUnreachableError('unix:///x', 'Cannot reach the Docker engine at unix:///x: is Docker running?');
      },
      labDestroy: async () => {
        throw new LabApiFailure('busy', 'Lab a is being deployed right now; wait until it finishes.');
      },
    });
    expect(await handleLabApiCall(s, 'engineInfo', {})).toEqual({ ok: false, error: { code: 'engine-unreachable', message: 'Cannot reach the Docker engine at unix:///x: is Docker running?' } });
    expect(await handleLabApiCall(s, 'labDestroy', { lab: 'a' })).toMatchObject({ ok: false, error: { code: 'busy' } });
  });
});

describe('toLabApiError', () => {
  it('keeps the message, never the stack', () => {
    const err = new Error('something broke');
    const out = toLabApiError(err);
    expect(out).toEqual({ code: 'failed', message: 'something broke' });
    expect(JSON.stringify(out)).not.toContain('api-dispatch');
  });

  it('does not pass file-system codes through as API codes', () => {
    const enoent = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', syscall: 'open' });
    expect(toLabApiError(enoent).code).toBe('failed');
  });

  it('reads a lost engine socket as engine-unreachable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED', syscall: 'connect' });
    expect(toLabApiError(refused).code).toBe('engine-unreachable');
  });

  it('copes with strings, nothing, and huge messages', () => {
    expect(toLabApiError('plain words')).toEqual({ code: 'failed', message: 'plain words' });
    expect(toLabApiError(undefined)).toEqual({ code: 'failed', message: 'Something went wrong.' });
    expect(toLabApiError(new Error('x'.repeat(10_000))).message.length).toBeLessThanOrEqual(2000);
  });
});

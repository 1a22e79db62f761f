// The bridge in-process, in front of a fake LabApi (our own contract, not Docker):
// what it serves, whom it lets in, and that nothing malformed reaches the service.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { LabApi, LabApiEventName, LabApiEvents } from '../api';
import { CONTENT_SECURITY_POLICY, isLoopbackAddress, startBridge, type Bridge } from './server';

type Listener = (payload: unknown) => void;

function fakeService() {
  const listeners = new Map<string, Set<Listener>>();
  const service = {
    engineInfo: vi.fn(async () => ({ reachable: true, endpoint: 'unix:///fake.sock', name: 'fake', version: '1.0' })),
    templatesList: vi.fn(async () => []),
    templatesRead: vi.fn(async ({ id }: { id: string }) => ({ id, text: '' })),
    filesList: vi.fn(async () => ({ folder: '/w', files: [] })),
    filesRead: vi.fn(async ({ path }: { path: string }) => ({ path, text: '' })),
    filesWrite: vi.fn(async ({ path }: { path: string }) => ({ path })),
    labPlan: vi.fn(async () => ({ diagnostics: [] })),
    labDeploy: vi.fn(async () => {
      throw Object.assign(new Error('Lab x is being deployed right now; wait until it finishes.'), { code: 'busy' });
    }),
    labStatus: vi.fn(async () => ({ lab: 'x', nodes: [], networks: [] })),
    labDestroy: vi.fn(async () => {
      throw new Error('boom inside the engine');
    }),
    labWatch: vi.fn(async ({ watch }: { watch: boolean }) => ({ watching: watch })),
    on: (event: string, listener: Listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => void set.delete(listener);
    },
  };
  const emit = <E extends LabApiEventName>(event: E, payload: LabApiEvents[E]) => listeners.get(event)?.forEach((l) => l(payload));
  return { service, emit, listeners };
}

/** A WebSocket client speaking the bridge protocol. */
class Client {
  private nextId = 1;
  readonly frames: Record<string, unknown>[] = [];
  private waiters: { match: (f: Record<string, unknown>) => boolean; resolve: (f: Record<string, unknown>) => void }[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => (w.match(frame) ? (w.resolve(frame), false) : true));
    });
  }
  static open(url: string): Promise<Client> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('error', reject);
    });
  }
  wait(match: (f: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const seen = this.frames.find(match);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
  call(method: string, params?: unknown) {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, method, params }));
    return this.wait((f) => f.id === id);
  }
  sendRaw(text: string) {
    this.ws.send(text);
    return this.wait((f) => f.id === null);
  }
}

/** Status of a refused upgrade, or 'open'. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number | 'open'> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve) => {
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', () => undefined);
  });
}

function get(port: number, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    // http.request sends the path as written: no client-side normalisation of "..".
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let dir: string;
let bridge: Bridge;
let fake: ReturnType<typeof fakeService>;
let wsUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'topolab-bridge-'));
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html><title>topolab</title>');
  writeFileSync(join(dir, 'static', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'package.json'), '{"secret": "outside the static folder"}');
  fake = fakeService();
  bridge = await startBridge({ service: fake.service as unknown as LabApi, staticDir: join(dir, 'static'), port: 0 });
  wsUrl = `ws://127.0.0.1:${bridge.port}/api?token=${bridge.token}`;
});

afterAll(async () => {
  await bridge.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => vi.clearAllMocks());

describe('bridge: static files', () => {
  it('serves index.html for / with the CSP, nosniff and no caching', async () => {
    const res = await get(bridge.port, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>topolab</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('serves scripts with their content type', async () => {
    const res = await get(bridge.port, '/app.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it.each(['/../package.json', '/..%2fpackage.json', '/%2e%2e/package.json', '/static/../../package.json'])('blocks traversal %s', async (path) => {
    const res = await get(bridge.port, path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('secret');
  });

  it('gives the bridge url with the token in the fragment', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/#token=${bridge.token}`);
    expect(bridge.token).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('bridge: who may connect', () => {
  it('refuses a socket without a token with 401', async () => {
    expect(await upgradeStatus(`ws://127.0.0.1:${bridge.port}/api`)).toBe(401);
  });

  it('refuses a wrong token with 401', async () => {
    expect(await upgradeStatus(`ws://127.0.0.1:${bridge.port}/api?token=${'0'.repeat(64)}`)).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${bridge.port}/api?token=short`)).toBe(401);
  });

  it('refuses another origin with 403, even with the token', async () => {
    expect(await upgradeStatus(wsUrl, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(wsUrl, { Origin: `http://localhost:${bridge.port + 1}` })).toBe(403);
  });

  it('accepts its own origin, or none (a non-browser client)', async () => {
    expect(await upgradeStatus(wsUrl, { Origin: `http://127.0.0.1:${bridge.port}` })).toBe('open');
    expect(await upgradeStatus(wsUrl)).toBe('open');
  });

  it('tells loopback peers from others', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('127.3.4.5')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('10.0.0.5')).toBe(false);
    expect(isLoopbackAddress('::ffff:10.0.0.5')).toBe(false);
    expect(isLoopbackAddress('128.0.0.1')).toBe(false);
    expect(isLoopbackAddress(undefined)).toBe(false);
  });
});

describe('bridge: protocol', () => {
  let client: Client;
  beforeAll(async () => {
    client = await Client.open(wsUrl);
  });
  afterAll(() => client.ws.close());

  it('round-trips a valid call', async () => {
    const reply = await client.call('engineInfo', {});
    expect(reply).toEqual({ id: expect.any(Number), ok: true, result: { reachable: true, endpoint: 'unix:///fake.sock', name: 'fake', version: '1.0' } });
    expect(fake.service.engineInfo).toHaveBeenCalledWith({});
    const read = await client.call('filesRead', { path: 'labs/a.yaml' });
    expect(read).toMatchObject({ ok: true, result: { path: 'labs/a.yaml' } });
  });

  it('rejects an unknown method without calling anything', async () => {
    const reply = await client.call('deleteEverything', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    for (const [name, fn] of Object.entries(fake.service)) if (name !== 'on') expect(fn, name).not.toHaveBeenCalled();
  });

  it.each([
    ['labPlan', { text: 42 }],
    ['filesRead', { path: '../../etc/passwd.yaml' }],
    ['filesRead', { path: '/etc/passwd.yaml' }],
    ['labDestroy', { lab: 'x', extra: true }],
  ])('rejects a malformed %s payload before the service sees it', async (method, params) => {
    const reply = await client.call(method, params);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(fake.service[method as 'labPlan']).not.toHaveBeenCalled();
  });

  it('answers malformed JSON with id null and keeps the connection', async () => {
    expect(await client.sendRaw('{not json')).toMatchObject({ id: null, ok: false, error: { code: 'invalid-request' } });
    expect(await client.sendRaw('[1,2]')).toMatchObject({ id: null, ok: false });
    expect(await client.sendRaw('{"method":"engineInfo"}')).toMatchObject({ id: null, ok: false });
    expect(await client.call('engineInfo')).toMatchObject({ ok: true });
  });

  it('carries service errors as {code, message} and never a stack', async () => {
    const busy = await client.call('labDeploy', { text: 'topolab: 1' });
    expect(busy).toMatchObject({ ok: false, error: { code: 'busy', message: expect.stringContaining('being deployed') } });
    const failed = await client.call('labDestroy', { lab: 'x' });
    expect(failed).toEqual({ id: expect.any(Number), ok: false, error: { code: 'failed', message: 'boom inside the engine' } });
    expect(JSON.stringify(failed)).not.toContain('at ');
  });

  it('pushes events to every connected client', async () => {
    const other = await Client.open(wsUrl);
    const payload = { lab: 'x', type: 'started' as const, key: 'network.create:lan', label: 'create network lan', counts: { total: 1, done: 0, failed: 0, running: 1 } };
    fake.emit('deployProgress', payload);
    fake.emit('labState', { lab: 'x', node: 'a', state: 'exited', status: 'Exited (137)', message: 'exited with code 137' });
    for (const c of [client, other]) {
      expect(await c.wait((f) => f.event === 'deployProgress')).toEqual({ event: 'deployProgress', payload });
      expect(await c.wait((f) => f.event === 'labState')).toMatchObject({ payload: { node: 'a', state: 'exited' } });
    }
    other.ws.close();
  });
});

describe('bridge: lifecycle', () => {
  it('stops listening and unsubscribes from the service on close', async () => {
    const own = fakeService();
    const b = await startBridge({ service: own.service as unknown as LabApi, staticDir: join(dir, 'static'), token: 'fixed-token' });
    expect(b.token).toBe('fixed-token');
    const c = await Client.open(`ws://127.0.0.1:${b.port}/api?token=fixed-token`);
    const closed = new Promise((r) => c.ws.once('close', r));
    await b.close();
    await closed;
    expect([...own.listeners.values()].every((s) => s.size === 0)).toBe(true);
    await expect(get(b.port, '/')).rejects.toThrow();
  });
});

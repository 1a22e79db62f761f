// Remote hosts are reached with the same endpoint logic as the engine topolab is
// connected to: a context from the docker CLI's store, or a DOCKER_HOST-style URL.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTargetEndpoint } from '../docker/engine';
import type { LabDocument } from '../model/schema';
import { reachRemoteHost, remoteEngine, remoteHostName, remoteHostsOf, remoteWhere } from './remote-host';

let configDir: string;
let sockets: string;
const sha = (name: string) => createHash('sha256').update(name).digest('hex');

beforeAll(() => {
  configDir = mkdtempSync(path.join(tmpdir(), 'topolab-remote-config-'));
  sockets = mkdtempSync(path.join(tmpdir(), 'topolab-remote-sock-'));
  const meta = path.join(configDir, 'contexts', 'meta', sha('box'));
  mkdirSync(meta, { recursive: true });
  writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: 'box', Endpoints: { docker: { Host: 'tcp://box.example:2376', SkipTLSVerify: false } } }));
  const tls = path.join(configDir, 'contexts', 'tls', sha('box'), 'docker');
  mkdirSync(tls, { recursive: true });
  for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(path.join(tls, f), f);
});

afterAll(() => {
  rmSync(configDir, { recursive: true, force: true });
  rmSync(sockets, { recursive: true, force: true });
});

describe('where a remote host is', () => {
  it('lists the remote hosts of a file with their context or URL', () => {
    const doc = { topolab: 1, name: 'r', hosts: [{ id: 'local', kind: 'local' }, { id: 'far', kind: 'remote', url: 'ssh://me@far' }, { id: 'box', kind: 'remote', context: 'box' }] } as LabDocument;
    expect(remoteHostsOf(doc)).toEqual({ far: { url: 'ssh://me@far' }, box: { context: 'box' } });
  });

  it('resolves a context from the docker CLI store, TLS material included, as for the main engine', () => {
    const env = { DOCKER_CONFIG: configDir };
    expect(resolveTargetEndpoint({ context: 'box' }, env)).toEqual({
      host: 'tcp://box.example:2376', source: 'context box', tlsVerify: true, tlsDir: path.join(configDir, 'contexts', 'tls', sha('box'), 'docker'),
    });
    expect(remoteWhere({ context: 'box' }, env)).toBe('tcp://box.example:2376 (context box)');
    expect(remoteHostName('b', { context: 'box' }, env)).toBe('remote host b at tcp://box.example:2376 (context box)');
    expect(remoteHostName('n', { context: 'nope' }, env)).toBe('remote host n (context nope)');
  });

  it('takes a URL as DOCKER_HOST would be taken, TLS variables included', () => {
    expect(resolveTargetEndpoint({ url: 'ssh://me@far' }, {})).toEqual({ host: 'ssh://me@far', source: 'url', tlsVerify: false, tlsDir: undefined });
    expect(resolveTargetEndpoint({ url: 'tcp://far:2376' }, { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' })).toMatchObject({ tlsVerify: true, tlsDir: '/certs' });
    expect(remoteHostName('far', { url: 'ssh://me@far' })).toBe('remote host far at ssh://me@far');
  });
});

describe('reaching a remote host', () => {
  it('a socket with no engine behind it: one sentence naming the host and its URL', async () => {
    const url = `unix://${sockets}/docker.sock`;
    const reach = await reachRemoteHost('far', { url }, { timeoutMs: 2000 });
    expect(reach.docker).toBeUndefined();
    expect(reach.problem).toBe(`Cannot reach remote host far at ${url}: is Docker running there?`);
  });

  it('a context that does not exist: one sentence naming the host and the context', async () => {
    const reach = await reachRemoteHost('box2', { context: 'gone' }, { env: { DOCKER_CONFIG: configDir } });
    expect(reach.problem).toMatch(/^Cannot reach remote host box2: Docker context "gone" has no engine endpoint \(looked in .*meta\.json\)\.$/);
    expect(reach.problem).not.toContain('\n');
    expect(reach.where).toBe('context gone');
  });

  it('keeps one client per endpoint', () => {
    const env = { DOCKER_CONFIG: configDir };
    expect(remoteEngine('a', { context: 'box' }, env)).toBe(remoteEngine('b', { context: 'box' }, env));
    expect(remoteEngine('a', { url: 'unix:///run/a.sock' }, env)).not.toBe(remoteEngine('a', { url: 'unix:///run/b.sock' }, env));
  });
});

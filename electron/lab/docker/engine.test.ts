import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { Agent as HttpsAgent, createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, DEFAULT_DOCKER_HOST, dockerodeOptions, EngineUnreachableError, isLocalEndpoint, resolveEngineEndpoint, type EngineEndpoint } from './engine';

let configDir: string;

const sha = (name: string) => createHash('sha256').update(name).digest('hex');

/** Writes a context the way `docker context create` does: contexts/meta/<sha256(name)>/meta.json. */
function writeContext(name: string, host: string, opts: { skipTlsVerify?: boolean; tls?: boolean } = {}): void {
  const dir = path.join(configDir, 'contexts', 'meta', sha(name));
  mkdirSync(dir, { recursive: true });
  const meta = { Name: name, Metadata: { Description: '' }, Endpoints: { docker: { Host: host, SkipTLSVerify: opts.skipTlsVerify ?? false } } };
  writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta));
  if (opts.tls) {
    const tls = path.join(configDir, 'contexts', 'tls', sha(name), 'docker');
    mkdirSync(tls, { recursive: true });
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(path.join(tls, f), `${name} ${f}`);
  }
}

beforeAll(() => {
  configDir = mkdtempSync(path.join(tmpdir(), 'topolab-docker-config-'));
  writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ auths: {}, currentContext: 'remote' }));
  writeContext('remote', 'tcp://remote.example:2376', { tls: true });
  writeContext('lab box', 'ssh://lab@box.example');
  writeContext('rootless', 'unix:///run/user/1000/docker.sock');
  writeContext('insecure', 'tcp://10.0.0.9:2375', { skipTlsVerify: true });
  // A context whose meta.json has no docker endpoint (e.g. a kubernetes-only context).
  mkdirSync(path.join(configDir, 'contexts', 'meta', sha('k8s-only')), { recursive: true });
  writeFileSync(path.join(configDir, 'contexts', 'meta', sha('k8s-only'), 'meta.json'), JSON.stringify({ Name: 'k8s-only', Endpoints: {} }));
});

afterAll(() => {
  rmSync(configDir, { recursive: true, force: true });
});

/** A fresh DOCKER_CONFIG with no config.json at all. */
function emptyConfig(): string {
  return mkdtempSync(path.join(tmpdir(), 'topolab-docker-config-empty-'));
}

describe('resolveEngineEndpoint', () => {
  it('DOCKER_HOST wins over DOCKER_CONTEXT and the current context', () => {
    const ep = resolveEngineEndpoint({ DOCKER_CONFIG: configDir, DOCKER_HOST: 'unix:///tmp/other.sock', DOCKER_CONTEXT: 'rootless' });
    expect(ep).toEqual({ host: 'unix:///tmp/other.sock', source: 'DOCKER_HOST', tlsVerify: false, tlsDir: undefined });
  });

  it('DOCKER_CONTEXT wins over the current context of config.json', () => {
    const ep = resolveEngineEndpoint({ DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'rootless' });
    expect(ep.host).toBe('unix:///run/user/1000/docker.sock');
    expect(ep.source).toBe('context rootless');
    expect(ep.tlsDir).toBeUndefined();
  });

  it('uses the current context of config.json, with its TLS material', () => {
    const ep = resolveEngineEndpoint({ DOCKER_CONFIG: configDir });
    expect(ep).toEqual({
      host: 'tcp://remote.example:2376',
      source: 'context remote',
      tlsVerify: true,
      tlsDir: path.join(configDir, 'contexts', 'tls', sha('remote'), 'docker'),
    });
  });

  it('finds a context whose name needs hashing (spaces)', () => {
    expect(resolveEngineEndpoint({ DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'lab box' }).host).toBe('ssh://lab@box.example');
  });

  it('honours SkipTLSVerify of a context', () => {
    expect(resolveEngineEndpoint({ DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'insecure' }).tlsVerify).toBe(false);
  });

  it("treats the context named 'default' as the default socket, from the environment or config.json", () => {
    const expected = { host: DEFAULT_DOCKER_HOST, source: 'default', tlsVerify: false };
    expect(resolveEngineEndpoint({ DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'default' })).toEqual(expected);
    const dir = emptyConfig();
    try {
      writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ currentContext: 'default' }));
      expect(resolveEngineEndpoint({ DOCKER_CONFIG: dir })).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back to the default socket with no config.json, or an unreadable one', () => {
    const dir = emptyConfig();
    try {
      expect(resolveEngineEndpoint({ DOCKER_CONFIG: dir })).toEqual({ host: 'unix:///var/run/docker.sock', source: 'default', tlsVerify: false });
      writeFileSync(path.join(dir, 'config.json'), '{ not json');
      expect(resolveEngineEndpoint({ DOCKER_CONFIG: dir }).source).toBe('default');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an empty DOCKER_HOST or DOCKER_CONTEXT counts as unset', () => {
    expect(resolveEngineEndpoint({ DOCKER_CONFIG: configDir, DOCKER_HOST: '', DOCKER_CONTEXT: '' }).source).toBe('context remote');
  });

  it('a context that does not exist is a clear, one-sentence error naming it', () => {
    let error: unknown;
    try {
      resolveEngineEndpoint({ DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'nope' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EngineUnreachableError);
    const e = error as EngineUnreachableError;
    expect(e.name).toBe('EngineUnreachableError');
    expect(e.endpoint).toBe('nope');
    expect(e.message).toContain('Docker context "nope"');
    expect(e.message).toContain(path.join(configDir, 'contexts', 'meta', sha('nope'), 'meta.json'));
    expect(e.message).not.toContain('\n');
    expect(e.message).toMatch(/\.$/);
  });

  it('a context with no docker endpoint is the same clear error', () => {
    expect(() => resolveEngineEndpoint({ DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'k8s-only' })).toThrow(/Docker context "k8s-only" has no engine endpoint/);
  });

  it('a current context in config.json that is missing is an error too, not a silent fallback', () => {
    const dir = emptyConfig();
    try {
      writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ currentContext: 'gone' }));
      expect(() => resolveEngineEndpoint({ DOCKER_CONFIG: dir })).toThrow(EngineUnreachableError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('TLS from the environment', () => {
    it('DOCKER_TLS_VERIFY turns TLS on, with DOCKER_CERT_PATH as the material', () => {
      expect(resolveEngineEndpoint({ DOCKER_CONFIG: configDir, DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' })).toEqual({
        host: 'tcp://h:2376',
        source: 'DOCKER_HOST',
        tlsVerify: true,
        tlsDir: '/certs',
      });
    });

    it('the TLS material defaults to the docker config dir', () => {
      expect(resolveEngineEndpoint({ DOCKER_CONFIG: configDir, DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' }).tlsDir).toBe(configDir);
    });

    it('any non-empty DOCKER_TLS_VERIFY turns verification on, as with the docker CLI', () => {
      for (const value of ['1', 'true', '0', 'false', 'no']) {
        expect(resolveEngineEndpoint({ DOCKER_CONFIG: configDir, DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: value }).tlsVerify).toBe(true);
      }
      expect(resolveEngineEndpoint({ DOCKER_CONFIG: configDir, DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '' }).tlsVerify).toBe(false);
    });

    it('DOCKER_TLS alone: TLS without verification', () => {
      const ep = resolveEngineEndpoint({ DOCKER_CONFIG: configDir, DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: '/certs' });
      expect(ep.tlsVerify).toBe(false);
      expect(ep.tlsDir).toBe('/certs');
    });

    it('no TLS variables: plain TCP', () => {
      const ep = resolveEngineEndpoint({ DOCKER_CONFIG: configDir, DOCKER_HOST: 'tcp://h:2375', DOCKER_CERT_PATH: '/certs' });
      expect(ep.tlsVerify).toBe(false);
      expect(ep.tlsDir).toBeUndefined();
    });
  });
});

describe('dockerodeOptions', () => {
  const ep = (host: string, more: Partial<EngineEndpoint> = {}): EngineEndpoint => ({ host, source: 'test', tlsVerify: false, ...more });

  it('unix sockets', () => {
    expect(dockerodeOptions(ep('unix:///var/run/docker.sock'), {})).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(dockerodeOptions(ep('unix:///run/user/1000/docker.sock'), {})).toEqual({ socketPath: '/run/user/1000/docker.sock' });
    expect(dockerodeOptions(ep('unix://'), {})).toEqual({ socketPath: '/var/run/docker.sock' });
  });

  it('plain tcp, with and without a port or a scheme', () => {
    expect(dockerodeOptions(ep('tcp://10.0.0.9:2375'), {})).toEqual({ host: '10.0.0.9', port: '2375', protocol: 'http' });
    expect(dockerodeOptions(ep('tcp://docker.example'), {})).toMatchObject({ host: 'docker.example', port: 2375, protocol: 'http' });
    expect(dockerodeOptions(ep('10.0.0.9:4243'), {})).toMatchObject({ host: '10.0.0.9', port: '4243', protocol: 'http' });
  });

  it('tcp with TLS: https, port 2376 by default, and the PEM files of the TLS dir', () => {
    const certs = mkdtempSync(path.join(tmpdir(), 'topolab-certs-'));
    try {
      for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(path.join(certs, f), `contents of ${f}`);
      const o = dockerodeOptions(ep('tcp://secure.example', { tlsDir: certs, tlsVerify: true }), {});
      expect(o).toMatchObject({ host: 'secure.example', port: 2376, protocol: 'https' });
      expect(String(o.ca)).toBe('contents of ca.pem');
      expect(String(o.cert)).toBe('contents of cert.pem');
      expect(String(o.key)).toBe('contents of key.pem');
    } finally {
      rmSync(certs, { recursive: true, force: true });
    }
  });

  it('tcp with TLS from the environment, end to end', () => {
    const certs = mkdtempSync(path.join(tmpdir(), 'topolab-certs-'));
    try {
      writeFileSync(path.join(certs, 'ca.pem'), 'CA');
      const env = { DOCKER_CONFIG: configDir, DOCKER_HOST: 'tcp://h.example:12376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs };
      const o = dockerodeOptions(resolveEngineEndpoint(env), env);
      expect(o).toMatchObject({ host: 'h.example', port: '12376', protocol: 'https' });
      expect(String(o.ca)).toBe('CA');
      // Missing files are left out rather than failing here.
      expect(o.cert).toBeUndefined();
      expect(o.key).toBeUndefined();
    } finally {
      rmSync(certs, { recursive: true, force: true });
    }
  });

  it('a TLS context: https with the context TLS material', () => {
    const env = { DOCKER_CONFIG: configDir };
    const o = dockerodeOptions(resolveEngineEndpoint(env), env);
    expect(o).toMatchObject({ host: 'remote.example', port: '2376', protocol: 'https' });
    expect(String(o.ca)).toBe('remote ca.pem');
    // Verified: no agent of our own, so Node checks the certificate against ca.
    expect(o.agent).toBeUndefined();
  });

  it('TLS without verification: an https agent that does not reject unknown certificates', () => {
    const o = dockerodeOptions(ep('tcp://secure.example', { tlsDir: '/nonexistent', tlsVerify: false }), {});
    expect(o).toMatchObject({ protocol: 'https', port: 2376 });
    expect(o.agent).toBeInstanceOf(HttpsAgent);
    expect(o.agent?.options.rejectUnauthorized).toBe(false);
  });

  it('a TLS context with SkipTLSVerify: https without verification', () => {
    const dir = emptyConfig();
    const prev = configDir;
    try {
      configDir = dir;
      writeContext('skip', 'tcp://skip.example:2376', { tls: true, skipTlsVerify: true });
      const env = { DOCKER_CONFIG: dir, DOCKER_CONTEXT: 'skip' };
      const o = dockerodeOptions(resolveEngineEndpoint(env), env);
      expect(o).toMatchObject({ host: 'skip.example', protocol: 'https' });
      expect(String(o.ca)).toBe('skip ca.pem');
      expect(o.agent?.options.rejectUnauthorized).toBe(false);
    } finally {
      configDir = prev;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ssh: user, host and port, authenticating with the SSH agent when there is one', () => {
    expect(dockerodeOptions(ep('ssh://lab@box.example:2222'), { SSH_AUTH_SOCK: '/tmp/agent.sock' })).toEqual({
      protocol: 'ssh',
      host: 'box.example',
      port: '2222',
      username: 'lab',
      sshOptions: { agent: '/tmp/agent.sock' },
    });
  });

  it('ssh: port 22 and no username by default', () => {
    const o = dockerodeOptions(ep('ssh://box.example'), { SSH_AUTH_SOCK: '/tmp/agent.sock' }) as Record<string, unknown>;
    expect(o).toMatchObject({ protocol: 'ssh', host: 'box.example', port: 22 });
    expect(o.username).toBeUndefined();
  });

  it('ssh from a context', () => {
    const env = { DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'lab box', SSH_AUTH_SOCK: '/tmp/agent.sock' };
    expect(dockerodeOptions(resolveEngineEndpoint(env), env)).toMatchObject({ protocol: 'ssh', host: 'box.example', username: 'lab' });
  });
});

describe('isLocalEndpoint', () => {
  it('unix sockets and named pipes are local; tcp and ssh are not, even to localhost', () => {
    expect(isLocalEndpoint('unix:///var/run/docker.sock')).toBe(true);
    expect(isLocalEndpoint('npipe:////./pipe/docker_engine')).toBe(true);
    expect(isLocalEndpoint('tcp://127.0.0.1:2375')).toBe(false);
    expect(isLocalEndpoint('ssh://me@localhost')).toBe(false);
  });
});

// No Docker engine is involved below: the endpoints are a socket path that does not
// exist, a closed local port, and a tiny HTTP server standing in for a broken engine.
describe('EngineUnreachableError from connectEngine', () => {
  async function failure(env: Record<string, string>): Promise<EngineUnreachableError> {
    try {
      await connectEngine({ env: { DOCKER_CONFIG: configDir, ...env }, timeoutMs: 3000 });
    } catch (err) {
      expect(err).toBeInstanceOf(EngineUnreachableError);
      return err as EngineUnreachableError;
    }
    throw new Error('connectEngine unexpectedly succeeded');
  }

  it('a missing socket: one sentence naming the endpoint and how to start Docker', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'topolab-nosock-'));
    try {
      const host = `unix://${dir}/docker.sock`;
      const e = await failure({ DOCKER_HOST: host });
      expect(e.endpoint).toBe(host);
      expect(e.message).toBe(`Cannot reach the Docker engine at ${host}: is Docker running? (start it with \`sudo systemctl start docker\` or \`dockerd &\`)`);
      expect(e.message).not.toContain('\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a closed TCP port: one sentence, no local start hint', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const e = await failure({ DOCKER_HOST: `tcp://127.0.0.1:${port}` });
    expect(e.message).toBe(`Cannot reach the Docker engine at tcp://127.0.0.1:${port}: is Docker running?`);
  });

  describe('an endpoint that answers, but not like an engine', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = createServer((_req, res) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('something broke\nsee the daemon log\n');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('names the endpoint and quotes what it said', async () => {
      const e = await failure({ DOCKER_HOST: `tcp://127.0.0.1:${port}` });
      expect(e.endpoint).toBe(`tcp://127.0.0.1:${port}`);
      expect(e.message).toMatch(new RegExp(`^Cannot reach the Docker engine at tcp://127\\.0\\.0\\.1:${port}: something broke`));
    });

    // A multi-line answer (a proxy's HTML error page, a daemon's stack trace) is quoted
    // on one line, so the message stays one sentence.
    it('keeps the message on one line when the answer has several lines', async () => {
      const e = await failure({ DOCKER_HOST: `tcp://127.0.0.1:${port}` });
      expect(e.message).not.toContain('\n');
    });

    it('quotes the answer on one line, whitespace collapsed', async () => {
      const e = await failure({ DOCKER_HOST: `tcp://127.0.0.1:${port}` });
      expect(e.message).toBe(`Cannot reach the Docker engine at tcp://127.0.0.1:${port}: something broke see the daemon log; is Docker running?`);
    });
  });

  describe('an endpoint that answers with a long page', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = createServer((_req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end(`<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n${'<p>proxy details</p>\r\n'.repeat(100)}</body></html>\r\n`);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('caps the quote, on one line', async () => {
      const e = await failure({ DOCKER_HOST: `tcp://127.0.0.1:${port}` });
      expect(e.message).toMatch(new RegExp(`^Cannot reach the Docker engine at tcp://127\\.0\\.0\\.1:${port}: <html> <head><title>502 Bad Gateway`));
      expect(e.message).toMatch(/…; is Docker running\?$/);
      expect(e.message).not.toMatch(/[\r\n]/);
      expect(e.message.length).toBeLessThan(300);
    });
  });
});

// A stand-in engine over TLS with a self-signed certificate (made with the openssl CLI;
// skipped where there is none). Only /_ping is answered, which is all connectEngine asks.
const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasOpenssl)('TLS endpoints, against a local HTTPS stand-in', () => {
  let dir: string;
  let server: Server;
  let host: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'topolab-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'server-key.pem'), '-out', path.join(dir, 'server-cert.pem')], { stdio: 'ignore' });
    mkdirSync(path.join(dir, 'trusting'));
    writeFileSync(path.join(dir, 'trusting', 'ca.pem'), readFileSync(path.join(dir, 'server-cert.pem')));
    mkdirSync(path.join(dir, 'empty'));
    server = createHttpsServer({ key: readFileSync(path.join(dir, 'server-key.pem')), cert: readFileSync(path.join(dir, 'server-cert.pem')) }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'api-version': '1.41' });
      res.end('OK');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `tcp://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('DOCKER_TLS_VERIFY with the CA in DOCKER_CERT_PATH connects', async () => {
    const { endpoint } = await connectEngine({ env: { DOCKER_CONFIG: configDir, DOCKER_HOST: host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.join(dir, 'trusting') }, timeoutMs: 3000 });
    expect(endpoint).toBe(host);
  });

  it('DOCKER_TLS_VERIFY without the CA refuses the unknown certificate', async () => {
    await expect(connectEngine({ env: { DOCKER_CONFIG: configDir, DOCKER_HOST: host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.join(dir, 'empty') }, timeoutMs: 3000 })).rejects.toThrow(
      EngineUnreachableError,
    );
  });

  it('a refused certificate is one sentence pointing at the TLS certificates, not at Docker not running', async () => {
    const error = await connectEngine({ env: { DOCKER_CONFIG: configDir, DOCKER_HOST: host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.join(dir, 'empty') }, timeoutMs: 3000 }).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(error?.message).toMatch(new RegExp(`^Cannot reach the Docker engine at ${host.replace(/\./g, '\\.')}: .*certificate.*; check the engine's TLS certificates`));
    expect(error?.message).not.toContain('is Docker running');
    expect(error?.message).not.toContain('\n');
  });

  // Like the docker CLI: DOCKER_TLS without DOCKER_TLS_VERIFY (and a context with
  // SkipTLSVerify: true) encrypts but does not check the server certificate.
  it('DOCKER_TLS without DOCKER_TLS_VERIFY does not verify the server certificate', async () => {
    const { endpoint } = await connectEngine({ env: { DOCKER_CONFIG: configDir, DOCKER_HOST: host, DOCKER_TLS: '1', DOCKER_CERT_PATH: path.join(dir, 'empty') }, timeoutMs: 3000 });
    expect(endpoint).toBe(host);
  });
});

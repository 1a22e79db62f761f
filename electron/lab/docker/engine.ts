// Which Docker engine to talk to, resolved the way the docker CLI does it:
// DOCKER_HOST, then DOCKER_CONTEXT, then the current context of ~/.docker/config.json,
// then the default unix socket. connectEngine pings it and fails in one sentence.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import type { EngineFacts } from '../plan/types';
import { engineMessage } from './errors';

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

export class EngineUnreachableError extends Error {
  override name = 'EngineUnreachableError';
  constructor(
    readonly endpoint: string,
    message: string,
  ) {
    super(message);
  }
}

export interface EngineEndpoint {
  /** URL of the engine: unix:///…, tcp://host:port, ssh://user@host. */
  host: string;
  /** Where it came from, for messages: 'DOCKER_HOST', 'context <name>', 'default'. */
  source: string;
  /** TLS material directory (ca.pem, cert.pem, key.pem), when TLS is on. */
  tlsDir?: string;
  tlsVerify: boolean;
}

type Env = Record<string, string | undefined>;

function dockerConfigDir(env: Env): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** A DOCKER_HOST-style URL as an endpoint; TLS as the docker CLI decides it for DOCKER_HOST (DOCKER_TLS_VERIFY, DOCKER_TLS, DOCKER_CERT_PATH). */
function endpointFromUrl(host: string, source: string, env: Env): EngineEndpoint {
  // Like the docker CLI: any non-empty value turns verification on, even "0" or "false".
  const tlsVerify = !!env.DOCKER_TLS_VERIFY;
  const tls = tlsVerify || !!env.DOCKER_TLS;
  return { host, source, tlsVerify, tlsDir: tls ? env.DOCKER_CERT_PATH || dockerConfigDir(env) : undefined };
}

/** A Docker context's endpoint, from the docker CLI's context store (contexts/meta/<sha256(name)>/meta.json). */
function endpointFromContext(context: string, env: Env): EngineEndpoint {
  if (context === 'default') return { host: DEFAULT_DOCKER_HOST, source: 'context default', tlsVerify: false };
  const configDir = dockerConfigDir(env);
  const hash = createHash('sha256').update(context).digest('hex');
  const meta = readJson(join(configDir, 'contexts', 'meta', hash, 'meta.json')) as
    | { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } }
    | undefined;
  const docker = meta?.Endpoints?.docker;
  if (!docker?.Host) {
    throw new EngineUnreachableError(context, `Docker context "${context}" has no engine endpoint (looked in ${join(configDir, 'contexts', 'meta', hash, 'meta.json')}).`);
  }
  const tlsDir = join(configDir, 'contexts', 'tls', hash, 'docker');
  return { host: docker.Host, source: `context ${context}`, tlsVerify: !docker.SkipTLSVerify, tlsDir: existsSync(tlsDir) ? tlsDir : undefined };
}

/** Resolves the engine endpoint from the environment and the docker CLI configuration (no network access). */
export function resolveEngineEndpoint(env: Env = process.env): EngineEndpoint {
  if (env.DOCKER_HOST) return endpointFromUrl(env.DOCKER_HOST, 'DOCKER_HOST', env);
  let context = env.DOCKER_CONTEXT;
  if (!context) {
    const config = readJson(join(dockerConfigDir(env), 'config.json')) as { currentContext?: string } | undefined;
    context = config?.currentContext;
  }
  if (context && context !== 'default') return endpointFromContext(context, env);
  return { host: DEFAULT_DOCKER_HOST, source: 'default', tlsVerify: false };
}

/** Where another engine of a lab is (a remote host): a Docker context name, or a DOCKER_HOST-style URL. */
export interface EngineTarget {
  context?: string;
  url?: string;
}

/**
 * Resolves a remote host's endpoint as `docker --context <name>` or `DOCKER_HOST=<url> docker`
 * would (the same code as for the engine topolab is connected to; no network access).
 */
export function resolveTargetEndpoint(target: EngineTarget, env: Env = process.env): EngineEndpoint {
  if (target.url) return endpointFromUrl(target.url, 'url', env);
  if (target.context) return endpointFromContext(target.context, env);
  throw new EngineUnreachableError('', 'A remote host needs a Docker context or a URL.');
}

/**
 * Dockerode options, plus the `agent` that docker-modem hands to every http(s) request
 * (missing from @types/dockerode). An https Agent's own options take precedence over
 * the request's, which is how verification is turned off for one engine only.
 */
export type EngineOptions = Dockerode.DockerOptions & { agent?: HttpsAgent };

/** Dockerode constructor options for an endpoint. */
export function dockerodeOptions(endpoint: EngineEndpoint, env: Env = process.env): EngineOptions {
  const host = endpoint.host;
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) || '/var/run/docker.sock' };
  if (host.startsWith('npipe://')) return { socketPath: host.slice('npipe://'.length) || '//./pipe/docker_engine' };
  const url = new URL(host.includes('//') ? host : `tcp://${host}`);
  if (url.protocol === 'ssh:') {
    const sshOptions: Record<string, unknown> = {};
    if (env.SSH_AUTH_SOCK) sshOptions.agent = env.SSH_AUTH_SOCK;
    else {
      const key = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((k) => join(homedir(), '.ssh', k)).find((k) => existsSync(k));
      if (key) sshOptions.privateKey = readFileSync(key);
    }
    return {
      protocol: 'ssh',
      host: url.hostname,
      port: url.port || 22,
      username: decodeURIComponent(url.username) || undefined,
      sshOptions,
    } as Dockerode.DockerOptions;
  }
  const options: EngineOptions = { host: url.hostname, port: url.port || (endpoint.tlsDir ? 2376 : 2375), protocol: 'http' };
  if (endpoint.tlsDir) {
    options.protocol = 'https';
    const read = (name: string): Buffer | undefined => {
      const file = join(endpoint.tlsDir as string, name);
      return existsSync(file) ? readFileSync(file) : undefined;
    };
    options.ca = read('ca.pem');
    options.cert = read('cert.pem');
    options.key = read('key.pem');
    // DOCKER_TLS without DOCKER_TLS_VERIFY, or a context with SkipTLSVerify: encrypted,
    // but the server certificate is not checked (the client certificate is still sent).
    if (!endpoint.tlsVerify) options.agent = new HttpsAgent({ rejectUnauthorized: false });
  }
  return options;
}

/** Whether the engine runs on this machine (a unix socket), so host interfaces are its interfaces. */
export function isLocalEndpoint(endpoint: string): boolean {
  return endpoint.startsWith('unix://') || endpoint.startsWith('npipe://');
}

/** Longest quote of the engine's (or a proxy's) own answer in an unreachable message. */
const MAX_QUOTE = 200;

/** Text from elsewhere, made fit for the middle of one sentence: one line, no final period, capped. */
function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim().replace(/[.;:,]+$/, '');
  return flat.length > MAX_QUOTE ? `${flat.slice(0, MAX_QUOTE - 1).trimEnd()}…` : flat;
}

/** Whether a connection failed on TLS (handshake, certificate, verification) rather than on the engine. */
function isTlsError(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && /CERT|SSL|TLS|^EPROTO$|SIGNATURE|ISSUER|UNABLE_TO_(GET|VERIFY|DECRYPT)/.test(code)) return true;
  return typeof message === 'string' && /certificate|\bSSL\b|\bTLS\b|handshake/i.test(message);
}

/** How an unreachable engine is named in the sentence: "the Docker engine at <url>", or a remote host with its URL or context. */
export interface EngineSubject {
  /** Leads the sentence after "Cannot reach ": default "the Docker engine at <endpoint>". */
  name?: string;
  /** Whether to add how to start Docker on this machine (the engine topolab is connected to, on a local socket). */
  startHint?: boolean;
}

/** Why an engine cannot be reached, in one sentence. */
export function unreachableSentence(endpoint: string, err: unknown, timeoutMs = 5000, subject: EngineSubject = {}): string {
  const code = (err as { code?: string } | undefined)?.code;
  const local = isLocalEndpoint(endpoint);
  const who = subject.name ?? `the Docker engine at ${endpoint}`;
  const there = subject.name ? ' there' : '';
  const startHint = (subject.startHint ?? local) ? ' (start it with `sudo systemctl start docker` or `dockerd &`)' : '';
  if (code === 'EACCES' || code === 'EPERM') {
    return `Cannot reach ${who}: permission denied on the socket (add your user to the docker group with \`sudo usermod -aG docker $USER\` and log in again).`;
  }
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    return `Cannot reach ${who}: is Docker running${there}?${startHint}`;
  }
  if (code === 'ETIMEDOUT' || code === 'TIMEOUT') {
    return `Cannot reach ${who}: no answer within ${timeoutMs / 1000} seconds, is the host up and Docker listening there?`;
  }
  const text = quote(engineMessage(err));
  if (isTlsError(err)) {
    return `Cannot reach ${who}: ${text}; check the engine's TLS certificates (ca.pem, cert.pem, key.pem in DOCKER_CERT_PATH or the context's TLS folder).`;
  }
  return `Cannot reach ${who}: ${text}; is Docker running${there}?${startHint}`;
}

/** A dockerode client for an endpoint; an address it cannot use is one sentence. */
export function engineClient(resolved: EngineEndpoint, env: Env = process.env, subject: EngineSubject = {}): Dockerode {
  try {
    return new Dockerode(dockerodeOptions(resolved, env));
  } catch (err) {
    const who = subject.name ?? `the Docker engine address ${resolved.host} (from ${resolved.source})`;
    throw new EngineUnreachableError(resolved.host, `Cannot use ${who}: ${quote(engineMessage(err))}.`);
  }
}

/** Pings an engine, giving up after `timeoutMs`; fails with an EngineUnreachableError in one sentence. */
export async function pingEngine(docker: Dockerode, endpoint: string, timeoutMs = 5000, subject: EngineSubject = {}): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })), timeoutMs);
      }),
    ]);
  } catch (err) {
    throw new EngineUnreachableError(endpoint, unreachableSentence(endpoint, err, timeoutMs, subject));
  } finally {
    clearTimeout(timer);
  }
}

/** Connects to the engine the docker CLI would use, and pings it. */
export async function connectEngine(opts: { env?: Env; timeoutMs?: number } = {}): Promise<{ docker: Dockerode; endpoint: string }> {
  const env = opts.env ?? process.env;
  const resolved = resolveEngineEndpoint(env);
  const docker = engineClient(resolved, env);
  await pingEngine(docker, resolved.host, opts.timeoutMs ?? 5000);
  return { docker, endpoint: resolved.host };
}

interface DockerInfo {
  ID?: string;
  Name?: string;
  ServerVersion?: string;
  KernelVersion?: string;
  Swarm?: { LocalNodeState?: string; NodeAddr?: string };
}

const SWARM_STATES = new Set(['inactive', 'pending', 'active', 'error', 'locked']);

export function engineFactsFromInfo(info: DockerInfo): EngineFacts {
  const state = info.Swarm?.LocalNodeState ?? '';
  return {
    id: info.ID ?? 'unknown',
    name: info.Name ?? 'unknown',
    serverVersion: info.ServerVersion ?? '',
    kernelVersion: info.KernelVersion ?? '',
    swarm: (SWARM_STATES.has(state) ? state : 'inactive') as EngineFacts['swarm'],
  };
}

export async function readEngineFacts(docker: Dockerode): Promise<EngineFacts> {
  return engineFactsFromInfo((await docker.info()) as DockerInfo);
}

// Remote hosts: Docker engines on other machines, named in the lab file by a Docker
// context or a DOCKER_HOST-style URL (ssh://, tcp:// with TLS, unix://), reached with
// the very code that reaches the engine topolab is connected to (docker/engine.ts).
// topolab does not own those machines: it never starts, stops or copies images to
// them; it only creates and removes the lab's own labelled objects there.
import type Dockerode from 'dockerode';
import { EngineUnreachableError, engineClient, pingEngine, resolveTargetEndpoint, type EngineTarget } from '../docker/engine';
import { engineMessage } from '../docker/errors';
import type { LabDocument } from '../model/schema';

export type { EngineTarget };

/** The remote hosts of a lab file: id → where its engine is. */
export type RemoteHosts = Record<string, EngineTarget>;

type Env = Record<string, string | undefined>;

/** How long a remote engine gets to answer a ping before it counts as unreachable. */
export const REMOTE_ANSWER_MS = 5000;

/** The remote hosts of a lab file, by id. */
export function remoteHostsOf(document: LabDocument): RemoteHosts {
  const out: RemoteHosts = {};
  for (const h of document.hosts ?? []) {
    if (h.kind === 'remote') out[h.id] = { ...(h.context !== undefined ? { context: h.context } : {}), ...(h.url !== undefined ? { url: h.url } : {}) };
  }
  return out;
}

/** Where a remote host is, for messages: its URL, or its context (with the context's URL when it resolves). */
export function remoteWhere(target: EngineTarget, env: Env = process.env): string {
  if (target.url) return target.url;
  try {
    return `${resolveTargetEndpoint(target, env).host} (context ${target.context})`;
  } catch {
    return `context ${target.context}`;
  }
}

/** "remote host far at ssh://me@box": how a remote host is named in a sentence. */
export function remoteHostName(id: string, target: EngineTarget, env: Env = process.env): string {
  const where = remoteWhere(target, env);
  return where.startsWith('context ') ? `remote host ${id} (${where})` : `remote host ${id} at ${where}`;
}

/** One client per remote endpoint for the whole process, so connections (an ssh session, a TLS session) are shared. */
const clients = new Map<string, Dockerode>();

/**
 * The client of a remote host's engine (no network access). A context that does not
 * exist, or an address that cannot be used, is an EngineUnreachableError in one
 * sentence naming the host.
 */
export function remoteEngine(id: string, target: EngineTarget, env: Env = process.env): Dockerode {
  let endpoint;
  try {
    endpoint = resolveTargetEndpoint(target, env);
  } catch (err) {
    throw new EngineUnreachableError(target.url ?? target.context ?? '', `Cannot reach remote host ${id}: ${engineMessage(err).replace(/\.$/, '')}.`);
  }
  const key = JSON.stringify([endpoint.host, endpoint.tlsDir ?? '', endpoint.tlsVerify]);
  let client = clients.get(key);
  if (!client) {
    client = engineClient(endpoint, env, { name: remoteHostName(id, target, env) });
    clients.set(key, client);
  }
  return client;
}

export type RemoteReach = { docker: Dockerode; where: string; problem?: undefined } | { docker?: undefined; where: string; problem: string };

/** Connects to a remote host's engine and pings it: its client, or why it cannot be reached, in one sentence naming the host and its URL or context. */
export async function reachRemoteHost(id: string, target: EngineTarget, opts: { timeoutMs?: number; env?: Env } = {}): Promise<RemoteReach> {
  const env = opts.env ?? process.env;
  const where = remoteWhere(target, env);
  try {
    const docker = remoteEngine(id, target, env);
    const endpoint = resolveTargetEndpoint(target, env).host;
    await pingEngine(docker, endpoint, opts.timeoutMs ?? REMOTE_ANSWER_MS, { name: remoteHostName(id, target, env), startHint: false });
    return { docker, where };
  } catch (err) {
    return { where, problem: err instanceof EngineUnreachableError ? err.message : `Cannot reach ${remoteHostName(id, target, env)}: ${engineMessage(err)}.` };
  }
}

// The Docker engine behind the service: connected on first use and reused, forgotten
// when it goes away so the next call connects afresh.
import type Dockerode from 'dockerode';
import type { EngineInfo } from '../api';
import { EngineUnreachableError } from '../docker/engine';
import { engineMessage } from '../docker/errors';

export type Connect = () => Promise<{ docker: Dockerode; endpoint: string }>;
export type WithDocker = <T>(fn: (docker: Dockerode) => Promise<T>) => Promise<T>;

export interface EngineConnection {
  /** Runs an engine call; if the engine vanished mid-way, forget the connection and say so in one sentence. */
  withDocker: WithDocker;
  /** Which engine, and whether it answers; never throws. */
  info(): Promise<EngineInfo>;
}

const errno = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;
/** Socket-level failures mean the engine went away after we connected. */
const isConnectionError = (err: unknown) => ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(errno(err) ?? '') || (err as { syscall?: string })?.syscall === 'connect';

export function createEngineConnection(connect: Connect): EngineConnection {
  let connection: Promise<{ docker: Dockerode; endpoint: string }> | undefined;

  /** The engine, connected on first use and reused; a failed attempt is not cached so the next call retries. */
  function engine(): Promise<{ docker: Dockerode; endpoint: string }> {
    connection ??= connect().catch((err) => {
      connection = undefined;
      throw err;
    });
    return connection;
  }

  async function withDocker<T>(fn: (docker: Dockerode) => Promise<T>): Promise<T> {
    const { docker, endpoint } = await engine();
    try {
      return await fn(docker);
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      // a remote host's engine going away is not this engine going away
      if (await docker.ping().then(() => true, () => false)) throw err;
      connection = undefined;
      throw new EngineUnreachableError(endpoint, `Lost the Docker engine at ${endpoint}: is Docker still running?`);
    }
  }

  async function info(): Promise<EngineInfo> {
    let endpoint = '';
    try {
      const conn = await engine();
      endpoint = conn.endpoint;
      const facts = (await conn.docker.info()) as { Name?: string; ServerVersion?: string };
      return { reachable: true, endpoint, name: facts.Name, version: facts.ServerVersion };
    } catch (err) {
      connection = undefined; // the next call connects afresh: the engine may be back
      if (err instanceof EngineUnreachableError) return { reachable: false, endpoint: err.endpoint, message: err.message };
      return { reachable: false, endpoint, message: `Cannot reach the Docker engine at ${endpoint}: ${engineMessage(err).replace(/[.\s]+$/, '')}.` };
    }
  }

  return { withDocker, info };
}

// Reaching a virtual host's nested Docker engine without opening a port. Each HTTP
// connection to the nested engine is one `docker exec <virtual host> docker system
// dial-stdio` on the outer engine: the nested CLI relays its stdin/stdout to the
// nested engine's unix socket. This is how Docker itself reaches engines over ssh
// (docker-modem's ssh agent runs the same command), and it means:
//   - nothing listens on any network: no TCP port to bind, guard or leak;
//   - whoever may reach the nested engine is exactly whoever may exec in the virtual
//     host on the outer engine (already root-equivalent there), nobody else;
//   - it works whether the outer engine is local or remote (one more hop, same code).
// The exec's output comes multiplexed (8-byte frame headers, stdout/stderr); the
// stdout frames are the HTTP byte stream.
import { Agent, type AgentOptions } from 'node:http';
import { Duplex } from 'node:stream';
import Dockerode from 'dockerode';

const STDOUT = 1;
const STDERR = 2;
const HEADER_BYTES = 8;

/**
 * Splits Docker's multiplexed exec stream into stdout bytes and stderr bytes. Pure and
 * incremental: feed chunks as they come, frames may be cut anywhere.
 */
export class ExecFrameSplitter {
  private pending: Buffer = Buffer.alloc(0);
  constructor(
    private readonly onStdout: (bytes: Buffer) => void,
    private readonly onStderr: (bytes: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= HEADER_BYTES) {
      const stream = this.pending[0];
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER_BYTES + size) return;
      const payload = this.pending.subarray(HEADER_BYTES, HEADER_BYTES + size);
      this.pending = this.pending.subarray(HEADER_BYTES + size);
      if (stream === STDOUT) this.onStdout(payload);
      else if (stream === STDERR) this.onStderr(payload);
    }
  }
}

/** A byte stream to the nested engine, carried by one hijacked exec on the outer engine. */
export class ExecConnection extends Duplex {
  private stderr = '';
  constructor(private readonly socket: Duplex) {
    super();
    const splitter = new ExecFrameSplitter(
      (bytes) => {
        if (!this.push(bytes)) socket.pause();
      },
      (bytes) => {
        this.stderr = (this.stderr + bytes.toString('utf8')).slice(-2000);
      },
    );
    socket.on('data', (chunk: Buffer) => {
      this.touch();
      splitter.push(chunk);
    });
    socket.on('end', () => this.push(null));
    socket.on('close', () => {
      if (!this.destroyed) this.push(null);
    });
    socket.on('error', (err) => this.destroy(this.stderr ? new Error(`${err.message}: ${this.stderr.trim()}`) : err));
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    this.touch();
    this.socket.write(chunk, done);
  }

  override _final(done: (err?: Error | null) => void): void {
    this.socket.end();
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.socket.destroy();
    done(err);
  }

  // What node:http's client and keep-alive agent call on a net.Socket. An exec has no
  // TCP options; the idle timeout is real, so the agent can close a kept-alive
  // connection (and its exec) nobody uses, and unref lets the process exit meanwhile.
  private idleMs = 0;
  private idleTimer?: NodeJS.Timeout;
  private touch(): void {
    if (this.idleTimer) this.idleTimer.refresh();
  }
  setKeepAlive(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setTimeout(ms: number, callback?: () => void): this {
    // as net.Socket: 0 with a callback takes that listener off (node:http does so on every
    // kept-alive response; adding it instead would pile one up per request)
    if (callback) {
      if (ms > 0) this.once('timeout', callback);
      else this.removeListener('timeout', callback);
    }
    this.idleMs = ms;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = ms > 0 ? setTimeout(() => this.emit('timeout'), ms).unref() : undefined;
    return this;
  }
  get timeout(): number {
    return this.idleMs;
  }
  ref(): this {
    (this.socket as Duplex & { ref?: () => void }).ref?.();
    return this;
  }
  unref(): this {
    (this.socket as Duplex & { unref?: () => void }).unref?.();
    return this;
  }
}

/** Opens one connection to the nested engine of `container` (a running virtual host). */
export async function openExecConnection(outer: Dockerode, container: string): Promise<Duplex> {
  const exec = await outer.getContainer(container).exec({
    Cmd: ['docker', 'system', 'dial-stdio'],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
  });
  const socket = (await exec.start({ hijack: true, stdin: true })) as Duplex;
  return new ExecConnection(socket);
}

/** An idle kept-alive connection (one exec in the virtual host) closes after this long. */
const IDLE_CONNECTION_MS = 15_000;

/** An http.Agent whose connections are execs into the virtual host (kept alive and reused). */
export function execAgent(outer: Dockerode, container: string, options: AgentOptions = {}): Agent {
  const agent = new Agent({ keepAlive: true, maxSockets: 16, timeout: IDLE_CONNECTION_MS, ...options });
  // node:http accepts a callback-style createConnection for sockets made asynchronously.
  (agent as unknown as { createConnection: unknown }).createConnection = (_opts: unknown, callback: (err: Error | null, socket?: Duplex) => void) => {
    openExecConnection(outer, container).then(
      (socket) => callback(null, socket),
      (err: Error) => callback(err),
    );
    return undefined;
  };
  return agent;
}

const clients = new WeakMap<Dockerode, Map<string, Dockerode>>();

/** The dockerode client for the nested engine of a virtual host (one per outer client and host, so connections are shared). */
export function nestedEngine(outer: Dockerode, container: string): Dockerode {
  let byName = clients.get(outer);
  if (!byName) clients.set(outer, (byName = new Map()));
  let client = byName.get(container);
  if (!client) {
    // host/port only shape the request line; every byte goes through the exec agent.
    client = new Dockerode({ host: 'nested-engine', port: 2375, protocol: 'http', agent: execAgent(outer, container) } as Dockerode.DockerOptions);
    byName.set(container, client);
  }
  return client;
}

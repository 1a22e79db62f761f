// Interactive consoles: a shell in a node through `docker exec` with a TTY. A node whose
// image has no shell gets one in its sidecar instead, which shares the node's network
// and PID namespaces — `ip addr`, `ss`, `ps` there show the node's.
import { StringDecoder } from 'node:string_decoder';
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import { DockerOperationError, engineMessage, isNotFound, statusCode } from './errors';

/** Prefer bash, for line editing and history; any POSIX sh works. */
const SHELL = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash -l; else exec sh -l; fi'];

export interface ConsoleSession {
  /** Where the shell runs: the node itself, or its sidecar (the image has no shell). */
  readonly via: 'node' | 'sidecar';
  write(data: string): void;
  resize(cols: number, rows: number): Promise<void>;
  close(): void;
}

export interface ConsoleHandlers {
  onOutput(data: string): void;
  onExit(code: number | undefined): void;
}

async function hasShell(docker: Dockerode, container: string): Promise<boolean> {
  try {
    await docker.getContainer(container).infoArchive({ path: '/bin/sh' });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** Opens a shell in `container`, or in `sidecar` when the container has none. */
export async function openConsole(
  docker: Dockerode,
  target: { container: string; sidecar: () => Promise<string> },
  size: { cols: number; rows: number },
  handlers: ConsoleHandlers,
): Promise<ConsoleSession> {
  const via = (await hasShell(docker, target.container)) ? 'node' : 'sidecar';
  const where = via === 'node' ? target.container : await target.sidecar();
  let exec: Dockerode.Exec;
  try {
    exec = await docker.getContainer(where).exec({
      Cmd: SHELL, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true,
      Env: ['TERM=xterm-256color', `COLUMNS=${size.cols}`, `LINES=${size.rows}`],
    });
  } catch (err) {
    throw new DockerOperationError('opening a console in', where, engineMessage(err), statusCode(err));
  }
  // With a TTY the stream is raw (not multiplexed): bytes in, bytes out.
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as unknown as Duplex;
  const decoder = new StringDecoder('utf8'); // a character may be split across chunks
  let closed = false;
  stream.on('data', (chunk: Buffer) => handlers.onOutput(decoder.write(chunk)));
  const ended = () => {
    if (closed) return;
    closed = true;
    const rest = decoder.end();
    if (rest) handlers.onOutput(rest);
    exec.inspect().then((info) => handlers.onExit(info.ExitCode ?? undefined), () => handlers.onExit(undefined));
  };
  stream.on('end', ended);
  stream.on('close', ended);
  stream.on('error', ended);
  await exec.resize({ h: size.rows, w: size.cols }).catch(() => undefined);
  return {
    via,
    write: (data) => {
      if (!closed) stream.write(data);
    },
    resize: async (cols, rows) => {
      if (!closed) await exec.resize({ h: rows, w: cols }).catch(() => undefined);
    },
    close: () => {
      if (closed) return;
      stream.end(); // stdin EOF: the shell exits; a shell that does not is cut off
      setTimeout(() => stream.destroy(), 1000).unref();
    },
  };
}

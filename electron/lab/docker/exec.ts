// Running commands: `docker exec` in a lab container (output demultiplexed), and
// short-lived helper containers (labelled, always removed) for work that needs a
// namespace or capabilities the target lacks — e.g. the engine host's own netns.
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import { LABEL_ID, LABEL_LAB, LABEL_ROLE } from '../plan/naming';
import { DockerOperationError, engineMessage, isNotFound, statusCode } from './errors';

/** The image of helpers and sidecars; TOPOLAB_HELPER_IMAGE overrides it (tests, custom builds). */
export const HELPER_IMAGE = process.env.TOPOLAB_HELPER_IMAGE || 'topolab/node';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  env?: string[];
  user?: string;
  workingDir?: string;
}

function collect(stream: NodeJS.ReadableStream, modem: { demuxStream: (s: NodeJS.ReadableStream, o: NodeJS.WritableStream, e: NodeJS.WritableStream) => void }) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  modem.demuxStream(stream, stdout, stderr);
  const ended = new Promise<void>((resolve) => {
    stream.on('end', () => resolve());
    stream.on('close', () => resolve());
    stream.on('error', () => resolve());
  });
  return {
    ended,
    text: () => ({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs cmd in a running container (`docker exec`, no TTY) and returns its exit code and output. */
export async function execIn(docker: Dockerode, container: string, cmd: string[], opts: ExecOptions = {}): Promise<CommandResult> {
  const target = docker.getContainer(container);
  let exec: Dockerode.Exec;
  try {
    exec = await target.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Env: opts.env, User: opts.user, WorkingDir: opts.workingDir });
  } catch (err) {
    throw new DockerOperationError('running a command in', container, engineMessage(err), statusCode(err));
  }
  const stream = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadableStream;
  const output = collect(stream, docker.modem as never);
  await output.ended;
  // The stream can end a moment before the engine records the exit code.
  let info = await exec.inspect();
  for (let i = 0; info.Running && i < 50; i++) {
    await sleep(10);
    info = await exec.inspect();
  }
  return { exitCode: info.ExitCode ?? -1, ...output.text() };
}

/** Whether an exec result means the program does not exist in the image (OCI runtime: exit 126/127). */
export function isCommandNotFound(result: CommandResult): boolean {
  return (
    (result.exitCode === 126 || result.exitCode === 127) &&
    /executable file not found|no such file or directory|not found/i.test(result.stdout + result.stderr)
  );
}

export interface HelperOptions {
  lab: string;
  image?: string;
  cmd: string[];
  /** 'host', 'none', 'container:<name>' or a network name. */
  networkMode: string;
  capAdd?: string[];
  /** Bind mounts, `source:target[:mode]`. */
  binds?: string[];
}

/** Names a helper of a lab: topolab-<lab>-helper-<random>. */
export function helperName(lab: string): string {
  return `topolab-${lab}-helper-${randomBytes(4).toString('hex')}`;
}

/**
 * Runs a one-shot helper container (labelled io.topolab.lab=<lab>, io.topolab.role=helper)
 * and returns its exit code and output; the container is removed afterwards, even on failure.
 * Never pulls: a missing image is an error that says so.
 */
export async function runHelper(docker: Dockerode, opts: HelperOptions): Promise<CommandResult> {
  const image = opts.image ?? HELPER_IMAGE;
  const name = helperName(opts.lab);
  let container: Dockerode.Container;
  try {
    container = await docker.createContainer({
      name,
      Image: image,
      Cmd: opts.cmd,
      Labels: { [LABEL_LAB]: opts.lab, [LABEL_ROLE]: 'helper', [LABEL_ID]: name },
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      // No AutoRemove: the exit code must still be readable after the exit. A helper whose
      // caller dies (SIGKILL mid-`up`) stays behind, labelled: `down` removes it.
      HostConfig: { NetworkMode: opts.networkMode, CapAdd: opts.capAdd ?? [], ...(opts.binds ? { Binds: opts.binds } : {}) },
    });
  } catch (err) {
    if (isNotFound(err) && /image/i.test(engineMessage(err))) {
      throw new DockerOperationError(
        'starting a helper from',
        `image ${image}`,
        `the image is not on this engine (topolab never pulls; build it from templates/images first)`,
        404,
      );
    }
    throw new DockerOperationError('creating helper container', name, engineMessage(err), statusCode(err));
  }
  try {
    const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
    const output = collect(stream, docker.modem as never);
    try {
      await container.start();
    } catch (err) {
      throw new DockerOperationError('starting helper container', name, engineMessage(err), statusCode(err));
    }
    // not-running answers at once for a helper that already exited (it is still there)
    const cancel = new AbortController();
    const exit = (container.wait({ condition: 'not-running', abortSignal: cancel.signal }) as Promise<{ StatusCode?: number }>)
      .then((w) => w.StatusCode ?? -1, () => undefined);
    const exitCode = await exitOf(container, exit, cancel);
    await Promise.race([output.ended, sleep(2000)]);
    return { exitCode, ...output.text() };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/**
 * The helper's exit code: from the engine's wait or, should the engine not answer it
 * (seen once with another wait condition, when the container went away under it), from
 * looking at the container twice a second. The wait request is cancelled either way,
 * so no connection is left open.
 */
async function exitOf(container: Dockerode.Container, exit: Promise<number | undefined>, cancel: AbortController): Promise<number> {
  let settled = false;
  const polling = (async (): Promise<number | undefined> => {
    for (;;) {
      await sleep(500);
      if (settled) return undefined;
      const info = await container.inspect().catch((err: unknown) => (isNotFound(err) ? null : undefined));
      if (info === null) return -1; // removed by someone else (a `down`)
      if (info && !info.State.Running && info.State.Status !== 'created') return info.State.ExitCode;
    }
  })();
  try {
    return (await Promise.race([exit, polling])) ?? (await polling) ?? -1;
  } finally {
    settled = true;
    cancel.abort();
  }
}

/** Quotes a word for `sh -c`. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

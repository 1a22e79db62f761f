// Engine errors, in words: dockerode rejects with "(HTTP code 409) unexpected - <engine
// text>"; people need the operation, the object and the engine's own sentence.

interface DockerodeError {
  statusCode?: number;
  reason?: string;
  json?: { message?: string } | string | null;
  message?: string;
  code?: string;
}

/** The engine's own message of a dockerode error (or the plain error message). */
export function engineMessage(err: unknown): string {
  const e = err as DockerodeError | undefined;
  if (e && typeof e === 'object') {
    if (e.json && typeof e.json === 'object' && typeof e.json.message === 'string') return e.json.message.trim();
    if (typeof e.json === 'string' && e.json.trim()) return e.json.trim();
    if (typeof e.message === 'string') return e.message.replace(/^\(HTTP code \d+\) [\w ]+ - /, '').trim();
  }
  return String(err);
}

export function statusCode(err: unknown): number | undefined {
  const code = (err as DockerodeError | undefined)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

export function isNotFound(err: unknown): boolean {
  return statusCode(err) === 404;
}

/** An operation on a Docker object failed; the message reads "<doing> <object>: <engine message>". */
export class DockerOperationError extends Error {
  override name = 'DockerOperationError';
  constructor(
    readonly doing: string,
    readonly object: string,
    readonly engineText: string,
    readonly status?: number,
  ) {
    super(`${doing} ${object}: ${engineText}`);
  }
}

/** Runs fn, rethrowing any failure as a DockerOperationError naming what was being done. */
export async function wrapEngine<T>(doing: string, object: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DockerOperationError) throw err;
    throw new DockerOperationError(doing, object, engineMessage(err), statusCode(err));
  }
}

/** The engine's 409: a name already taken, a container in use, a removal already under way. */
export function isConflict(err: unknown): boolean {
  return statusCode(err) === 409;
}

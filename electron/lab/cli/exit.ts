// Exit codes of the `topolab` command: 0 ok, 1 lab error (bad file, engine problem,
// failed apply), 2 usage error.
import { consolePrinter } from './output';

export const EXIT_OK = 0;
export const EXIT_LAB_ERROR = 1;
export const EXIT_USAGE = 2;

/** A failure already explained to the user; carries the exit code. */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export function usage(message: string): never {
  consolePrinter.err(`topolab: ${message}`);
  throw new CliExit(EXIT_USAGE);
}

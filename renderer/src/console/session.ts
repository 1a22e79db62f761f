// One console tab's engine side: open the shell, carry keystrokes and resizes to it,
// its output back, and after it ends, reopen on Enter. The terminal is reached through
// a small interface so this file has no DOM and no xterm in it.
import type { LabApi } from '../../../electron/lab/api';
import { errorMessage } from '../api/client';
import type { ConsoleTab } from './tabs';
import type { ConsoleRouter } from './output-router';

export interface TerminalLike {
  write(data: string): void;
  readonly cols: number;
  readonly rows: number;
}

type Api = Pick<LabApi, 'consoleOpen' | 'consoleInput' | 'consoleResize' | 'consoleClose'>;

export interface SessionOptions {
  api: Api;
  router: ConsoleRouter;
  node: string;
  /** The lab text to open with (read when opening, so a reconnect uses the current one). */
  text: () => string;
  /** Reports the tab's state to the store. */
  report: (patch: Partial<Omit<ConsoleTab, 'node'>>) => void;
}

const ENDED = '\r\n\x1b[2m[session ended — press Enter to reconnect]\x1b[0m\r\n';
const dim = (text: string) => `\x1b[2m${text}\x1b[0m\r\n`;

/** The console ids of every live session, so leaving the page can close them all. */
const live = new Map<string, Api>();

/** Closes every open console (the page is going away: its shells should not outlive it). */
export function closeAllConsoles(): void {
  for (const [id, api] of live) void api.consoleClose({ id }).catch(() => undefined);
  live.clear();
}

export class ConsoleSession {
  private id?: string;
  private state: 'opening' | 'open' | 'ended' | 'closed' = 'ended';
  private detach?: () => void;
  private size?: { cols: number; rows: number };

  constructor(private readonly term: TerminalLike, private readonly options: SessionOptions) {}

  /** Opens a shell sized to the terminal. */
  async open(): Promise<void> {
    if (this.state === 'opening' || this.state === 'open' || this.state === 'closed') return;
    const { api, node, report } = this.options;
    this.state = 'opening';
    report({ status: 'opening', id: undefined });
    this.size = { cols: this.term.cols, rows: this.term.rows };
    try {
      const { id, via } = await api.consoleOpen({ text: this.options.text(), node, cols: clamp(this.term.cols, 10, 1000), rows: clamp(this.term.rows, 2, 500) });
      if (this.closed()) {
        // the tab went while the shell was starting
        void api.consoleClose({ id }).catch(() => undefined);
        return;
      }
      this.id = id;
      this.state = 'open';
      live.set(id, api);
      if (via === 'sidecar') this.term.write(dim(`${node}'s image has no shell: this one runs in a sidecar that shares its network and process namespaces.`));
      this.detach = this.options.router.attach(id, { output: (data) => this.term.write(data), exit: (code) => this.ended(code) });
      report({ status: 'open', id, via });
      // the terminal may have been resized while the shell was starting
      if (this.term.cols !== this.size.cols || this.term.rows !== this.size.rows) this.resize();
    } catch (error) {
      if (this.closed()) return;
      this.state = 'ended';
      this.term.write(`\x1b[31m${errorMessage(error)}\x1b[0m\r\n${dim('[press Enter to try again]')}`);
      report({ status: 'failed', id: undefined });
    }
  }

  /** Keystrokes from the terminal: to the shell, or Enter to reconnect after it ended. */
  input(data: string): void {
    if (this.state === 'open' && this.id) {
      void this.options.api.consoleInput({ id: this.id, data }).catch(() => undefined);
    } else if (this.state === 'ended' && /[\r\n]/.test(data)) {
      this.term.write(dim('Reconnecting…'));
      void this.open();
    }
  }

  /** The terminal's size changed (drawer dragged, window resized): tell the shell (it redraws). */
  resize(): void {
    const { cols, rows } = this.term;
    if (this.state !== 'open' || !this.id || (this.size?.cols === cols && this.size?.rows === rows)) return;
    this.size = { cols, rows };
    void this.options.api.consoleResize({ id: this.id, cols: clamp(cols, 10, 1000), rows: clamp(rows, 2, 500) }).catch(() => undefined);
  }

  /** The tab is closed: end the shell. */
  close(): void {
    const id = this.id;
    this.state = 'closed';
    this.detach?.();
    if (id) {
      live.delete(id);
      void this.options.api.consoleClose({ id }).catch(() => undefined);
    }
  }

  /** Read through a method: TypeScript would keep the state narrowed across an await. */
  private closed(): boolean {
    return this.state === 'closed';
  }

  private ended(code: number | undefined): void {
    if (this.id) live.delete(this.id);
    this.detach?.();
    this.id = undefined;
    if (this.state === 'closed') return;
    this.state = 'ended';
    this.term.write(ENDED.replace('ended', code ? `ended (exit ${code})` : 'ended'));
    this.options.report({ status: 'ended', id: undefined });
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.floor(n)));
}

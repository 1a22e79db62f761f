// consoleOutput and consoleExit events to the terminal they belong to. The engine starts
// the shell before consoleOpen answers, so the prompt can arrive before the renderer knows
// the console's id: output for an id nobody listens to yet is held (briefly, bounded) and
// handed over when its terminal attaches. Pure (no DOM, no API): the engine wiring is apart.

export interface ConsoleSink {
  output(data: string): void;
  exit(code: number | undefined): void;
}

interface Held {
  chunks: string[];
  size: number;
  exited?: { code: number | undefined };
  since: number;
}

/** Held output older than this has no terminal coming for it (a console closed while opening). */
const HOLD_MS = 15_000;
/** At most this much held per console: a shell's first screen, not a flood. */
const HOLD_BYTES = 256 * 1024;

export class ConsoleRouter {
  private readonly sinks = new Map<string, ConsoleSink>();
  private readonly held = new Map<string, Held>();

  constructor(private readonly now: () => number = Date.now) {}

  output(id: string, data: string): void {
    const sink = this.sinks.get(id);
    if (sink) return sink.output(data);
    const held = this.hold(id);
    if (held.size + data.length > HOLD_BYTES) return;
    held.chunks.push(data);
    held.size += data.length;
  }

  exit(id: string, code: number | undefined): void {
    const sink = this.sinks.get(id);
    if (sink) return sink.exit(code);
    this.hold(id).exited = { code };
  }

  /** Routes `id`'s events to `sink`, starting with what was held; returns the detach. */
  attach(id: string, sink: ConsoleSink): () => void {
    this.sinks.set(id, sink);
    const held = this.held.get(id);
    this.held.delete(id);
    if (held) {
      if (held.chunks.length) sink.output(held.chunks.join(''));
      if (held.exited) sink.exit(held.exited.code);
    }
    return () => {
      if (this.sinks.get(id) === sink) this.sinks.delete(id);
    };
  }

  /** Ids held for, for tests. */
  heldIds(): string[] {
    return [...this.held.keys()];
  }

  private hold(id: string): Held {
    const now = this.now();
    for (const [other, h] of this.held) if (now - h.since > HOLD_MS) this.held.delete(other);
    let held = this.held.get(id);
    if (!held) {
      held = { chunks: [], size: 0, since: now };
      this.held.set(id, held);
    }
    return held;
  }
}

/** The app's one router; ui/engine.ts feeds it the engine's console events. */
export const consoleRouter = new ConsoleRouter();

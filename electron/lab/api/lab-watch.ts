// labWatch: one engine event stream per watched lab, turned into labState events.
// A dropped stream is reopened once, from the last event seen.
import type { Readable } from 'node:stream';
import type { LabStateEvent, NodeLiveState } from '../api';
import { LABEL_LAB } from '../plan/naming';
import type { WithDocker } from './engine-connection';
import type { Emit } from './events';
import { labStateFromEvent, type DockerEvent } from './lab-state';

interface Watch {
  lab: string;
  stopped: boolean;
  retried: boolean;
  since: number;
  stream?: Readable;
  queue: Promise<void>;
}

export interface LabWatches {
  /** Starts watching a lab (no-op when it is watched already); fails when the stream cannot be opened. */
  start(lab: string): Promise<void>;
  stop(lab: string): void;
  stopAll(): void;
}

export function createLabWatches(withDocker: WithDocker, emit: Emit): LabWatches {
  const watches = new Map<string, Watch>();

  async function openStream(w: Watch): Promise<void> {
    const stream = (await withDocker((docker) =>
      docker.getEvents({ since: w.since, filters: { type: ['container'], label: [`${LABEL_LAB}=${w.lab}`] } }),
    )) as unknown as Readable;
    if (w.stopped) return void stream.destroy();
    w.stream = stream;
    let buffer = '';
    stream.on('data', (chunk: Buffer | string) => {
      buffer += chunk.toString();
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const line = buffer.slice(0, i).trim();
        buffer = buffer.slice(i + 1);
        if (line) w.queue = w.queue.then(() => handleEvent(w, line)).catch(() => undefined);
      }
    });
    // The engine restarting or a proxy dropping the stream ends it: reconnect once, from the last event seen.
    const ended = () => {
      if (w.stream !== stream) return;
      w.stream = undefined;
      if (w.stopped) return;
      if (w.retried) return void watches.delete(w.lab);
      w.retried = true;
      openStream(w).catch(() => watches.delete(w.lab));
    };
    stream.on('end', ended).on('close', ended).on('error', ended);
  }

  async function handleEvent(w: Watch, line: string): Promise<void> {
    let raw: DockerEvent;
    try {
      raw = JSON.parse(line) as DockerEvent;
    } catch {
      return;
    }
    if (typeof raw.time === 'number') w.since = raw.time;
    w.retried = false; // the stream works again: a later drop may be retried once more
    const partial = labStateFromEvent(w.lab, raw);
    if (!partial || w.stopped) return;
    let event: LabStateEvent | undefined = partial.state ? (partial as LabStateEvent) : undefined;
    if (!event) {
      // kill, oom and health events do not say what state the container is in now: ask
      const info = await withDocker((docker) => docker.getContainer(raw.Actor?.ID ?? raw.id ?? '').inspect()).catch(() => undefined);
      const state = (info?.State?.Status ?? 'missing') as NodeLiveState['state'];
      const health = info?.State?.Health?.Status;
      const status = state === 'running' ? `Up${health ? ` (${health})` : ''}` : state === 'exited' ? `Exited (${info?.State?.ExitCode})` : state;
      event = { ...partial, state, status };
    }
    if (!w.stopped) emit('labState', event);
  }

  async function start(lab: string): Promise<void> {
    if (watches.has(lab)) return;
    const w: Watch = { lab, stopped: false, retried: false, since: Math.floor(Date.now() / 1000), queue: Promise.resolve() };
    watches.set(lab, w);
    try {
      await openStream(w);
    } catch (err) {
      watches.delete(lab);
      throw err;
    }
  }

  function stop(lab: string): void {
    const w = watches.get(lab);
    if (!w) return;
    w.stopped = true;
    watches.delete(lab);
    w.stream?.destroy();
  }

  function stopAll(): void {
    for (const lab of [...watches.keys()]) stop(lab);
  }

  return { start, stop, stopAll };
}

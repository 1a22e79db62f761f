// labWatch: one engine event stream per watched lab, turned into labState events; and
// one more per running virtual host of the lab, from its nested engine (the same label
// filter), so nodes on virtual hosts report their life too. The virtual hosts are found
// on the engine itself (containers of the lab with role 'host'), so the request needs
// no lab file; a host that starts later is picked up from the outer stream, and one
// that stops takes its nodes' state with it. Remote hosts are known only from the lab
// file: given it, each remote host's engine gets a stream too (one that does not answer
// is left out: status says it is unreachable). A dropped stream is reopened once, from
// the last event seen.
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { LabStateEvent, NodeLiveState } from '../api';
import { nestedEngine } from '../hosts/exec-transport';
import { remoteEngine, remoteHostsOf, type EngineTarget } from '../hosts/remote-host';
import type { LabDocument } from '../model/schema';
import { LABEL_ID, LABEL_LAB, LABEL_ROLE, isToolRole, objectName } from '../plan/naming';
import type { WithDocker } from './engine-connection';
import type { Emit } from './events';
import { labStateFromEvent, type DockerEvent } from './lab-state';

/** One virtual host's nested event stream, or a remote host's engine's. */
interface HostWatch {
  id: string;
  container: string;
  /** A remote host: where its engine is (absent: a virtual host, reached through the outer engine). */
  remote?: EngineTarget;
  stopped: boolean;
  retried: boolean;
  since: number;
  stream?: Readable;
  /** Nodes seen on it, whose state goes with the host's. */
  nodes: Set<string>;
}

interface Watch {
  lab: string;
  stopped: boolean;
  retried: boolean;
  since: number;
  stream?: Readable;
  queue: Promise<void>;
  hosts: Map<string, HostWatch>;
}

export interface LabWatches {
  /**
   * Starts watching a lab (no-op when it is watched already, but for remote hosts of
   * `document` not watched yet); fails when the stream cannot be opened.
   */
  start(lab: string, document?: LabDocument): Promise<void>;
  stop(lab: string): void;
  stopAll(): void;
}

/** How long a virtual host that just started gets for its engine to answer. */
const NESTED_ENGINE_WAIT_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const labFilters = (lab: string) => ({ type: ['container' as const], label: [`${LABEL_LAB}=${lab}`] });

/** Feeds each complete JSON line of an event stream to `onLine`. */
function readLines(stream: Readable, onLine: (line: string) => void): void {
  let buffer = '';
  stream.on('data', (chunk: Buffer | string) => {
    buffer += chunk.toString();
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i).trim();
      buffer = buffer.slice(i + 1);
      if (line) onLine(line);
    }
  });
}

export function createLabWatches(withDocker: WithDocker, emit: Emit): LabWatches {
  const watches = new Map<string, Watch>();
  /** The outer engine client, without withDocker's "engine lost" handling (a nested transport failing is not the outer engine going). */
  const outerEngine = () => withDocker(async (docker) => docker);

  async function openStream(w: Watch): Promise<void> {
    const stream = (await withDocker((docker) => docker.getEvents({ since: w.since, filters: labFilters(w.lab) }))) as unknown as Readable;
    if (w.stopped) return void stream.destroy();
    w.stream = stream;
    readLines(stream, (line) => {
      w.queue = w.queue.then(() => handleEvent(w, line)).catch(() => undefined);
    });
    // The engine restarting or a proxy dropping the stream ends it: reconnect once, from the last event seen.
    const ended = () => {
      if (w.stream !== stream) return;
      w.stream = undefined;
      if (w.stopped) return;
      if (w.retried) return void giveUp(w);
      w.retried = true;
      openStream(w).catch(() => giveUp(w));
    };
    stream.on('end', ended).on('close', ended).on('error', ended);
  }

  function giveUp(w: Watch): void {
    if (watches.get(w.lab) === w) watches.delete(w.lab);
    w.stopped = true;
    for (const h of w.hosts.values()) stopHostStream(h);
    w.hosts.clear();
  }

  /** Opens a stream for each running virtual host of the lab on the outer engine. */
  async function discoverHosts(w: Watch): Promise<void> {
    const outer = await outerEngine();
    const list = await outer.listContainers({ filters: JSON.stringify({ label: [`${LABEL_LAB}=${w.lab}`, `${LABEL_ROLE}=host`] }) });
    for (const c of list) {
      const id = c.Labels?.[LABEL_ID];
      if (id && c.State === 'running') watchHost(w, id, (c.Names?.[0] ?? c.Id).replace(/^\//, ''), w.since);
    }
  }

  function watchHost(w: Watch, id: string, container: string, since: number, remote?: EngineTarget): void {
    if (w.stopped || w.hosts.has(id)) return;
    const h: HostWatch = { id, container, ...(remote ? { remote } : {}), stopped: false, retried: false, since, nodes: new Set() };
    w.hosts.set(id, h);
    openHostStream(w, h).catch(() => undefined);
  }

  function stopHostStream(h: HostWatch): void {
    h.stopped = true;
    h.stream?.destroy();
    h.stream = undefined;
  }

  /** Waits for the nested engine (a host that just started needs a few seconds), then follows its events; a remote engine gets one ping. */
  async function openHostStream(w: Watch, h: HostWatch): Promise<void> {
    const outer = await outerEngine();
    const nested = h.remote ? remoteEngine(h.id, h.remote) : nestedEngine(outer, h.container);
    const deadline = Date.now() + NESTED_ENGINE_WAIT_MS;
    for (;;) {
      if (h.remote) {
        const answered = await Promise.race([nested.ping().then(() => true, () => false), sleep(5000).then(() => false)]);
        if (!answered) return void w.hosts.delete(h.id); // unreachable: a later start may try again
        break;
      }
      if (h.stopped || w.stopped) return;
      const answered = await Promise.race([nested.ping().then(() => true, () => false), sleep(5000).then(() => false)]);
      if (answered) break;
      const running = await outer
        .getContainer(h.container)
        .inspect()
        .then((info) => info.State.Running, () => false);
      if (!running || Date.now() > deadline) return;
      await sleep(500);
    }
    // the nodes it has now: their state goes with the host's if it stops before they say anything
    const present = await nested.listContainers({ all: true, filters: JSON.stringify({ label: [`${LABEL_LAB}=${w.lab}`] }) }).catch(() => []);
    for (const c of present) {
      const node = c.Labels?.[LABEL_ID];
      if (node && !isToolRole(c.Labels?.[LABEL_ROLE])) h.nodes.add(node);
    }
    const stream = (await nested.getEvents({ since: h.since, filters: labFilters(w.lab) })) as unknown as Readable;
    if (h.stopped || w.stopped) return void stream.destroy();
    h.stream = stream;
    readLines(stream, (line) => {
      w.queue = w.queue.then(() => handleEvent(w, line, h, nested)).catch(() => undefined);
    });
    const ended = () => {
      if (h.stream !== stream) return;
      h.stream = undefined;
      if (h.stopped || w.stopped || h.retried) return;
      // dropped while the host runs (or just as it stops: then the reopening finds it stopped)
      h.retried = true;
      openHostStream(w, h).catch(() => undefined);
    };
    stream.on('end', ended).on('close', ended).on('error', ended);
  }

  /** A virtual host stopped or went: its stream closes and its nodes say why they are gone. */
  function hostDown(w: Watch, id: string, removed: boolean): void {
    const h = w.hosts.get(id);
    if (!h) return;
    w.hosts.delete(id);
    stopHostStream(h);
    for (const node of h.nodes) {
      emit('labState', removed
        ? { lab: w.lab, node, state: 'missing', status: `virtual host ${id} was removed` }
        : { lab: w.lab, node, state: 'exited', status: `virtual host ${id} is not running`, message: `virtual host ${id} stopped` });
    }
  }

  async function handleEvent(w: Watch, line: string, host?: HostWatch, nested?: Dockerode): Promise<void> {
    let raw: DockerEvent;
    try {
      raw = JSON.parse(line) as DockerEvent;
    } catch {
      return;
    }
    const source = host ?? w;
    if (typeof raw.time === 'number') source.since = raw.time;
    source.retried = false; // the stream works again: a later drop may be retried once more
    const partial = labStateFromEvent(w.lab, raw);
    if (!partial || w.stopped || host?.stopped) return;
    if (host && partial.kind === 'host') return; // nested engines run no hosts
    let event: LabStateEvent | undefined = partial.state ? (partial as LabStateEvent) : undefined;
    if (!event) {
      // kill, oom and health events do not say what state the container is in now: ask
      const id = raw.Actor?.ID ?? raw.id ?? '';
      const info = await (nested ? nested.getContainer(id).inspect() : withDocker((docker) => docker.getContainer(id).inspect())).catch(() => undefined);
      const state = (info?.State?.Status ?? 'missing') as NodeLiveState['state'];
      const health = info?.State?.Health?.Status;
      const status = state === 'running' ? `Up${health ? ` (${health})` : ''}` : state === 'exited' ? `Exited (${info?.State?.ExitCode})` : state;
      event = { ...partial, state, status };
    }
    if (w.stopped || host?.stopped) return;
    if (host) {
      if (event.state === 'missing') host.nodes.delete(event.node);
      else host.nodes.add(event.node);
    }
    emit('labState', event);
    if (event.kind === 'host') {
      if (event.state === 'running') watchHost(w, event.node, raw.Actor?.Attributes?.name || objectName(w.lab, event.node), typeof raw.time === 'number' ? raw.time : Math.floor(Date.now() / 1000));
      else if (event.state === 'exited' || event.state === 'dead' || event.state === 'missing') hostDown(w, event.node, event.state === 'missing');
    }
  }

  /** A stream for each remote host of the lab file that has none yet. */
  function watchRemoteHosts(w: Watch, document: LabDocument | undefined): void {
    for (const [id, target] of Object.entries(document ? remoteHostsOf(document) : {})) watchHost(w, id, id, w.since, target);
  }

  async function start(lab: string, document?: LabDocument): Promise<void> {
    const watching = watches.get(lab);
    if (watching) return watchRemoteHosts(watching, document);
    const w: Watch = { lab, stopped: false, retried: false, since: Math.floor(Date.now() / 1000), queue: Promise.resolve(), hosts: new Map() };
    watches.set(lab, w);
    try {
      await openStream(w);
    } catch (err) {
      watches.delete(lab);
      throw err;
    }
    watchRemoteHosts(w, document);
    await discoverHosts(w).catch(() => undefined);
  }

  function stop(lab: string): void {
    const w = watches.get(lab);
    if (!w) return;
    w.stopped = true;
    watches.delete(lab);
    w.stream?.destroy();
    for (const h of w.hosts.values()) stopHostStream(h);
    w.hosts.clear();
  }

  function stopAll(): void {
    for (const lab of [...watches.keys()]) stop(lab);
  }

  return { start, stop, stopAll };
}

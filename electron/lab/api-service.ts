// LabApi served from plain Node: the engine's use cases (lab-service) behind the one
// contract the UI knows. Electron IPC and the WebSocket bridge both wrap this object;
// neither knows Docker. Payloads are validated before they get here (api-dispatch),
// but files stay confined to the workspace here too: this is where the disk is touched.
import type Dockerode from 'dockerode';
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { LabApiRequests, type DeployOutcome, type DeployProgressEvent, type LabApi, type LabApiEventName, type LabApiEvents, type LabStateEvent, type NodeLiveState, type TemplateSummary } from './api';
import { applyPrepared, checkLabText, downLab, labStatus, prepareUp } from './lab-service';
import { hasErrors, type Diagnostic } from './model/diagnostics';
import { parseLab } from './model/parse';
import { describeOperation } from './plan/order';
import { LABEL_ID, LABEL_LAB, LABEL_ROLE } from './plan/naming';
import type { Operation } from './plan/types';
import { connectEngine, EngineUnreachableError } from './docker/engine';
import type { ApplyEvent } from './docker/apply';
import { engineMessage } from './docker/errors';

/** A failure the UI can act on: `code` is one of LabApiError's codes (or 'busy'). */
export class LabApiFailure extends Error {
  override name = 'LabApiFailure';
  constructor(
    readonly code: 'invalid-request' | 'engine-unreachable' | 'not-found' | 'failed' | 'busy',
    message: string,
  ) {
    super(message);
  }
}

export interface LabApiServiceOptions {
  workspace: string;
  templatesDir: string;
  connect?: () => Promise<{ docker: Dockerode; endpoint: string }>;
}

export type LabApiService = LabApi & { close(): Promise<void> };

const MAX_FILE_BYTES = 2_000_000; // the LabText limit of the contract
const MAX_LISTED_FILES = 500;
const LIST_DEPTH = 2; // folders below the workspace: a/b/lab.yaml, not deeper

const isInside = (root: string, p: string) => {
  const rel = relative(root, p);
  return rel === '' || (rel.split(sep)[0] !== '..' && !isAbsolute(rel));
};
const errno = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;
/** Socket-level failures mean the engine went away after we connected. */
const isConnectionError = (err: unknown) => ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(errno(err) ?? '') || (err as { syscall?: string })?.syscall === 'connect';

export function createLabApiService(opts: LabApiServiceOptions): LabApiService {
  const connect = opts.connect ?? (() => connectEngine());
  const listeners = new Map<LabApiEventName, Set<(payload: never) => void>>();
  const deploying = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  const watches = new Map<string, Watch>();
  let connection: Promise<{ docker: Dockerode; endpoint: string }> | undefined;

  function emit<E extends LabApiEventName>(event: E, payload: LabApiEvents[E]): void {
    for (const listener of listeners.get(event) ?? []) {
      try {
        (listener as (p: LabApiEvents[E]) => void)(payload);
      } catch {
        // one listener's failure is not the engine's, nor the other listeners'
      }
    }
  }

  /** The engine, connected on first use and reused; a failed attempt is not cached so the next call retries. */
  function engine(): Promise<{ docker: Dockerode; endpoint: string }> {
    connection ??= connect().catch((err) => {
      connection = undefined;
      throw err;
    });
    return connection;
  }

  /** Runs an engine call; if the engine vanished mid-way, forget the connection and say so in one sentence. */
  async function withDocker<T>(fn: (docker: Dockerode) => Promise<T>): Promise<T> {
    const { docker, endpoint } = await engine();
    try {
      return await fn(docker);
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      connection = undefined;
      throw new EngineUnreachableError(endpoint, `Lost the Docker engine at ${endpoint}: is Docker still running?`);
    }
  }

  // ------------------------------------------------------------ workspace files

  let workspaceRoot: Promise<string> | undefined;
  const root = () =>
    (workspaceRoot ??= realpath(opts.workspace).catch((err) => {
      workspaceRoot = undefined;
      throw new LabApiFailure('not-found', `The workspace folder ${opts.workspace} cannot be opened (${errno(err) ?? 'error'}).`);
    }));

  /** Resolves a workspace-relative name, refusing anything that lands outside the folder before or after symlinks. */
  async function locate(path: string): Promise<{ root: string; full: string; shown: string }> {
    const base = await root();
    const full = resolve(base, path);
    if (path.includes('\0') || isAbsolute(path) || !isInside(base, full) || full === base) {
      throw new LabApiFailure('invalid-request', `${path} is not a file inside the workspace folder.`);
    }
    return { root: base, full, shown: relative(base, full).split(sep).join('/') };
  }

  async function realInside(base: string, p: string, shown: string): Promise<string> {
    const real = await realpath(p);
    if (!isInside(base, real)) throw new LabApiFailure('invalid-request', `${shown} leads outside the workspace folder (through a symbolic link).`);
    return real;
  }

  async function readWorkspaceFile(path: string) {
    const { root: base, full, shown } = await locate(path);
    try {
      const real = await realInside(base, full, shown);
      const info = await stat(real);
      if (!info.isFile()) throw new LabApiFailure('invalid-request', `${shown} is not a file.`);
      if (info.size > MAX_FILE_BYTES) throw new LabApiFailure('invalid-request', `${shown} is larger than 2 MB, too large for a lab file.`);
      return { path: shown, text: await readFile(real, 'utf8') };
    } catch (err) {
      if (errno(err) === 'ENOENT') throw new LabApiFailure('not-found', `There is no file ${shown} in the workspace folder.`);
      throw err;
    }
  }

  /** Writes next to the target then renames over it, so a crash never leaves half a lab file. */
  async function writeWorkspaceFile(path: string, text: string) {
    const { root: base, full, shown } = await locate(path);
    let target: string;
    let mode: number | undefined;
    const existing = await lstat(full).catch(() => undefined);
    if (existing) {
      target = await realInside(base, full, shown); // a symlink inside the folder is written through
      mode = (await stat(target)).mode & 0o777;
    } else {
      // the nearest existing ancestor must be inside before any folder is created under it
      let ancestor = dirname(full);
      while (!(await lstat(ancestor).catch(() => undefined))) ancestor = dirname(ancestor);
      await realInside(base, ancestor, shown);
      await mkdir(dirname(full), { recursive: true });
      target = join(await realInside(base, dirname(full), shown), basename(full));
    }
    const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', mode ?? 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
      await handle.close();
      await rename(temp, target);
    } catch (err) {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    return { path: shown };
  }

  async function listWorkspaceFiles() {
    const base = await root();
    const files: { path: string; modified: string }[] = [];
    const readable = LabApiRequests.filesRead.shape.path; // list only what filesRead accepts
    const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (files.length >= MAX_LISTED_FILES) return;
        if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        const p = join(dir, entry.name);
        const r = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (depth < LIST_DEPTH) await walk(p, r, depth + 1);
        } else if ((entry.isFile() || entry.isSymbolicLink()) && /\.ya?ml$/i.test(entry.name) && readable.safeParse(r).success) {
          const real = await realpath(p).catch(() => undefined);
          const info = real && isInside(base, real) ? await stat(real).catch(() => undefined) : undefined;
          if (info?.isFile()) files.push({ path: r, modified: info.mtime.toISOString() });
        }
      }
    };
    await walk(base, '', 0);
    return { folder: base, files };
  }

  // ------------------------------------------------------------ templates

  async function listTemplates(): Promise<TemplateSummary[]> {
    const names = (await readdir(opts.templatesDir).catch(() => [] as string[])).filter((n) => n.endsWith('.yaml')).sort();
    const out: TemplateSummary[] = [];
    for (const name of names) {
      const text = await readFile(join(opts.templatesDir, name), 'utf8').catch(() => undefined);
      const parsed = text === undefined ? undefined : parseLab(text);
      if (!parsed?.ok) continue; // a broken template is not offered
      const doc = parsed.document;
      out.push({ id: name.slice(0, -'.yaml'.length), name: doc.name, description: doc.description ?? '', nodes: doc.nodes?.length ?? 0, networks: doc.networks?.length ?? 0 });
    }
    return out;
  }

  // ------------------------------------------------------------ deploy

  const refused = (diagnostics: Diagnostic[]): DeployOutcome => ({ ok: false, diagnostics, failed: [], completed: [], notStarted: [] });

  function progress(lab: string, event: ApplyEvent, byKey: Map<string, Operation>): DeployProgressEvent {
    if ('final' in event) return { lab, type: event.type, message: event.message, counts: event.counts };
    const op = byKey.get(event.key);
    return { lab, type: event.type, key: event.key, subject: event.subject, label: op ? describeOperation(op) : undefined, message: event.message, counts: event.counts };
  }

  async function deploy(text: string, lab: string, signal: AbortSignal): Promise<DeployOutcome> {
    return withDocker(async (docker) => {
      const prepared = await prepareUp(docker, text);
      if (!('plan' in prepared)) return refused(prepared.diagnostics);
      if (hasErrors(prepared.diagnostics)) return { ...refused(prepared.diagnostics), plan: prepared.plan };
      const byKey = new Map(prepared.plan.operations.map((op) => [op.key, op]));
      const result = await applyPrepared(docker, prepared, { signal, onEvent: (event) => emit('deployProgress', progress(lab, event, byKey)) });
      return { ok: result.ok, plan: prepared.plan, diagnostics: prepared.diagnostics, failed: result.failed, completed: result.completed, notStarted: result.notStarted };
    });
  }

  /** Two applies of one lab would race on the same containers: the second is refused, not queued. */
  function refuseIfBusy(lab: string): void {
    if (deploying.has(lab)) throw new LabApiFailure('busy', `Lab ${lab} is being deployed right now; wait until it finishes.`);
  }

  // ------------------------------------------------------------ watch

  interface Watch {
    lab: string;
    stopped: boolean;
    retried: boolean;
    since: number;
    stream?: Readable;
    queue: Promise<void>;
  }

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

  function stopWatch(lab: string): void {
    const w = watches.get(lab);
    if (!w) return;
    w.stopped = true;
    watches.delete(lab);
    w.stream?.destroy();
  }

  // ------------------------------------------------------------ the API

  const service: LabApiService = {
    async engineInfo() {
      let endpoint = '';
      try {
        const conn = await engine();
        endpoint = conn.endpoint;
        const info = (await conn.docker.info()) as { Name?: string; ServerVersion?: string };
        return { reachable: true, endpoint, name: info.Name, version: info.ServerVersion };
      } catch (err) {
        connection = undefined; // the next call connects afresh: the engine may be back
        if (err instanceof EngineUnreachableError) return { reachable: false, endpoint: err.endpoint, message: err.message };
        return { reachable: false, endpoint, message: `Cannot reach the Docker engine at ${endpoint}: ${engineMessage(err).replace(/[.\s]+$/, '')}.` };
      }
    },
    templatesList: () => listTemplates(),
    async templatesRead({ id }) {
      if (!/^[a-z0-9-]+$/.test(id)) throw new LabApiFailure('invalid-request', `${id} is not a template id.`);
      const text = await readFile(join(opts.templatesDir, `${id}.yaml`), 'utf8').catch(() => undefined);
      if (text === undefined) throw new LabApiFailure('not-found', `There is no template ${id}.`);
      return { id, text };
    },
    filesList: () => listWorkspaceFiles(),
    filesRead: ({ path }) => readWorkspaceFile(path),
    filesWrite: ({ path, text }) => writeWorkspaceFile(path, text),
    async labPlan({ text }) {
      const checked = checkLabText(text);
      if (!checked.document || hasErrors(checked.diagnostics)) return { diagnostics: checked.diagnostics };
      const prepared = await withDocker((docker) => prepareUp(docker, text));
      return 'plan' in prepared ? { plan: prepared.plan, diagnostics: prepared.diagnostics } : { diagnostics: prepared.diagnostics };
    },
    async labDeploy({ text }) {
      const checked = checkLabText(text); // pure: tells the lab name without touching the engine
      if (!checked.document || hasErrors(checked.diagnostics)) return refused(checked.diagnostics);
      const lab = checked.document.name;
      refuseIfBusy(lab);
      const controller = new AbortController();
      const done = deploy(text, lab, controller.signal);
      deploying.set(lab, { controller, done: done.catch(() => undefined) });
      try {
        return await done;
      } finally {
        deploying.delete(lab);
      }
    },
    async labStatus({ text }) {
      const checked = checkLabText(text);
      if (!checked.document) throw new LabApiFailure('invalid-request', `The lab file cannot be read: ${checked.diagnostics[0]?.message ?? 'unknown error'}`);
      const status = await withDocker((docker) => labStatus(docker, checked.document!));
      return {
        lab: status.lab,
        nodes: status.nodes.map((n) => ({ id: n.id, state: n.state as NodeLiveState['state'], status: n.status, interfaces: n.interfaces.map((i) => ({ network: i.network, ip: i.ip, mac: i.mac })) })),
        networks: status.networks,
      };
    },
    async labDestroy({ lab }) {
      refuseIfBusy(lab); // removing what a running deploy is creating would leave neither lab nor nothing
      const result = await withDocker((docker) => downLab(docker, lab));
      return { removedContainers: result.removedContainers, removedNetworks: result.removedNetworks, removedVeths: result.removedVeths, failed: result.failed };
    },
    async labWatch({ lab, watch }) {
      if (!watch) {
        stopWatch(lab);
        return { watching: false };
      }
      if (watches.has(lab)) return { watching: true };
      const w: Watch = { lab, stopped: false, retried: false, since: Math.floor(Date.now() / 1000), queue: Promise.resolve() };
      watches.set(lab, w);
      try {
        await openStream(w);
      } catch (err) {
        watches.delete(lab);
        throw err;
      }
      return { watching: true };
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => void set.delete(listener as (payload: never) => void);
    },
    async close() {
      for (const lab of [...watches.keys()]) stopWatch(lab);
      // running operations finish; nothing new starts (apply's abort semantics)
      const running = [...deploying.values()];
      for (const d of running) d.controller.abort();
      await Promise.all(running.map((d) => d.done));
      listeners.clear();
    },
  };
  return service;
}

// ------------------------------------------------------------ engine events → labState

interface DockerEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  time?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/**
 * The labState of a container event of a lab's node, or undefined for events that are
 * not about a node's life (exec, attach, helpers, other labs). `state` is missing when
 * the event alone does not tell it (kill, oom, health): the caller inspects the container.
 */
export function labStateFromEvent(lab: string, event: DockerEvent): (Omit<LabStateEvent, 'state' | 'status'> & Partial<LabStateEvent>) | undefined {
  const attrs = event.Actor?.Attributes ?? {};
  const node = attrs[LABEL_ID];
  if (event.Type !== 'container' || attrs[LABEL_LAB] !== lab || !node || attrs[LABEL_ROLE] === 'helper') return undefined;
  const action = (event.Action ?? event.status ?? '').split(':')[0].trim();
  const base = { lab, node };
  switch (action) {
    case 'create': return { ...base, state: 'created', status: 'Created' };
    case 'start':
    case 'restart':
    case 'unpause': return { ...base, state: 'running', status: 'Up' };
    case 'pause': return { ...base, state: 'paused', status: 'Paused' };
    case 'die': {
      const code = attrs.exitCode;
      return { ...base, state: 'exited', status: `Exited (${code ?? '?'})`, message: code === undefined ? 'exited' : `exited with code ${code}` };
    }
    case 'stop': return { ...base, state: 'exited', status: 'Stopped' };
    case 'destroy': return { ...base, state: 'missing', status: 'Removed' };
    case 'kill': return { ...base, message: attrs.signal ? `received signal ${attrs.signal}` : 'killed' };
    case 'oom': return { ...base, message: 'out of memory' };
    case 'health_status': {
      const health = (event.Action ?? event.status ?? '').split(':')[1]?.trim();
      return { ...base, message: health === 'unhealthy' ? 'health check failing' : undefined };
    }
    default: return undefined;
  }
}

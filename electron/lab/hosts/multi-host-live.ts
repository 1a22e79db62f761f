// Reading a multi-host lab's live state: the outer engine, its virtual host
// containers, each running host's nested engine (through the outer one), and each
// remote host's engine (or why it cannot be reached).
import type Dockerode from 'dockerode';
import { readLiveState } from '../docker/live';
import type { LabDocument } from '../model/schema';
import type { MultiHostLive, RemoteHostLive, VirtualHostLive } from '../plan/multi-host';
import { remoteHosts, virtualHosts } from '../plan/multi-host';
import { LABEL_ID, LABEL_ROLE, LABEL_SPEC, labFilter, objectName } from '../plan/naming';
import type { LiveState } from '../plan/types';
import { nestedEngine } from './exec-transport';
import { reachRemoteHost, type EngineTarget } from './remote-host';

/** How long a running host's engine gets to answer before it counts as not answering. */
export const NESTED_ANSWER_MS = 5000;

/** The promise's value, or undefined when it fails or takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise.catch(() => undefined), new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref())]);
}

export interface HostContainer {
  /** The host's id in the lab file. */
  id: string;
  name: string;
  dockerId: string;
  running: boolean;
  specHash: string;
  /** The container's state ('running', 'exited'…) and the engine's words for it. */
  state: string;
  status: string;
  /** Outer network name → the host's address there. */
  addresses: Record<string, string>;
}

/** The lab's virtual host containers on the outer engine. */
export async function listHostContainers(outer: Dockerode, lab: string): Promise<HostContainer[]> {
  const containers = await outer.listContainers({ all: true, filters: JSON.stringify(labFilter(lab)) });
  return containers
    .filter((c) => c.Labels?.[LABEL_ROLE] === 'host')
    .map((c) => ({
      id: c.Labels[LABEL_ID] ?? '',
      name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''),
      dockerId: c.Id,
      running: c.State === 'running',
      specHash: c.Labels[LABEL_SPEC] ?? '',
      state: c.State,
      status: c.Status,
      addresses: Object.fromEntries(Object.entries(c.NetworkSettings?.Networks ?? {}).flatMap(([network, e]) => (e.IPAddress ? [[network, e.IPAddress]] : []))),
    }));
}

async function readNested(outer: Dockerode, lab: string, name: string): Promise<{ live?: LiveState; images?: string[] }> {
  const nested = nestedEngine(outer, name);
  const [live, images] = await Promise.all([
    withTimeout(readLiveState(nested, lab, { details: true, endpoint: `virtual host ${name}` }), NESTED_ANSWER_MS),
    withTimeout(nested.listImages(), NESTED_ANSWER_MS),
  ]);
  return { live, images: images?.flatMap((i) => i.RepoTags ?? []) };
}

/** How long a remote engine that answered its ping gets to list the lab's objects. */
export const REMOTE_READ_MS = 30_000;

/**
 * A remote host's engine and its view of the lab (with the details planning needs), or
 * why it cannot be reached, in one sentence naming the host and its URL or context.
 */
export async function readRemoteHost(
  lab: string,
  host: { id: string } & EngineTarget,
  opts: { details?: boolean; images?: boolean } = {},
): Promise<RemoteHostLive & { docker?: Dockerode }> {
  const reach = await reachRemoteHost(host.id, host);
  if (!reach.docker) return { where: reach.where, problem: reach.problem };
  const { docker, where } = reach;
  const said = (err: unknown) => `The Docker engine of remote host ${host.id} at ${where} answered, then failed to list the lab: ${err instanceof Error ? err.message : String(err)}`;
  try {
    const reading = readLiveState(docker, lab, { details: opts.details ?? true, endpoint: `remote host ${host.id}` });
    const [live, images] = await Promise.all([
      withDeadline(reading, REMOTE_READ_MS, `remote host ${host.id} at ${where} did not list the lab within ${REMOTE_READ_MS / 1000} s`),
      opts.images ? withDeadline(docker.listImages(), REMOTE_READ_MS, `remote host ${host.id} at ${where} did not list its images within ${REMOTE_READ_MS / 1000} s`) : Promise.resolve(undefined),
    ]);
    return { docker, where, live, ...(images ? { images: images.flatMap((i) => i.RepoTags ?? []) } : {}) };
  } catch (err) {
    return { docker, where, problem: said(err).replace(/\.?$/, '.') };
  }
}

/** The promise's value, or a rejection saying `what` after `ms`. */
function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(what)), ms).unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Everything planMultiHost needs to know; `local` is the outer engine's view, already read. */
export async function readMultiHostLive(outer: Dockerode, document: LabDocument, local: LiveState): Promise<MultiHostLive> {
  const remote: Record<string, RemoteHostLive> = {};
  const remoteReads = Promise.all(
    remoteHosts(document).map(async (host) => {
      const { where, live, images, problem } = await readRemoteHost(document.name, host, { details: true, images: true });
      remote[host.id] = { where, ...(live ? { live } : {}), ...(images ? { images } : {}), ...(problem ? { problem } : {}) };
    }),
  );
  const containers = await listHostContainers(outer, document.name);
  const virtual: Record<string, VirtualHostLive> = {};
  await Promise.all(
    virtualHosts(document).map(async (host) => {
      const container = containers.find((c) => c.id === host.id);
      if (!container) return;
      const entry: VirtualHostLive = { container: { dockerId: container.dockerId, running: container.running, specHash: container.specHash } };
      if (container.running) Object.assign(entry, await readNested(outer, document.name, objectName(document.name, host.id)));
      virtual[host.id] = entry;
    }),
  );
  await remoteReads;
  return { local, virtual, ...(Object.keys(remote).length ? { remote } : {}), hostContainers: containers.map(({ id, name, dockerId }) => ({ id, name, dockerId })) };
}

// Reading a multi-host lab's live state: the outer engine, its virtual host
// containers, and each running host's nested engine (through the outer one).
import type Dockerode from 'dockerode';
import { readLiveState } from '../docker/live';
import type { LabDocument } from '../model/schema';
import type { MultiHostLive, VirtualHostLive } from '../plan/multi-host';
import { virtualHosts } from '../plan/multi-host';
import { LABEL_ID, LABEL_ROLE, LABEL_SPEC, labFilter, objectName } from '../plan/naming';
import type { LiveState } from '../plan/types';
import { nestedEngine } from './exec-transport';

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

/** Everything planMultiHost needs to know; `local` is the outer engine's view, already read. */
export async function readMultiHostLive(outer: Dockerode, document: LabDocument, local: LiveState): Promise<MultiHostLive> {
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
  return { local, virtual, hostContainers: containers.map(({ id, name, dockerId }) => ({ id, name, dockerId })) };
}

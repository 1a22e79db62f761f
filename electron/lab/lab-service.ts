// The engine's use cases — check, plan, up, status, down — composed from the pure
// core (parse → validate → plan) and the Docker adapter (live state, apply,
// teardown). The CLI and, later, LabApi are thin layers over these functions.
import type Dockerode from 'dockerode';
import { readFile } from 'node:fs/promises';
import { hasErrors, type Diagnostic } from './model/diagnostics';
import { parseLab, withPositions, type PositionLookup } from './model/parse';
import { validateLab, type ValidationFacts } from './model/validate';
import type { LabDocument } from './model/schema';
import { planLab } from './plan/plan';
import type { LiveState, Plan } from './plan/types';
import { readLiveState } from './docker/live';
import { probeKernel } from './docker/probe';
import { applyPlan, type ApplyEvent, type ApplyResult } from './docker/apply';
import { teardownLab, type TeardownResult } from './docker/teardown';
import { removeSidecars } from './docker/sidecars';
import { imageHelpText, missingImages } from './docker/images';
import { DEFAULT_NODE_IMAGE } from './model/schema';
import { hasEngineHosts, planMultiHost, remoteHosts } from './plan/multi-host';
import { listHostContainers, NESTED_ANSWER_MS, readMultiHostLive, readRemoteHost, withTimeout } from './hosts/multi-host-live';
import { HostEngines, virtualHostIds } from './hosts/engines';
import { reachRemoteHost } from './hosts/remote-host';
import { composeLabStatus, type LabStatus, type RemoteHostRead, type VirtualHostRead } from './lab-status';
import { HOST_IMAGE } from './hosts/virtual-host';

export interface LoadedLab {
  document?: LabDocument;
  diagnostics: Diagnostic[];
  /** What parsing alone said (e.g. a migrated format), before validation. */
  parseNotes: Diagnostic[];
  positionOf: PositionLookup;
}

/** Parse and validate lab text (no engine needed). */
export function checkLabText(text: string): LoadedLab {
  const parsed = parseLab(text);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics, parseNotes: parsed.diagnostics, positionOf: parsed.positionOf };
  const diagnostics = [...parsed.diagnostics, ...withPositions(validateLab(parsed.document), parsed.positionOf)];
  return { document: parsed.document, diagnostics, parseNotes: parsed.diagnostics, positionOf: parsed.positionOf };
}

export class LabFileError extends Error {}

export async function readLabFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new LabFileError(`Cannot read lab file ${path}: ${why}.`);
  }
}

export interface PreparedUp {
  document: LabDocument;
  live: LiveState;
  plan: Plan;
  /** Validation with engine facts, plan diagnostics and missing images. */
  diagnostics: Diagnostic[];
}

/** Reads the engine, validates against what it can do, and plans. Changes nothing. */
export async function prepareUp(docker: Dockerode, text: string): Promise<PreparedUp | { diagnostics: Diagnostic[] }> {
  const first = checkLabText(text);
  if (!first.document || hasErrors(first.diagnostics)) return { diagnostics: first.diagnostics };
  const document = first.document;
  // details: endpoint aliases and PIDs come only from inspecting each container.
  const live = await readLiveState(docker, document.name, { details: true });
  await probeKernelIfNeeded(docker, document, live);
  const facts: ValidationFacts = { ipvlanSupported: live.engine.ipvlan, macvlanSupported: live.engine.macvlan, swarmActive: live.engine.swarm === 'active' };
  // Validate again only where an engine fact can change the verdict (the file is parsed once).
  const factsMatter = (document.networks ?? []).some((n) => ['ipvlan', 'macvlan', 'overlay'].includes(n.driver));
  const validation = factsMatter ? [...first.parseNotes, ...withPositions(validateLab(document, facts), first.positionOf)] : first.diagnostics;
  const plan = hasEngineHosts(document) ? planMultiHost(document, await readMultiHostLive(docker, document, live)) : planLab(document, live);
  const engineDiagnostics = [...plan.diagnostics, ...(await imageDiagnostics(docker, document, plan))];
  const diagnostics = [...validation, ...withPositions(engineDiagnostics, first.positionOf)];
  return { document, live, plan, diagnostics };
}

/**
 * Asks the engine's kernel about macvlan/ipvlan only for such networks that do not
 * exist yet (an existing one proves support). The probe costs a helper container, so
 * a no-change `up` must not run it: it would be a mutating engine call.
 */
async function probeKernelIfNeeded(docker: Dockerode, document: LabDocument, live: LiveState): Promise<void> {
  const existing = new Set(live.networks.map((n) => n.labId));
  // networks of this engine only: a remote host's kernel is not this one
  const here = (n: { host?: string }) => n.host === undefined || (document.hosts ?? []).find((h) => h.id === n.host)?.kind === 'local';
  const toCreate = (document.networks ?? []).filter((n) => (n.driver === 'macvlan' || n.driver === 'ipvlan') && here(n) && !existing.has(n.id));
  if (toCreate.length === 0) return;
  const kernel = await probeKernel(docker, document.name, { engineId: live.engine.id });
  live.engine.ipvlan = kernel.ipvlan;
  live.engine.macvlan = kernel.macvlan;
}

async function imageDiagnostics(docker: Dockerode, document: LabDocument, plan: Plan): Promise<Diagnostic[]> {
  const wanted = new Set<string>();
  // a remote host's images are its own engine's business (planMultiHost checked them there)
  const here = plan.operations.filter((op) => !(op.host !== undefined && plan.remotes && Object.hasOwn(plan.remotes, op.host)));
  for (const op of here) {
    if (op.kind === 'container.create') wanted.add(op.spec.image);
    // a virtual host's images are copied from this engine, so they must be here
    if (op.kind === 'images.copy') op.images.forEach((image) => wanted.add(image));
    if (op.kind === 'host.start') wanted.add(HOST_IMAGE);
  }
  if (here.some((op) => op.kind === 'veth.create' || op.kind === 'veth.remove' || op.kind === 'routes.apply')) wanted.add(DEFAULT_NODE_IMAGE);
  const missing = await missingImages(docker, [...wanted]);
  return missing.map((image): Diagnostic => {
    const index = (document.nodes ?? []).findIndex((n) => (n.image ?? DEFAULT_NODE_IMAGE) === image);
    return {
      severity: 'error',
      code: 'image-missing',
      message: index >= 0 ? `Node ${document.nodes![index].id} needs image ${image}, which this Docker engine does not have.` : `topolab needs image ${image} for its helpers, which this Docker engine does not have.`,
      hint: imageHelpText(image),
      path: index >= 0 ? ['nodes', index, 'image'] : [],
      subject: index >= 0 ? { kind: 'node', id: document.nodes![index].id } : undefined,
    };
  });
}

export interface UpOptions {
  onEvent?: (event: ApplyEvent) => void;
  signal?: AbortSignal;
  concurrency?: number;
}

export async function applyPrepared(docker: Dockerode, prepared: PreparedUp, options: UpOptions = {}): Promise<ApplyResult> {
  // A capture sidecar shares its node's namespace: it must go before that node is removed
  // or replaced (the next trace starts a fresh one in the new namespace).
  // On a virtual host, its nested engine has the sidecars.
  const removing = new Map<string | undefined, Set<string>>();
  for (const op of prepared.plan.operations) {
    if (op.kind === 'container.remove') removing.set(op.host, (removing.get(op.host) ?? new Set()).add(op.dockerId));
  }
  const engines = HostEngines.forLab(docker, prepared.document);
  await Promise.all(
    [...removing].map(([host, ids]) =>
      host === undefined
        ? removeSidecars(docker, prepared.document.name, ids)
        : withTimeout(removeSidecars(engines.engineOf(host), prepared.document.name, ids), NESTED_ANSWER_MS),
    ),
  );
  return applyPlan(docker, prepared.plan, options);
}

export type { HostStatus, LabStatus, NetworkStatus, NodeStatus } from './lab-status';

/**
 * Every node, network and host of the lab as the engines have them: the local engine,
 * each virtual host's container and nested engine, and each remote host's engine
 * (nodes on a host that is absent, stopped, unreachable or not answering say so).
 */
export async function labStatus(docker: Dockerode, document: LabDocument): Promise<LabStatus> {
  const virtualIds = virtualHostIds(document);
  const remoteReads = Promise.all(
    remoteHosts(document).map(async (host): Promise<RemoteHostRead> => {
      const { where, live, problem } = await readRemoteHost(document.name, host, { details: true });
      return { id: host.id, where, ...(live ? { live } : {}), ...(problem ? { problem } : {}) };
    }),
  );
  const [live, hostContainers] = await Promise.all([
    readLiveState(docker, document.name, { details: true }),
    virtualIds.length ? listHostContainers(docker, document.name) : Promise.resolve([]),
  ]);
  const reads = await Promise.all(
    virtualIds.map(async (id): Promise<VirtualHostRead> => {
      const c = hostContainers.find((x) => x.id === id);
      if (!c) return { id };
      const container = { name: c.name, state: c.state, status: c.status, addresses: c.addresses };
      if (!c.running) return { id, container };
      const nested = new HostEngines(docker, document.name).engineOf(id);
      const nestedLive = await withTimeout(readLiveState(nested, document.name, { details: true, endpoint: `virtual host ${c.name}` }), NESTED_ANSWER_MS);
      return { id, container, live: nestedLive };
    }),
  );
  return composeLabStatus(document, live, reads, hostContainers, await remoteReads);
}

/** What `down` did on one remote host of the file: its teardown, or why its engine could not be reached. */
export type RemoteTeardown = { host: string; where: string } & ({ removed: TeardownResult; unreachable?: undefined } | { removed?: undefined; unreachable: string });

export interface DownResult extends TeardownResult {
  /** The remote hosts of the file, each torn down by label on its own engine (empty without a file: they are unknown then). */
  remote: RemoteTeardown[];
}

/**
 * Removes the lab by label from the engine topolab is connected to (virtual hosts take
 * everything nested in them), and, when the lab file is given, from each of its remote
 * hosts' engines too. Without the file, remote hosts are unknown and left as they are.
 */
export async function downLab(docker: Dockerode, lab: string, document?: LabDocument): Promise<DownResult> {
  const remote = Promise.all(
    (document ? remoteHosts(document) : []).map(async (host): Promise<RemoteTeardown> => {
      const read = await reachRemoteHost(host.id, host);
      if (!read.docker) return { host: host.id, where: read.where, unreachable: read.problem };
      try {
        return { host: host.id, where: read.where, removed: await teardownLab(read.docker, lab) };
      } catch (err) {
        return { host: host.id, where: read.where, unreachable: `Remote host ${host.id} at ${read.where} stopped answering while its objects were removed: ${err instanceof Error ? err.message : String(err)}` };
      }
    }),
  );
  const local = await teardownLab(docker, lab);
  return { ...local, remote: await remote };
}

export type { ApplyEvent, ApplyResult };

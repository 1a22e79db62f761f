// A virtual host's live state (pure), from three sources: the deploy's progress events
// (the operations that start, fill and join it), the engine's status read (its
// container, whether its engine answers, its underlay addresses) and the engine's
// container events about it (labState with kind 'host').
import type { DeployProgressEvent, HostLiveState, LabStateEvent } from '../../../electron/lab/api';
import type { OperationKind } from '../../../electron/lab/plan/types';
import type { HostLive } from './types';

/** Operation keys are `<kind>:<id>`, prefixed `<host>/` when they run on a virtual host. */
export function parseOperationKey(key: string): { host?: string; kind?: OperationKind; id?: string } {
  const slash = key.indexOf('/');
  const host = slash > 0 && slash < key.indexOf(':') ? key.slice(0, slash) : undefined;
  const rest = host ? key.slice(slash + 1) : key;
  const colon = rest.indexOf(':');
  if (colon < 0) return { host, kind: KNOWN.has(rest) ? (rest as OperationKind) : undefined };
  const kind = rest.slice(0, colon);
  return { host, kind: KNOWN.has(kind) ? (kind as OperationKind) : undefined, id: rest.slice(colon + 1) };
}

const KINDS: Record<OperationKind, true> = {
  'host.start': true, 'host.remove': true, 'images.copy': true, 'swarm.form': true, 'swarm.init': true,
  'veth.create': true, 'veth.remove': true, 'network.create': true, 'network.remove': true,
  'container.create': true, 'container.remove': true, 'connection.create': true, 'connection.remove': true, 'routes.apply': true,
};
const KNOWN = new Set<string>(Object.keys(KINDS));

/** What a host is doing while an operation about it runs. */
const STEP: Partial<Record<OperationKind, string>> = {
  'host.start': 'starting',
  'images.copy': 'copying images',
  'swarm.form': 'forming swarm',
  'host.remove': 'removing',
};

/** The hosts' states after one progress event; the same object when the event is not about a host. */
export function applyHostProgress(hosts: Record<string, HostLive>, event: DeployProgressEvent): Record<string, HostLive> {
  if (event.type === 'done' && event.counts.failed === 0) {
    // a clean deploy: earlier failures are over (the status read that follows says how the hosts are)
    const stale = Object.keys(hosts).filter((id) => hosts[id].state === 'error');
    if (stale.length === 0) return hosts;
    const rest = { ...hosts };
    for (const id of stale) delete rest[id];
    return rest;
  }
  if (!event.key || event.subject?.kind !== 'host') return hosts;
  const { kind } = parseOperationKey(event.key);
  const id = event.subject.id;
  const prev = hosts[id];
  const addresses = prev?.addresses;
  if (event.type === 'failed') return { ...hosts, [id]: { state: 'error', message: event.message ?? `${kind ?? 'an operation'} failed`, addresses } };
  if (event.type === 'started') {
    const state: HostLive['state'] = kind === 'host.remove' ? 'removing' : kind === 'swarm.form' && prev?.state === 'running' ? 'running' : 'starting';
    return { ...hosts, [id]: { state, step: kind ? STEP[kind] : undefined, addresses: kind === 'host.start' ? undefined : addresses } };
  }
  if (event.type === 'finished') {
    if (kind === 'host.remove') {
      const rest = { ...hosts };
      delete rest[id];
      return rest;
    }
    // a failure earlier in this deploy stays shown until the host is started again
    if (prev?.state === 'error') return hosts;
    return { ...hosts, [id]: { state: 'running', addresses } };
  }
  return hosts;
}

/** A host as the engine's status read has it; undefined when it has no container (nothing to show). */
export function hostLiveFromStatus(host: HostLiveState): HostLive | undefined {
  const addresses = host.addresses.length ? host.addresses : undefined;
  switch (host.state) {
    case 'running':
      return host.engineAnswers ? { state: 'running', addresses } : { state: 'starting', step: 'engine starting', message: 'its container runs; its Docker engine does not answer (yet)', addresses };
    case 'created':
    case 'restarting':
      return { state: 'starting', step: host.state === 'created' ? 'created' : 'restarting' };
    case 'paused':
    case 'exited':
      return { state: 'stopped', message: host.status || host.state };
    case 'dead':
      return { state: 'error', message: host.status || 'its container is dead' };
    case 'removing':
      return { state: 'removing' };
    case 'unreachable': // a remote host whose engine does not answer: say so, with the engine's sentence
      return { state: 'error', message: host.status || 'its Docker engine does not answer' };
    case 'missing':
    case 'unknown':
      return undefined;
  }
}

/** Hosts after a status read: virtual and remote ones from the engine; a deploy's error stays while the engine has nothing better to say. */
export function applyHostStatus(prev: Record<string, HostLive>, hosts: readonly HostLiveState[] | undefined): Record<string, HostLive> {
  const next: Record<string, HostLive> = {};
  for (const host of hosts ?? []) {
    // the local engine is the one the app talks to: its state is the app's own connection
    if (host.kind === 'local') continue;
    const live = hostLiveFromStatus(host);
    const before = prev[host.id];
    if (before?.state === 'error' && (!live || live.state === 'running')) next[host.id] = { ...before, addresses: live?.addresses ?? before.addresses };
    else if (live) next[host.id] = live;
  }
  return next;
}

/** A container event about a virtual host (labState with kind 'host'). */
export function applyHostEvent(hosts: Record<string, HostLive>, event: LabStateEvent): Record<string, HostLive> {
  const prev = hosts[event.node];
  if (event.state === 'missing') {
    if (!prev) return hosts;
    const rest = { ...hosts };
    delete rest[event.node];
    return rest;
  }
  if (event.state === 'running') {
    // the container runs; whether its engine answers, a status read will tell
    if (prev?.state === 'running' || prev?.state === 'starting') return hosts;
    return { ...hosts, [event.node]: { state: 'starting', step: 'engine starting', addresses: prev?.addresses } };
  }
  const live = hostLiveFromStatus({ id: event.node, kind: 'virtual', state: event.state, status: event.message ?? event.status, addresses: [], engineAnswers: false });
  if (!live) return hosts;
  return { ...hosts, [event.node]: live };
}

// plan(document, live state) → the ordered operations that make the engine match
// the document. Pure: the live state is read elsewhere and passed in. An empty plan
// means `up` has nothing to do and makes no mutating engine call.
import { planAddresses } from '../model/addressing';
import type { LabDocument } from '../model/schema';
import { desiredState, dockerNetworkName } from './spec';
import { orderOperations } from './order';
import type { ContainerSpec, EndpointSpec, LiveContainer, LiveEndpoint, LiveState, NetworkSpec, Operation, Plan, PlanChange } from './types';

export interface PlanOptions {
  /**
   * Networks another engine makes (an overlay the swarm manager creates, seen from a
   * worker): nodes here attach to them by name; they are never created or removed here.
   */
  externalNetworks?: readonly string[];
}

export function planLab(doc: LabDocument, live: LiveState, options: PlanOptions = {}): Plan {
  const addressing = planAddresses({ document: doc, used: live.usedSubnets, live: liveAddresses(doc, live) });
  const external = new Set(options.externalNetworks ?? []);
  const allDesired = desiredState(doc, addressing);
  const desired = { ...allDesired, networks: allDesired.networks.filter((n) => !external.has(n.id)) };
  const builder = new PlanBuilder();

  const liveNetworks = new Map(live.networks.map((n) => [n.labId, n]));
  const liveContainers = new Map(live.containers.map((c) => [c.labId, c]));
  const desiredNetworks = new Map(desired.networks.map((n) => [n.id, n]));
  const desiredContainers = new Map(desired.containers.map((c) => [c.id, c]));

  // Which objects go away (removed or replaced) decides everything after.
  const replacedNetworks = new Set(desired.networks.filter((n) => liveNetworks.has(n.id) && liveNetworks.get(n.id)!.specHash !== n.specHash).map((n) => n.id));
  const removedNetworks = live.networks.filter((n) => !desiredNetworks.has(n.labId) && !external.has(n.labId));
  const replacedContainers = new Map<string, string>();
  for (const spec of desired.containers) {
    const current = liveContainers.get(spec.id);
    const why = current && replaceReason(spec, current);
    if (why) replacedContainers.set(spec.id, why);
  }
  const removedContainers = live.containers.filter((c) => !desiredContainers.has(c.labId));
  const goneContainerIds = new Set([...removedContainers.map((c) => c.dockerId), ...[...replacedContainers.keys()].map((id) => liveContainers.get(id)!.dockerId)]);

  // 1. Containers that go away, sharers before the namespace they joined.
  for (const container of [...removedContainers, ...[...replacedContainers.keys()].map((id) => liveContainers.get(id)!)]) {
    const sharers = live.containers.filter((c) => c.networkMode === `container:${container.dockerId}` || c.networkMode === `container:${container.name}`);
    builder.add({
      kind: 'container.remove',
      key: `container.remove:${container.labId}`,
      subject: { kind: 'node', id: container.labId },
      reason: desiredContainers.has(container.labId) ? `replaced: ${replacedContainers.get(container.labId)}` : 'no longer in the lab file',
      after: sharers.filter((s) => goneContainerIds.has(s.dockerId)).map((s) => `container.remove:${s.labId}`),
      name: container.name,
      dockerId: container.dockerId,
    });
  }

  // 2. Networks that go away: surviving containers are disconnected first.
  const networksGoing = [...removedNetworks, ...[...replacedNetworks].map((id) => liveNetworks.get(id)!)];
  for (const net of networksGoing) {
    const after: string[] = [];
    for (const dockerId of net.containerIds) {
      const container = live.containers.find((c) => c.dockerId === dockerId);
      if (!container) continue;
      if (goneContainerIds.has(dockerId)) {
        after.push(`container.remove:${container.labId}`);
      } else {
        const key = builder.add({
          kind: 'connection.remove',
          key: `connection.remove:${container.labId}/${net.labId}`,
          subject: { kind: 'node', id: container.labId },
          reason: `network ${net.labId} is ${replacedNetworks.has(net.labId) ? 'replaced' : 'removed'}`,
          after: [],
          node: container.labId,
          containerName: container.name,
          networkName: net.name,
        });
        after.push(key);
      }
    }
    builder.add({
      kind: 'network.remove',
      key: `network.remove:${net.labId}`,
      subject: { kind: 'network', id: net.labId },
      reason: replacedNetworks.has(net.labId) ? 'replaced: its definition changed' : 'no longer in the lab file',
      after,
      name: net.name,
      dockerId: net.dockerId,
    });
  }

  // 3. Lab-owned veth underlays.
  const wantedVeths = new Set(desired.networks.flatMap((n) => (n.veth ? [n.veth.name] : [])));
  for (const net of desired.networks) {
    if (net.veth && !live.veths.includes(net.veth.name)) {
      builder.add({ kind: 'veth.create', key: `veth.create:${net.id}`, subject: { kind: 'network', id: net.id }, reason: `isolated underlay (parent) for ${net.driver} network ${net.id}`, after: [], veth: net.veth, lab: doc.name });
    }
  }
  for (const net of live.networks) {
    const veth = net.labels['io.topolab.veth'];
    if (veth && !wantedVeths.has(veth)) {
      builder.add({ kind: 'veth.remove', key: `veth.remove:${net.labId}`, subject: { kind: 'network', id: net.labId }, reason: 'its network is gone', after: [`network.remove:${net.labId}`], veth: { name: veth, peer: veth.replace(/a$/, 'b') } });
    }
  }

  // 4. Swarm, then networks to create.
  const needsSwarm = desired.networks.some((n) => n.driver === 'overlay' && (!liveNetworks.has(n.id) || replacedNetworks.has(n.id)));
  if (needsSwarm && live.engine.swarm !== 'active') {
    builder.add({ kind: 'swarm.init', key: 'swarm.init', subject: { kind: 'engine', id: live.engine.name }, reason: 'overlay networks need swarm mode; a single-node swarm is initialised on this engine', after: [] });
  }
  for (const spec of desired.networks) {
    if (liveNetworks.has(spec.id) && !replacedNetworks.has(spec.id)) continue;
    builder.add({
      kind: 'network.create',
      key: `network.create:${spec.id}`,
      subject: { kind: 'network', id: spec.id },
      reason: replacedNetworks.has(spec.id) ? 'replaced: its definition changed' : 'new in the lab file',
      after: [
        ...(replacedNetworks.has(spec.id) ? [`network.remove:${spec.id}`] : []),
        ...(spec.veth && builder.has(`veth.create:${spec.id}`) ? [`veth.create:${spec.id}`] : []),
        ...(spec.driver === 'overlay' && builder.has('swarm.init') ? ['swarm.init'] : []),
      ],
      spec,
    });
  }

  // 5. Containers to create, then their extra interfaces and routes.
  const createdNodes = new Set(desired.containers.filter((c) => !liveContainers.has(c.id) || replacedContainers.has(c.id)).map((c) => c.id));
  const networkReady = (networkName: string): string[] => {
    const spec = desired.networks.find((n) => n.name === networkName);
    return spec && builder.has(`network.create:${spec.id}`) ? [`network.create:${spec.id}`] : [];
  };
  for (const spec of desired.containers) {
    if (!createdNodes.has(spec.id)) continue;
    const after = [...(replacedContainers.has(spec.id) ? [`container.remove:${spec.id}`] : [])];
    if (spec.networkMode.kind === 'network') after.push(...networkReady(spec.networkMode.networkName));
    if (spec.networkMode.kind === 'container' && createdNodes.has(spec.networkMode.node)) after.push(`container.create:${spec.networkMode.node}`);
    builder.add({ kind: 'container.create', key: `container.create:${spec.id}`, subject: { kind: 'node', id: spec.id }, reason: replacedContainers.has(spec.id) ? `replaced: ${replacedContainers.get(spec.id)}` : 'new in the lab file', after, spec });
    addConnections(builder, spec, spec.endpoints.slice(1), `container.create:${spec.id}`, networkReady, 'new in the lab file');
  }

  // 6. Containers that stay: reconcile their interfaces with the live endpoints.
  for (const spec of desired.containers) {
    const current = liveContainers.get(spec.id);
    if (!current || createdNodes.has(spec.id)) continue;
    // host, none and pod-style modes: the engine's endpoint (`host`, `none`) is not one of ours to reconcile
    if (spec.networkMode.kind !== 'network') continue;
    const stale = current.endpoints.filter((e) => !endpointWanted(spec, e, replacedNetworks, desiredNetworks));
    const missing = spec.endpoints.filter((e) => !endpointPresent(spec, e, current.endpoints, replacedNetworks));
    let previous: string | undefined;
    for (const endpoint of stale) {
      const netId = labNetworkId(doc, endpoint.networkName);
      const key = `connection.remove:${spec.id}/${netId}`;
      if (builder.has(key)) continue;
      previous = builder.add({ kind: 'connection.remove', key, subject: { kind: 'node', id: spec.id }, reason: `interface on ${netId} changed or removed`, after: [], node: spec.id, containerName: spec.name, networkName: endpoint.networkName });
    }
    const lastKey = addConnections(builder, spec, missing, previous, networkReady, 'interface added or changed', stale.length > 0 ? stale.map((e) => `connection.remove:${spec.id}/${labNetworkId(doc, e.networkName)}`) : []);
    const touched = missing.length > 0 || current.endpoints.some((e) => replacedNetworks.has(labNetworkId(doc, e.networkName)));
    if (touched && needsRouteStep(spec)) {
      builder.add({ kind: 'routes.apply', key: `routes.apply:${spec.id}`, subject: { kind: 'node', id: spec.id }, reason: 'interfaces were reconnected, which drops their routes', after: lastKey ? [lastKey] : [], node: spec.id, containerName: spec.name, routes: spec.routes, dropDefaultRoute: spec.dropDefaultRoute });
    }
  }
  for (const spec of desired.containers) {
    if (!createdNodes.has(spec.id) || !needsRouteStep(spec)) continue;
    const connectionKeys = spec.endpoints.slice(1).map((e) => `connection.create:${spec.id}/${e.network}`);
    const reason = spec.routes.length ? 'static routes from the lab file' : 'internal networks only: no default route';
    builder.add({ kind: 'routes.apply', key: `routes.apply:${spec.id}`, subject: { kind: 'node', id: spec.id }, reason, after: [`container.create:${spec.id}`, ...connectionKeys], node: spec.id, containerName: spec.name, routes: spec.routes, dropDefaultRoute: spec.dropDefaultRoute });
  }

  const operations = orderOperations(builder.operations);
  return {
    lab: doc.name,
    operations,
    changes: summarize(operations, replacedContainers),
    addressing: {
      planned: Object.entries(addressing.networks).filter(([, n]) => n.auto && n.subnet).map(([network, n]) => ({ network, subnet: n.subnet! })),
      avoided: addressing.avoided,
    },
    diagnostics: addressing.diagnostics,
  };
}

function needsRouteStep(spec: ContainerSpec): boolean {
  return spec.routes.length > 0 || spec.dropDefaultRoute;
}

class PlanBuilder {
  readonly operations: Operation[] = [];
  private readonly keys = new Set<string>();
  add(op: Operation): string {
    if (!this.keys.has(op.key)) {
      this.keys.add(op.key);
      this.operations.push(op);
    }
    return op.key;
  }
  has(key: string): boolean {
    return this.keys.has(key);
  }
}

/** Adds connection.create operations one after another, so eth1, eth2… come in file order. */
function addConnections(builder: PlanBuilder, spec: ContainerSpec, endpoints: EndpointSpec[], first: string | undefined, networkReady: (name: string) => string[], reason: string, alsoAfter: string[] = []): string | undefined {
  let previous = first;
  for (const endpoint of endpoints) {
    previous = builder.add({
      kind: 'connection.create',
      key: `connection.create:${spec.id}/${endpoint.network}`,
      subject: { kind: 'node', id: spec.id },
      reason,
      after: [...(previous ? [previous] : []), ...networkReady(endpoint.networkName), ...alsoAfter],
      node: spec.id,
      containerName: spec.name,
      endpoint,
    });
  }
  return previous;
}

function replaceReason(spec: ContainerSpec, current: LiveContainer): string | undefined {
  if (current.specHash !== spec.specHash) {
    return current.image !== spec.image && !current.image.startsWith('sha256:') ? `image changed from ${current.image} to ${spec.image}` : 'its definition changed (image, command, env, ports, capabilities, sysctls, routes or namespace)';
  }
  if (current.state !== 'running') return `it is not running (${current.status || current.state})`;
  return undefined;
}

function endpointPresent(node: ContainerSpec, wanted: EndpointSpec, live: LiveEndpoint[], replacedNetworks: Set<string>): boolean {
  if (replacedNetworks.has(wanted.network)) return false;
  const current = live.find((e) => e.networkName === wanted.networkName);
  return !!current && sameEndpoint(node, wanted, current);
}

function endpointWanted(node: ContainerSpec, current: LiveEndpoint, replacedNetworks: Set<string>, desiredNetworks: Map<string, NetworkSpec>): boolean {
  const wanted = node.endpoints.find((e) => e.networkName === current.networkName);
  if (!wanted) return false;
  // On a replaced network the old endpoint disappears with it; nothing to disconnect twice.
  if (replacedNetworks.has(wanted.network) && desiredNetworks.has(wanted.network)) return true;
  return sameEndpoint(node, wanted, current);
}

function sameEndpoint(node: ContainerSpec, wanted: EndpointSpec, current: LiveEndpoint): boolean {
  if (wanted.ip && (current.requestedIp ?? current.ip) !== wanted.ip) return false;
  // The engine adds the short container id and the hostname as aliases by itself, and
  // the node id is always ours: only the aliases written in the file can differ.
  const implicit = (alias: string) => alias === node.id || alias === node.hostname || /^[0-9a-f]{12}$/.test(alias);
  return sameSet(current.aliases.filter((a) => !implicit(a)), wanted.aliases.filter((a) => !implicit(a)));
}

function sameSet(a: string[], b: string[]): boolean {
  const setA = new Set(a);
  return setA.size === new Set(b).size && b.every((x) => setA.has(x));
}

/** The lab id of a network from its Docker name ('bridge' → the builtin docker0 entry). */
function labNetworkId(doc: LabDocument, networkName: string): string {
  const net = (doc.networks ?? []).find((n) => dockerNetworkName(doc.name, n) === networkName);
  return net?.id ?? networkName;
}

/** Running objects keep their addresses: feed the live ones to the address planner. */
/** Addresses the lab's live objects have, so that planning keeps them. */
export function liveAddresses(doc: LabDocument, live: LiveState): { networkSubnets: Record<string, string>; interfaceIps: Record<string, string> } {
  const networkSubnets: Record<string, string> = {};
  for (const net of live.networks) {
    const v4 = net.subnets.find((s) => !s.includes(':'));
    if (v4) networkSubnets[net.labId] = v4;
  }
  const interfaceIps: Record<string, string> = {};
  for (const container of live.containers) {
    for (const endpoint of container.endpoints) {
      const ip = endpoint.requestedIp ?? endpoint.ip;
      if (ip) interfaceIps[`${container.labId}/${labNetworkId(doc, endpoint.networkName)}`] = ip;
    }
  }
  return { networkSubnets, interfaceIps };
}

function summarize(operations: Operation[], replaced: Map<string, string>): PlanChange[] {
  const changes = new Map<string, PlanChange>();
  for (const op of operations) {
    const id = `${op.subject.kind}:${op.subject.id}`;
    const existing = changes.get(id);
    let action: PlanChange['action'];
    if (op.kind === 'network.create' || op.kind === 'container.create') action = op.reason.startsWith('replaced') ? 'replace' : 'create';
    else if (op.kind === 'network.remove' || op.kind === 'container.remove') action = op.reason.startsWith('replaced') ? 'replace' : 'remove';
    else action = 'update';
    if (!existing || rank(action) > rank(existing.action)) {
      const reason = op.subject.kind === 'node' && action === 'replace' ? `replaced: ${replaced.get(op.subject.id) ?? op.reason}` : op.reason;
      changes.set(id, { action, subject: op.subject, reason });
    }
  }
  return [...changes.values()];
}

function rank(action: PlanChange['action']): number {
  return { update: 0, create: 1, remove: 1, replace: 2 }[action];
}


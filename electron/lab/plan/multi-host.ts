// Planning a lab that spans virtual and remote hosts (pure). The document is split by
// host: the local engine gets its own networks and nodes plus the underlay bridges;
// each virtual host gets its networks and nodes, planned against its nested engine's
// live state, with every operation tagged with the host and waiting for the host to
// run, for its images, and for the swarm that carries its overlays. A remote host (an
// engine on a machine topolab does not own) gets its networks and nodes planned
// against its own engine's live state, and nothing else: no start, no image copy; an
// image it lacks, or an engine that does not answer, is an error before anything
// changes. Addresses are planned once over the whole lab, so an overlay has one subnet
// and no two hosts hand out the same address.
import { planAddresses, type AddressingResult } from '../model/addressing';
import type { Diagnostic } from '../model/diagnostics';
import { addressingDocument, hostsWithOwnEngine, localHostId, remoteHosts, virtualHosts } from '../model/hosts';
import { DEFAULT_NODE_IMAGE, type HostDef, type LabDocument, type NetworkDef, type NodeDef } from '../model/schema';
import { specHash } from './hash';
import { objectName } from './naming';
import { liveAddresses, planLab } from './plan';
import { emptyLiveState, type LiveState, type Operation, type Plan, type PlanChange, type VirtualHostPlanSpec } from './types';

/** What is known of one virtual host before planning. */
export interface VirtualHostLive {
  /** Its container on the outer engine, if there is one. */
  container?: { dockerId: string; running: boolean; specHash: string };
  /** Its nested engine's view of the lab, when the host runs and answered. */
  live?: LiveState;
  /** Image names (repo:tag) the nested engine has. */
  images?: string[];
}

/** What is known of one remote host before planning. */
export interface RemoteHostLive {
  /** Its URL, or its context (with the URL it stands for), for messages. */
  where: string;
  /** Its engine's view of the lab, when it answered. */
  live?: LiveState;
  /** Image names (repo:tag) its engine has. */
  images?: string[];
  /** Why its engine cannot be reached, in one sentence naming the host (when it cannot). */
  problem?: string;
}

export interface MultiHostLive {
  /** The engine topolab is connected to. */
  local: LiveState;
  /** By host id, for the virtual hosts of the lab file. */
  virtual: Record<string, VirtualHostLive>;
  /** By host id, for the remote hosts of the lab file. */
  remote?: Record<string, RemoteHostLive>;
  /** Virtual host containers of this lab on the outer engine (also those no longer in the file). */
  hostContainers: { id: string; name: string; dockerId: string }[];
}


export { remoteHosts, virtualHosts };

/** Whether some of the lab runs on an engine of its own (a virtual or a remote host): then planMultiHost plans it. */
export function hasEngineHosts(doc: LabDocument): boolean {
  return hostsWithOwnEngine(doc).length > 0;
}


const hostOf = (doc: LabDocument, hostId: string | undefined) => hostId ?? localHostId(doc);


/** A sub-document with every planned address written in, so planning it alone gives the same addresses. */
function withAddresses(doc: LabDocument, networks: NetworkDef[], nodes: NodeDef[], addressing: AddressingResult): LabDocument {
  return {
    topolab: doc.topolab,
    name: doc.name,
    networks: networks.map((n) => {
      const planned = addressing.networks[n.id];
      return planned?.subnet && !n.subnet ? { ...n, host: undefined, subnet: planned.subnet, gateway: n.gateway ?? planned.gateway } : { ...n, host: undefined };
    }),
    nodes: nodes.map((node) => ({
      ...node,
      host: undefined,
      interfaces: node.interfaces?.map((iface) => {
        const ip = addressing.interfaces[`${node.id}/${iface.network}`]?.ip;
        return iface.ip || !ip ? iface : { ...iface, ip };
      }),
    })),
  } as LabDocument;
}

interface SwarmGroup {
  key: string;
  manager: string;
  workers: string[];
  overlays: string[];
}

/** Virtual hosts joined by overlays, in file order; the first host of each group manages its swarm. */
function swarmGroups(doc: LabDocument): SwarmGroup[] {
  const order = virtualHosts(doc).map((h) => h.id);
  const overlays = (doc.networks ?? []).filter((n) => n.driver === 'overlay');
  const parent = new Map(order.map((h) => [h, h]));
  const find = (h: string): string => (parent.get(h) === h ? h : find(parent.get(h)!));
  const membersOf = new Map<string, string[]>();
  for (const net of overlays) {
    const hosts = [...new Set((doc.nodes ?? []).filter((n) => n.interfaces?.some((i) => i.network === net.id)).map((n) => hostOf(doc, n.host)))].filter((h) => parent.has(h));
    membersOf.set(net.id, hosts);
    for (const h of hosts.slice(1)) parent.set(find(h), find(hosts[0]));
  }
  const groups = new Map<string, SwarmGroup>();
  for (const net of overlays) {
    const hosts = membersOf.get(net.id) ?? [];
    if (hosts.length === 0) continue;
    const root = find(hosts[0]);
    const group = groups.get(root) ?? { key: '', manager: '', workers: [], overlays: [] };
    group.overlays.push(net.id);
    groups.set(root, group);
  }
  for (const [root, group] of groups) {
    const members = order.filter((h) => find(h) === root && [...membersOf.values()].some((hs) => hs.includes(h)));
    group.manager = members[0];
    group.workers = members.slice(1);
    group.key = `swarm.form:${group.manager}`;
  }
  return [...groups.values()];
}

/** The address by which `host` is reached from `manager`: on their first shared underlay. */
function swarmAddress(doc: LabDocument, addressing: AddressingResult, host: HostDef, manager: HostDef): string {
  const managerNets = new Set((manager.interfaces ?? []).map((i) => i.network));
  const shared = (host.interfaces ?? []).find((i) => managerNets.has(i.network)) ?? host.interfaces?.[0];
  return shared ? (addressing.interfaces[`${host.id}/${shared.network}`]?.ip ?? '') : '';
}

function virtualHostSpec(doc: LabDocument, host: HostDef, addressing: AddressingResult): VirtualHostPlanSpec {
  const underlays = (host.interfaces ?? []).map((i) => ({ network: objectName(doc.name, i.network), ip: addressing.interfaces[`${host.id}/${i.network}`]?.ip }));
  return { id: host.id, name: objectName(doc.name, host.id), underlays, specHash: specHash({ underlays }) };
}

/** Tags a host's operations with it and prefixes their keys, so several engines' plans merge into one. */
function onHost(host: string, ops: Operation[], alsoAfter: string[]): Operation[] {
  const prefix = (key: string) => `${host}/${key}`;
  return ops.map((op) => ({ ...op, host, key: prefix(op.key), after: [...op.after.map(prefix), ...alsoAfter] }) as Operation);
}

export function planMultiHost(doc: LabDocument, live: MultiHostLive): Plan {
  const local = localHostId(doc);
  const hosts = virtualHosts(doc);
  const addressingDoc = addressingDocument(doc);
  // a remote engine's own networks are in use on that machine: planned subnets stay clear of them too
  const remoteUsed = Object.values(live.remote ?? {}).flatMap((r) => r.live?.usedSubnets ?? []);
  const addressing = planAddresses({ document: addressingDoc, used: [...live.local.usedSubnets, ...remoteUsed], live: mergedLiveAddresses(addressingDoc, live) });
  const networksOn = (hostId: string) => (doc.networks ?? []).filter((n) => n.driver !== 'overlay' && hostOf(doc, n.host) === hostId);
  const nodesOn = (hostId: string) => (doc.nodes ?? []).filter((n) => hostOf(doc, n.host) === hostId);
  const overlaysUsedBy = (nodes: NodeDef[]) => (doc.networks ?? []).filter((n) => n.driver === 'overlay' && nodes.some((node) => node.interfaces?.some((i) => i.network === n.id)));

  // 1. the local engine: its own networks (underlays among them) and nodes
  const localNodes = nodesOn(local);
  const localPlan = planLab(withAddresses(doc, [...networksOn(local), ...overlaysUsedBy(localNodes)], localNodes, addressing), live.local);
  const operations: Operation[] = [...localPlan.operations];
  const changes: PlanChange[] = [...localPlan.changes];
  const diagnostics = [...addressing.diagnostics, ...localPlan.diagnostics];

  // 2. virtual hosts no longer in the file go, with everything nested in them
  const wanted = new Set(hosts.map((h) => h.id));
  for (const stale of live.hostContainers.filter((c) => !wanted.has(c.id))) {
    operations.push({ kind: 'host.remove', key: `host.remove:${stale.id}`, subject: { kind: 'host', id: stale.id }, reason: 'no longer in the lab file', after: [], name: stale.name, dockerId: stale.dockerId });
    changes.push({ action: 'remove', subject: { kind: 'host', id: stale.id }, reason: 'no longer in the lab file' });
  }

  // 3. each virtual host: start it, copy its images, then its own plan
  const groups = swarmGroups(doc);
  const started = new Set<string>();
  for (const host of hosts) {
    const spec = virtualHostSpec(doc, host, addressing);
    const current = live.virtual[host.id] ?? {};
    // An underlay that is replaced takes the host with it: Docker will not remove a network
    // a container is attached to, and the host's link must be made again on the new one.
    const underlayGoing = (host.interfaces ?? []).map((i) => `network.remove:${i.network}`).filter((key) => operations.some((op) => op.key === key));
    if (underlayGoing.length > 0 && current.container) {
      operations.push({ kind: 'host.remove', key: `host.remove:${host.id}`, subject: { kind: 'host', id: host.id }, reason: 'its underlay network is replaced', after: [], name: spec.name, dockerId: current.container.dockerId });
      for (const op of operations) if (underlayGoing.includes(op.key)) op.after.push(`host.remove:${host.id}`);
    }
    const runs = underlayGoing.length === 0 && !!current.container?.running && current.container.specHash === spec.specHash && !!current.live;
    if (!runs) {
      const underlayCreates = (host.interfaces ?? []).map((i) => `network.create:${i.network}`).filter((key) => operations.some((op) => op.key === key));
      const reason = !current.container
        ? 'new in the lab file'
        : underlayGoing.length > 0
          ? 'replaced: its underlay network is replaced'
          : current.container.specHash !== spec.specHash
            ? 'replaced: its underlay interfaces changed'
            : 'it is not running';
      operations.push({ kind: 'host.start', key: `host.start:${host.id}`, subject: { kind: 'host', id: host.id }, reason, after: underlayCreates, spec });
      changes.push({ action: current.container ? 'replace' : 'create', subject: { kind: 'host', id: host.id }, reason });
      started.add(host.id);
    }
    const hostNodes = nodesOn(host.id);
    const images = [...new Set([...hostNodes.map((n) => n.image ?? DEFAULT_NODE_IMAGE), DEFAULT_NODE_IMAGE])].sort();
    const present = runs ? new Set(current.images ?? []) : new Set<string>();
    const missing = images.filter((i) => !present.has(i) && !present.has(`${i}:latest`));
    const hostReady = started.has(host.id) ? [`host.start:${host.id}`] : [];
    if (missing.length) {
      operations.push({ kind: 'images.copy', key: `images.copy:${host.id}`, subject: { kind: 'host', id: host.id }, reason: 'images reach a virtual host from this engine, with no registry', after: hostReady, host: host.id, images: missing });
    }
  }

  // 4. swarms for overlays across virtual hosts
  const byId = new Map(hosts.map((h) => [h.id, h]));
  const swarmOf = new Map<string, SwarmGroup>();
  for (const group of groups) {
    for (const h of [group.manager, ...group.workers]) swarmOf.set(h, group);
    const members = [group.manager, ...group.workers];
    const inSwarm = (h: string) => !started.has(h) && live.virtual[h]?.live?.engine.swarm === 'active';
    if (members.every(inSwarm)) continue;
    const manager = byId.get(group.manager)!;
    operations.push({
      kind: 'swarm.form',
      key: group.key,
      subject: { kind: 'host', id: group.manager },
      reason: `overlay${group.overlays.length > 1 ? 's' : ''} ${group.overlays.join(', ')} span${group.overlays.length > 1 ? '' : 's'} ${members.join(', ')}`,
      after: members.filter((h) => started.has(h)).map((h) => `host.start:${h}`),
      manager: { host: manager.id, address: swarmAddress(doc, addressing, manager, manager) },
      workers: group.workers.map((w) => ({ host: w, address: swarmAddress(doc, addressing, byId.get(w)!, manager) })),
    });
  }

  for (const host of hosts) {
    const hostNodes = nodesOn(host.id);
    const overlays = overlaysUsedBy(hostNodes);
    const group = swarmOf.get(host.id);
    const isManager = group?.manager === host.id;
    const subDoc = withAddresses(doc, [...networksOn(host.id), ...overlays], hostNodes, addressing);
    const current = live.virtual[host.id];
    const nestedLive = started.has(host.id) || !current?.live ? emptyLiveState(doc.name) : current.live;
    // Overlays exist once the swarm is formed; planning must not add a swarm.init of its own.
    const hostLive: LiveState = group ? { ...nestedLive, engine: { ...nestedLive.engine, swarm: 'active' } } : nestedLive;
    const hostPlan = planLab(subDoc, hostLive, { externalNetworks: isManager ? [] : overlays.map((n) => n.id) });
    const waits = [
      ...(started.has(host.id) ? [`host.start:${host.id}`] : []),
      ...(operations.some((op) => op.key === `images.copy:${host.id}`) ? [`images.copy:${host.id}`] : []),
      ...(group && operations.some((op) => op.key === group.key) ? [group.key] : []),
    ];
    const tagged = onHost(host.id, hostPlan.operations, waits);
    // a worker's nodes join overlays the manager creates in this same plan
    if (group && !isManager) {
      for (const op of tagged) {
        for (const net of overlays) {
          const create = `${group.manager}/network.create:${net.id}`;
          if ((op.kind === 'container.create' || op.kind === 'connection.create') && !op.after.includes(create)) op.after.push(create);
        }
      }
    }
    operations.push(...tagged);
    changes.push(...hostPlan.changes.map((c) => ({ ...c, reason: `on ${host.id}: ${c.reason}` })));
    diagnostics.push(...hostPlan.diagnostics);
  }
  // 5. remote hosts: their own networks and nodes, on their own engines, and nothing else
  const remote = planRemoteHosts(doc, live, (hostId) => withAddresses(doc, networksOn(hostId), nodesOn(hostId), addressing));
  operations.push(...remote.operations);
  changes.push(...remote.changes);
  diagnostics.push(...remote.diagnostics);

  // waits for overlay creations that this plan does not contain (the overlay exists already) are dropped
  const keys = new Set(operations.map((op) => op.key));
  for (const op of operations) op.after = op.after.filter((k) => keys.has(k));

  const remotes = Object.fromEntries(remoteHosts(doc).map((h) => [h.id, { ...(h.context !== undefined ? { context: h.context } : {}), ...(h.url !== undefined ? { url: h.url } : {}) }]));
  return {
    lab: doc.name,
    ...(Object.keys(remotes).length ? { remotes } : {}),
    operations,
    changes,
    addressing: {
      planned: Object.entries(addressing.networks).filter(([, n]) => n.auto && n.subnet).map(([network, n]) => ({ network, subnet: n.subnet! })),
      avoided: addressing.avoided,
    },
    diagnostics: dedupe(diagnostics),
  };
}

/**
 * Each remote host's part of the plan: refused (an error) when its engine did not
 * answer, is the engine of another host of the lab, or lacks an image its nodes need.
 */
function planRemoteHosts(doc: LabDocument, live: MultiHostLive, subDocOf: (hostId: string) => LabDocument): { operations: Operation[]; changes: PlanChange[]; diagnostics: Diagnostic[] } {
  const operations: Operation[] = [];
  const changes: PlanChange[] = [];
  const diagnostics: Diagnostic[] = [];
  const hostIndex = (id: string) => (doc.hosts ?? []).findIndex((h) => h.id === id);
  // engines already spoken for: the local one, then each remote host in file order
  const engineOwners = new Map<string, string>();
  if (live.local.engine.id !== 'unknown') engineOwners.set(live.local.engine.id, `the local engine (${localHostId(doc)})`);
  for (const host of remoteHosts(doc)) {
    const subject = { kind: 'host' as const, id: host.id };
    const path = ['hosts', hostIndex(host.id)];
    const current = live.remote?.[host.id];
    const where = current?.where ?? host.url ?? `context ${host.context}`;
    if (!current?.live) {
      diagnostics.push({
        severity: 'error', code: 'remote-host-unreachable', path, subject,
        message: current?.problem ?? `Cannot reach remote host ${host.id} at ${where}.`,
        hint: `Check that the machine is up and its Docker engine answers (\`${dockerCli(host)} info\`), or take ${host.id} out of the lab file.`,
      });
      continue;
    }
    const engineId = current.live.engine.id;
    const owner = engineId !== 'unknown' ? engineOwners.get(engineId) : undefined;
    if (owner) {
      diagnostics.push({
        severity: 'error', code: 'remote-host-same-engine', path, subject,
        message: `Remote host ${host.id} at ${where} is the same Docker engine as ${owner} (engine ID ${engineId.slice(0, 12)}), so the lab's objects on both would be one set and each host's plan would remove the other's.`,
        hint: `Point ${host.id} at another machine's engine, or put its networks and nodes on ${owner.startsWith('the local') ? localHostId(doc) : owner}.`,
      });
      continue;
    }
    if (engineId !== 'unknown') engineOwners.set(engineId, `remote host ${host.id}`);
    const hostPlan = planLab(subDocOf(host.id), current.live);
    const tagged = onHost(host.id, hostPlan.operations, []);
    diagnostics.push(...hostPlan.diagnostics, ...remoteImageDiagnostics(doc, host, where, tagged, current.images ?? []));
    operations.push(...tagged);
    changes.push(...hostPlan.changes.map((c) => ({ ...c, reason: `on ${host.id}: ${c.reason}` })));
  }
  return { operations, changes, diagnostics };
}

/** How the docker CLI reaches a remote host, for hints: `docker --context box` or `docker -H ssh://…`. */
function dockerCli(host: HostDef): string {
  return host.context !== undefined ? `docker --context ${host.context}` : `docker -H ${host.url}`;
}

/** Images a remote host's operations need that its engine does not have: topolab never copies images to a machine it does not own. */
function remoteImageDiagnostics(doc: LabDocument, host: HostDef, where: string, ops: Operation[], images: string[]): Diagnostic[] {
  const present = new Set(images);
  const has = (image: string) => present.has(image) || (!/:[^/]*$/.test(image) && present.has(`${image}:latest`));
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const op of ops) {
    if (op.kind !== 'container.create' || has(op.spec.image) || seen.has(op.spec.id)) continue;
    seen.add(op.spec.id);
    const index = (doc.nodes ?? []).findIndex((n) => n.id === op.spec.id);
    out.push({
      severity: 'error', code: 'remote-image-missing', path: ['nodes', index, 'image'], subject: { kind: 'node', id: op.spec.id },
      message: `Node ${op.spec.id} on remote host ${host.id} needs image ${op.spec.image}, which the Docker engine of ${host.id} (${where}) does not have; topolab does not copy images to a machine it does not own.`,
      hint: `Put it there, e.g. \`docker save ${op.spec.image} | ${dockerCli(host)} load\`, then deploy again.`,
    });
  }
  // routes and veths are set by a helper container of topolab/node on that engine
  const helperNeeded = ops.some((op) => op.kind === 'routes.apply' || op.kind === 'veth.create' || op.kind === 'veth.remove');
  if (helperNeeded && !has(DEFAULT_NODE_IMAGE) && !out.some((d) => d.message.includes(`image ${DEFAULT_NODE_IMAGE},`))) {
    out.push({
      severity: 'error', code: 'remote-image-missing', path: ['hosts', (doc.hosts ?? []).indexOf(host)], subject: { kind: 'host', id: host.id },
      message: `topolab needs image ${DEFAULT_NODE_IMAGE} on remote host ${host.id} (${where}) for its helpers (routes, veths), and that engine does not have it; topolab does not copy images to a machine it does not own.`,
      hint: `Put it there, e.g. \`docker save ${DEFAULT_NODE_IMAGE} | ${dockerCli(host)} load\`, then deploy again.`,
    });
  }
  return out;
}

function mergedLiveAddresses(doc: LabDocument, live: MultiHostLive) {
  const merged = liveAddresses(doc, live.local);
  for (const host of [...Object.values(live.virtual), ...Object.values(live.remote ?? {})]) {
    if (!host.live) continue;
    const nested = liveAddresses(doc, host.live);
    Object.assign(merged.networkSubnets, nested.networkSubnets);
    Object.assign(merged.interfaceIps, nested.interfaceIps);
  }
  return merged;
}

function dedupe<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

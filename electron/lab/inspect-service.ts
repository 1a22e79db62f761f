// Inspect one node: everything its network namespace holds (interfaces, routes, rules,
// neighbours, sockets, firewall, sysctls, DNS, processes, conntrack) gathered by one
// exec of the inspect script in the node's sidecar — so a node whose image has no shell
// or no tools is inspectable too — plus what only the host knows: which host veth and
// bridge each of its veths plugs into, and which namespaces it shares with whom (kernel
// namespace ids, not a guess from the lab file). A node on a virtual host is inspected
// the same way on that host's nested engine: its sidecars run there, and "the host" is
// the virtual host (its namespaces, its bridges, its overlay namespaces). A node on a
// remote host likewise, on that host's engine (only which namespaces it shares with
// other nodes is not known there: their processes are on another machine).
import { readlink } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import { execIn } from './docker/exec';
import { labNetworksByBridge, networkOwnerOf, readLiveState } from './docker/live';
import { ensureSidecars, SIDECAR_ENV, SIDECAR_NETNS } from './docker/sidecars';
import { engineHostOf, HostEngines, hostKindOf, hostLabel, virtualHostContainer, virtualHostProblem, type VirtualHostContainer } from './hosts/engines';
import { reachRemoteHost, remoteHostsOf } from './hosts/remote-host';
import { readHostProc } from './hosts/host-proc';
import { findHostPeer } from './inspect/host-peer';
import { inspectionFromOutput } from './inspect/inspection';
import { parseLinks } from './inspect/parse';
import { INSPECT_NAMESPACES, INSPECT_SCRIPT, sectionMarker, splitSections } from './inspect/sections';
import type { InspectedInterface, NamespaceKind, NamespaceSharing, NodeInspectionView } from './inspect/types';
import type { LabDocument } from './model/schema';
import type { LiveContainer, LiveState } from './plan/types';

export class InspectError extends Error {}

export type { NodeInspectionView };

/** Sidecar processes (the inspector's own, a trace's tcpdumps) are not the node's: list them apart. */
const SIDECAR_PIDS_SECTION = 'sidecar-pids';
const SIDECAR_PIDS_SCRIPT = `echo '${sectionMarker(SIDECAR_PIDS_SECTION)}'; for e in /proc/[0-9]*/environ; do grep -qsz '^${SIDECAR_ENV}$' "$e" && { p=\${e#/proc/}; echo "\${p%/environ}"; }; done`;

function containerOf(live: LiveState, node: string): LiveContainer | undefined {
  return live.containers.find((c) => c.labId === node);
}

/** Namespace ids of a process, from the kernel (/proc/<pid>/ns links: 'net:[4026532305]'). */
async function namespaceIdsOf(pid: number | 'self'): Promise<Partial<Record<NamespaceKind, number>>> {
  const out: Partial<Record<NamespaceKind, number>> = {};
  await Promise.all(INSPECT_NAMESPACES.map(async (kind) => {
    const link = await readlink(`/proc/${pid}/ns/${kind}`).catch(() => undefined);
    const id = link ? /\[(\d+)\]/.exec(link)?.[1] : undefined;
    if (id) out[kind] = Number(id);
  }));
  return out;
}

/**
 * The host side of a node's veths, in one exec in the host sidecar of the node's
 * engine: the host namespace's links, and those of each overlay namespace one of its
 * interfaces is on (an overlay's veths end on the br0 of the overlay's own namespace).
 */
function hostLinksScript(overlayNamespaces: string[]): string {
  return [
    `echo '${sectionMarker('host')}'; ip -j -d link show 2>/dev/null; echo`,
    ...overlayNamespaces.map((ns) => `echo '${sectionMarker(`ns-${ns}`)}'; nsenter --net=${SIDECAR_NETNS}/${ns} ip -j -d link show 2>/dev/null; echo`),
    'exit 0',
  ].join('\n');
}

/** Where the engine's namespace of an overlay is (its first 10 id characters). */
const overlayNamespace = (dockerId: string) => `1-${dockerId.slice(0, 10)}`;

interface SharingFacts {
  /** The Docker host's own namespace ids; `hostLabel` names it in `sharedWith`. */
  host: Partial<Record<NamespaceKind, number>>;
  hostLabel: string;
  others: { node: string; ids: Partial<Record<NamespaceKind, number>> }[];
  errors: string[];
}

/** Namespace ids of the host and the other running nodes of the node's engine, from that host's /proc. */
async function sharingFacts(docker: Dockerode, live: LiveState, node: string, virtualHost: VirtualHostContainer | undefined, remoteHost?: string): Promise<SharingFacts> {
  // a remote host's PIDs are another machine's: this machine's /proc knows nothing of them
  if (remoteHost) return { host: {}, hostLabel: remoteHost, others: [], errors: [`${node} runs on remote host ${remoteHost}: which other nodes share its namespaces is known only for engines on this machine and its virtual hosts.`] };
  const running = live.containers.filter((c) => c.state === 'running' && c.pid > 0 && c.labId !== node);
  if (virtualHost) {
    // the nested engine's PIDs are the virtual host's: read there; its PID 1 is the host itself
    const report = await readHostProc(docker, virtualHost.name, { namespacePids: [1, ...running.map((c) => c.pid)], linkPids: [] }).catch(() => undefined);
    if (!report) return { host: {}, hostLabel: virtualHost.id, others: [], errors: [`Could not read the namespaces of virtual host ${virtualHost.id}: which other nodes share them is unknown.`] };
    return { host: report.namespaces.get(1) ?? {}, hostLabel: virtualHost.id, others: running.map((c) => ({ node: c.labId, ids: report.namespaces.get(c.pid) ?? {} })), errors: [] };
  }
  const [host, others] = await Promise.all([
    namespaceIdsOf('self'),
    Promise.all(running.map(async (c) => ({ node: c.labId, ids: await namespaceIdsOf(c.pid) }))),
  ]);
  // other nodes' namespace ids come from this machine's /proc: unknown for a remote engine
  const unknown = others.length > 0 && others.every((o) => o.ids.net === undefined);
  return { host, hostLabel: 'host', others, errors: unknown ? ['Which other nodes share its namespaces is known only when the engine runs on this machine.'] : [] };
}

export async function inspectNode(docker: Dockerode, document: LabDocument, node: string): Promise<NodeInspectionView> {
  const started = performance.now();
  const lab = document.name;
  // a node on a virtual host is inspected on its nested engine, with that host's sidecars
  const hostId = engineHostOf(document, node);
  const remoteHost = hostId !== undefined && hostKindOf(document, hostId) === 'remote' ? hostId : undefined;
  const virtualHost = hostId && !remoteHost ? await virtualHostContainer(docker, lab, hostId) : undefined;
  const problem = remoteHost
    ? (await reachRemoteHost(remoteHost, remoteHostsOf(document)[remoteHost])).problem
    : hostId ? virtualHostProblem(lab, hostId, virtualHost) : undefined;
  if (problem) throw new InspectError(problem);
  const engine = HostEngines.forLab(docker, document).engineOf(hostId);
  const live = await readLiveState(engine, lab, { details: true });
  const target = containerOf(live, node);
  if (!target) throw new InspectError(`Lab ${lab} has no node "${node}" on ${hostId ? hostLabel(document, hostId) : 'the engine'}: deploy the lab first.`);
  if (target.state !== 'running') throw new InspectError(`${node} is ${target.state}, not running: its namespaces exist only while it runs. Start it (deploy again) to inspect it.`);
  const owner = networkOwnerOf(live, target);
  const overlays = live.networks.filter((n) => n.driver === 'overlay');
  const [sidecar, hostSidecar] = await ensureSidecars(engine, lab, [
    { kind: 'node', node, containerId: target.dockerId, netContainerId: owner.dockerId },
    // the same host sidecar as network inspection and traces (a different one would replace it)
    { kind: 'host', overlays: overlays.map((n) => n.dockerId) },
  ]);
  // which of the lab's networks each of its interfaces is on, by MAC
  const liveByDockerName = new Map(live.networks.map((n) => [n.name, n]));
  const networkOfMac = (mac: string) => {
    const endpoint = owner.endpoints.find((e) => e.mac && e.mac.toLowerCase() === mac);
    return endpoint ? liveByDockerName.get(endpoint.networkName) : undefined;
  };
  const ownOverlays = [...new Set(owner.endpoints.map((e) => liveByDockerName.get(e.networkName)).filter((n) => n?.driver === 'overlay').map((n) => overlayNamespace(n!.dockerId)))];

  const [inside, hostLinks, facts] = await Promise.all([
    // the sidecar's own processes are listed first: the inspect script ends with `exit`
    execIn(engine, sidecar, ['sh', '-c', `${SIDECAR_PIDS_SCRIPT}\n${INSPECT_SCRIPT}`]),
    target.networkMode === 'host' ? Promise.resolve(undefined) : execIn(engine, hostSidecar, ['sh', '-c', hostLinksScript(ownOverlays)]),
    sharingFacts(docker, live, node, virtualHost, remoteHost),
  ]);
  if (inside.exitCode !== 0 && !inside.stdout.includes('@@topolab:')) {
    throw new InspectError(`Inspecting ${node} failed in its sidecar: ${inside.stderr.trim() || `exit code ${inside.exitCode}`}`);
  }
  const base = inspectionFromOutput(node, new Date().toISOString(), inside.stdout);
  const sidecarPids = new Set((splitSections(inside.stdout).get(SIDECAR_PIDS_SECTION) ?? '').split('\n').map((l) => Number(l.trim())).filter((n) => n > 0));
  const { namespaces } = base;
  const sharing: NamespaceSharing[] = INSPECT_NAMESPACES.map((kind) => {
    const id = namespaces[kind];
    const sharedWith = id === undefined ? [] : [
      ...facts.others.filter((o) => o.ids[kind] === id).map((o) => o.node),
      ...(facts.host[kind] === id ? [facts.hostLabel] : []),
    ];
    return { kind, id, sharedWith };
  });

  // each veth's host end and its bridge: in the host's namespace, or in its overlay's
  const hostSections = hostLinks && hostLinks.exitCode === 0 ? splitSections(hostLinks.stdout) : new Map<string, string>();
  const linksIn = (section: string) => parseLinks(hostSections.get(section) ?? '', '[]');
  const hostSide = linksIn('host');
  const networkByBridge = labNetworksByBridge(live);
  const interfaces: InspectedInterface[] = base.interfaces.map((iface) => {
    const net = networkOfMac(iface.mac);
    const network = net?.labId;
    if (net?.driver === 'overlay') {
      const peer = findHostPeer(iface, linksIn(`ns-${overlayNamespace(net.dockerId)}`));
      return peer ? { ...iface, network, hostPeer: { name: peer.name, bridge: peer.master, network: peer.master ? network : undefined } } : { ...iface, network };
    }
    const peer = findHostPeer(iface, hostSide);
    return peer ? { ...iface, network, hostPeer: { name: peer.name, bridge: peer.master, network: peer.master ? networkByBridge.get(peer.master) : undefined } } : { ...iface, network };
  });

  return {
    ...base,
    lab,
    ...(hostId ? { host: hostId } : {}),
    sharing,
    interfaces,
    processes: base.processes.filter((p) => !sidecarPids.has(p.pid)),
    errors: [...base.errors, ...facts.errors],
    tookMs: Math.round(performance.now() - started),
  };
}

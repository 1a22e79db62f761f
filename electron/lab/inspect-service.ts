// Inspect one node: everything its network namespace holds (interfaces, routes, rules,
// neighbours, sockets, firewall, sysctls, DNS, processes, conntrack) gathered by one
// exec of the inspect script in the node's sidecar — so a node whose image has no shell
// or no tools is inspectable too — plus what only the host knows: which host veth and
// bridge each of its veths plugs into, and which namespaces it shares with whom (kernel
// namespace ids, not a guess from the lab file).
import { readlink } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import { execIn } from './docker/exec';
import { labNetworksByBridge, networkOwnerOf, readLiveState } from './docker/live';
import { ensureSidecars, SIDECAR_ENV } from './docker/sidecars';
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

export async function inspectNode(docker: Dockerode, document: LabDocument, node: string): Promise<NodeInspectionView> {
  const started = performance.now();
  const lab = document.name;
  const live = await readLiveState(docker, lab, { details: true });
  const target = containerOf(live, node);
  if (!target) throw new InspectError(`Lab ${lab} has no node "${node}" on the engine: deploy the lab first.`);
  if (target.state !== 'running') throw new InspectError(`${node} is ${target.state}, not running: its namespaces exist only while it runs. Start it (deploy again) to inspect it.`);
  const owner = networkOwnerOf(live, target);
  const [sidecar, hostSidecar] = await ensureSidecars(docker, lab, [
    { kind: 'node', node, containerId: target.dockerId, netContainerId: owner.dockerId },
    { kind: 'host' },
  ]);

  const [inside, hostLinks, hostIds, others] = await Promise.all([
    // the sidecar's own processes are listed first: the inspect script ends with `exit`
    execIn(docker, sidecar, ['sh', '-c', `${SIDECAR_PIDS_SCRIPT}\n${INSPECT_SCRIPT}`]),
    target.networkMode === 'host' ? Promise.resolve(undefined) : execIn(docker, hostSidecar, ['ip', '-j', '-d', 'link', 'show']),
    namespaceIdsOf('self'),
    Promise.all(live.containers.filter((c) => c.state === 'running' && c.pid > 0 && c.labId !== node).map(async (c) => ({ node: c.labId, ids: await namespaceIdsOf(c.pid) }))),
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
      ...others.filter((o) => o.ids[kind] === id).map((o) => o.node),
      ...(hostIds[kind] === id ? ['host'] : []),
    ];
    return { kind, id, sharedWith };
  });

  // each veth's host end and its bridge (an interface index is only unique within its namespace)
  const hostSide = hostLinks && hostLinks.exitCode === 0 ? parseLinks(hostLinks.stdout, '[]') : [];
  const networkByBridge = labNetworksByBridge(live);
  const networkByDockerName = new Map(live.networks.map((n) => [n.name, n.labId]));
  const interfaces: InspectedInterface[] = base.interfaces.map((iface) => {
    const endpoint = owner.endpoints.find((e) => e.mac && e.mac.toLowerCase() === iface.mac);
    const network = endpoint ? networkByDockerName.get(endpoint.networkName) : undefined;
    if (iface.kind !== 'veth' || iface.peerIndex === undefined) return { ...iface, network };
    const peer = hostSide.find((h) => h.index === iface.peerIndex && h.kind === 'veth');
    return peer ? { ...iface, network, hostPeer: { name: peer.name, bridge: peer.master, network: peer.master ? networkByBridge.get(peer.master) : undefined } } : { ...iface, network };
  });

  return {
    ...base,
    lab,
    sharing,
    interfaces,
    processes: base.processes.filter((p) => !sidecarPids.has(p.pid)),
    // other nodes' namespace ids come from this machine's /proc: unknown for a remote engine
    errors: [...base.errors, ...(others.length > 0 && others.every((o) => o.ids.net === undefined) ? ['Which other nodes share its namespaces is known only when the engine runs on this machine.'] : [])],
    tookMs: Math.round(performance.now() - started),
  };
}

// Whether a name resolves inside a node, as the node's own resolver would do it: its
// /etc/hosts and resolv.conf read through its sidecar, and, only when Docker's embedded
// DNS holds the name for one of the node's networks, one query to 127.0.0.11 from the
// node's network namespace — answered by the Docker engine itself. A query Docker would
// forward to the host's resolvers, outside the lab, is never sent (inspect/name-resolution.ts
// decides which). A node on a virtual or remote host is asked on its own engine.
import type Dockerode from 'dockerode';
import { execIn } from './docker/exec';
import { networkOwnerOf, readLiveState } from './docker/live';
import { ensureSidecars } from './docker/sidecars';
import { engineForNode, engineHostOf, virtualHostContainer, virtualHostOf, virtualHostProblem } from './hosts/engines';
import { InspectError } from './inspect-service';
import { decideNameResolution, resolutionOf, type DnsRecordFact, type NameResolution, type ResolverNetwork } from './inspect/name-resolution';
import { parseResolvConf } from './inspect/parse-system';
import { sectionMarker, splitSections } from './inspect/sections';
import { isBuiltinNetwork, type LabDocument } from './model/schema';
import type { LiveContainer, LiveState } from './plan/types';

export type { NameResolution };

/** Docker's name of its default bridge network. */
const DEFAULT_BRIDGE = 'bridge';

/** The node's own files, read through its PID namespace (its /proc/1/root), like the inspector does. */
const FILES_SCRIPT = [
  `echo '${sectionMarker('hosts')}'; cat /proc/1/root/etc/hosts 2>/dev/null`,
  `echo '${sectionMarker('resolv')}'; cat /proc/1/root/etc/resolv.conf 2>/dev/null`,
  'exit 0',
].join('\n');

/** The lab's id of a Docker network an endpoint is on (the file's builtin bridge for Docker's 'bridge'). */
function networkIdOf(document: LabDocument, live: LiveState, dockerName: string): ResolverNetwork {
  if (dockerName === DEFAULT_BRIDGE) {
    const builtin = (document.networks ?? []).find((n) => n.driver === 'bridge' && isBuiltinNetwork(n));
    return { id: builtin?.id ?? 'the default bridge', defaultBridge: true };
  }
  return { id: live.networks.find((n) => n.name === dockerName)?.labId || dockerName, defaultBridge: false };
}

/**
 * The names Docker holds for the lab's containers on this engine (node id, aliases and
 * container name, per network), plus, from the file, the nodes this engine does not
 * run: on another host, or not deployed.
 */
function recordsOf(document: LabDocument, live: LiveState, engineHost: string | undefined): DnsRecordFact[] {
  const records: DnsRecordFact[] = [];
  const seen = new Set<string>();
  for (const c of live.containers) {
    if (!c.labId) continue;
    seen.add(c.labId);
    for (const e of c.endpoints) {
      const network = networkIdOf(document, live, e.networkName);
      // the node id is an alias topolab gives on every user-defined network (the live
      // aliases leave it out when it is also the hostname, which the engine adds itself);
      // on the default bridge Docker holds no name: those records only explain a miss
      const names = [c.labId, ...e.aliases, c.name];
      records.push({ node: c.labId, network: network.id, defaultBridge: network.defaultBridge, names: [...new Set(names)], ip: e.ip, running: c.state === 'running', sameEngine: true });
    }
  }
  for (const node of document.nodes ?? []) {
    if (seen.has(node.id)) continue;
    const elsewhere = engineHostOf(document, node.id) !== engineHost;
    for (const iface of node.interfaces ?? []) {
      const net = (document.networks ?? []).find((n) => n.id === iface.network);
      if (!net || net.driver === 'host' || net.driver === 'none') continue;
      records.push({ node: node.id, network: net.id, defaultBridge: isBuiltinNetwork(net), names: [node.id, ...(iface.aliases ?? [])], running: elsewhere, sameEngine: !elsewhere });
    }
  }
  return records;
}

function networkModeOf(owner: LiveContainer): 'networks' | 'host' | 'none' {
  if (owner.networkMode === 'host') return 'host';
  return owner.endpoints.length === 0 ? 'none' : 'networks';
}

/** Resolves `name` inside `node` of the running lab; throws InspectError when the node cannot be asked. */
export async function resolveInNode(docker: Dockerode, document: LabDocument, node: string, name: string): Promise<NameResolution> {
  const lab = document.name;
  const hostId = virtualHostOf(document, node);
  if (hostId) {
    const problem = virtualHostProblem(lab, hostId, await virtualHostContainer(docker, lab, hostId));
    if (problem) throw new InspectError(problem);
  }
  const engineHost = engineHostOf(document, node);
  const engine = engineForNode(docker, document, node);
  const live = await readLiveState(engine, lab, { details: true }); // details: the endpoints' aliases
  const target = live.containers.find((c) => c.labId === node);
  if (!target) throw new InspectError(`Lab ${lab} has no node "${node}"${engineHost ? ` on host ${engineHost}` : ''}: deploy the lab first.`);
  if (target.state !== 'running') throw new InspectError(`${node} is ${target.state}, not running: only a running node resolves names. Start it (deploy again).`);
  const owner = networkOwnerOf(live, target);
  const [sidecar] = await ensureSidecars(engine, lab, [{ kind: 'node', node, containerId: target.dockerId, netContainerId: owner.dockerId }]);
  const files = await execIn(engine, sidecar, ['sh', '-c', FILES_SCRIPT]);
  if (files.exitCode !== 0) throw new InspectError(`Reading ${node}'s /etc/hosts and resolv.conf failed in its sidecar: ${files.stderr.trim() || `exit code ${files.exitCode}`}`);
  const sections = splitSections(files.stdout);
  const facts = {
    node,
    name,
    hosts: sections.get('hosts') ?? '',
    resolv: parseResolvConf(sections.get('resolv') ?? ''),
    networkMode: networkModeOf(owner),
    networks: owner.endpoints.map((e) => networkIdOf(document, live, e.networkName)),
    records: recordsOf(document, live, engineHost),
  };
  const decision = decideNameResolution(facts);
  if (decision.kind !== 'ask-embedded') return resolutionOf(facts, decision);
  // Docker holds this name for the node's network and answers it itself: nothing leaves
  // the namespace. One A query, one try, a second at most; argv, not a shell.
  const answer = await execIn(engine, sidecar, ['dig', '+short', '+time=1', '+tries=1', '+nosearch', `@${decision.server}`, decision.query, 'A']);
  return resolutionOf(facts, decision, answer);
}

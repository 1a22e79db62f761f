// The host side of inspection: a lab network's Docker definition beside its kernel
// reality (bridge, ports, FDB; for an overlay its own namespace's br0 and VXLAN), and
// the Docker host itself (bridges, veths, the iptables chains Docker maintains). All
// gathered by one exec in the lab's host sidecar.
import { readdir, readFile } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import { execIn } from './docker/exec';
import { bridgeDeviceOf, readLiveState } from './docker/live';
import { ensureSidecars, SIDECAR_NETNS } from './docker/sidecars';
import { parseFdb } from './inspect/parse-fdb';
import { parseIptablesSave, parseLinks } from './inspect/parse';
import { sectionMarker, splitSections } from './inspect/sections';
import type { BridgePort, HostInspection, InterfaceInfo, NetworkInspection } from './inspect/types';
import type { LabDocument } from './model/schema';
import type { LiveState } from './plan/types';

export class InspectNetworkError extends Error {}

/** One exec: links, addresses, FDB and (host only) the firewall, optionally in another namespace. */
function hostScript(options: { netns?: string; firewall: boolean }): string {
  const run = options.netns ? `nsenter --net=${options.netns} ` : '';
  const part = (name: string, command: string) => `echo '${sectionMarker(name)}'; ${run}${command} 2>/dev/null; echo`;
  return [
    part('links', 'ip -j -d link show'),
    part('addrs', 'ip -j addr show'),
    part('fdb', 'bridge -j fdb show'),
    ...(options.firewall ? [part('iptables', 'iptables-save -c')] : []),
    'exit 0',
  ].join('\n');
}

interface HostView {
  links: InterfaceInfo[];
  fdb: ReturnType<typeof parseFdb>;
  iptables: string;
  errors: string[];
}

async function readHostView(docker: Dockerode, sidecar: string, options: { netns?: string; firewall: boolean }): Promise<HostView> {
  const out = await execIn(docker, sidecar, ['sh', '-c', hostScript(options)]);
  const sections = splitSections(out.stdout);
  const links = parseLinks(sections.get('links') ?? '', sections.get('addrs') ?? '');
  const errors = links.length === 0 ? [`could not list the interfaces${options.netns ? ` in ${options.netns}` : ''}${out.stderr.trim() ? `: ${out.stderr.trim()}` : ''}`] : [];
  return { links, fdb: parseFdb(sections.get('fdb') ?? ''), iptables: sections.get('iptables') ?? '', errors };
}

/**
 * Which lab node is behind each host-side veth, by interface index: a container
 * interface's `iflink` is its host peer's index. Read from this machine's /proc, so
 * known when the engine runs here (empty otherwise).
 */
async function nodesByHostIndex(live: LiveState): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  // namespace owners only: a pod-style sharer sees its owner's interfaces
  const owners = live.containers.filter((c) => c.state === 'running' && c.pid > 0 && !c.networkMode.startsWith('container:') && c.networkMode !== 'host');
  await Promise.all(owners.map(async (c) => {
    const base = `/proc/${c.pid}/root/sys/class/net`;
    const names = await readdir(base).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => n !== 'lo').map(async (name) => {
      const iflink = Number((await readFile(`${base}/${name}/iflink`, 'utf8').catch(() => '')).trim());
      const ifindex = Number((await readFile(`${base}/${name}/ifindex`, 'utf8').catch(() => '')).trim());
      if (iflink > 0 && iflink !== ifindex) out.set(iflink, c.labId);
    }));
  }));
  return out;
}

const bridgeNameOf = (n: DockerNetworkDetail) => bridgeDeviceOf({ id: n.Id, name: n.Name, options: n.Options });

function portsOf(links: InterfaceInfo[], bridge: string, nodeOf: Map<number, string>): BridgePort[] {
  return links.filter((l) => l.master === bridge).map((l) => {
    const port: BridgePort = { name: l.name, mac: l.mac };
    if (l.portState) port.state = l.portState;
    const node = nodeOf.get(l.index);
    if (node) port.node = node;
    return port;
  });
}

interface DockerNetworkDetail {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Internal?: boolean;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] | null };
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
  Containers?: Record<string, { Name: string; IPv4Address?: string; MacAddress?: string }> | null;
}

export async function inspectNetwork(docker: Dockerode, document: LabDocument, networkId: string): Promise<NetworkInspection> {
  const started = performance.now();
  const lab = document.name;
  const live = await readLiveState(docker, lab, { details: true });
  const net = live.networks.find((n) => n.labId === networkId);
  if (!net) {
    const def = document.networks?.find((n) => n.id === networkId);
    throw new InspectNetworkError(def?.driver === 'host' || def?.driver === 'none'
      ? `${networkId} is Docker's ${def.driver} mode: there is no network object of the lab to inspect (inspect a node on it instead).`
      : `Lab ${lab} has no network "${networkId}" on the engine: deploy the lab first.`);
  }
  const detail = (await docker.getNetwork(net.dockerId).inspect()) as DockerNetworkDetail;
  const overlays = live.networks.filter((n) => n.driver === 'overlay').map((n) => n.dockerId);
  const [hostSidecar] = await ensureSidecars(docker, lab, [{ kind: 'host', overlays }]);
  const isOverlay = detail.Driver === 'overlay';
  const [view, nodeOf] = await Promise.all([
    readHostView(docker, hostSidecar, { netns: isOverlay ? `${SIDECAR_NETNS}/1-${detail.Id.slice(0, 10)}` : undefined, firewall: false }),
    nodesByHostIndex(live),
  ]);
  const byName = new Map(live.containers.map((c) => [c.name, c.labId]));
  const kernel: NetworkInspection['kernel'] = { ports: [], fdb: [] };
  if (detail.Driver === 'bridge' || isOverlay) {
    const bridge = isOverlay ? 'br0' : bridgeNameOf(detail);
    kernel.device = view.links.find((l) => l.name === bridge);
    // an overlay's veth indexes are its namespace's, not the host's: no node by index there
    kernel.ports = portsOf(view.links, bridge, isOverlay ? new Map() : nodeOf);
    const portNames = new Set([bridge, ...kernel.ports.map((p) => p.name)]);
    kernel.fdb = view.fdb.filter((f) => portNames.has(f.dev));
    if (isOverlay) kernel.vxlan = view.links.find((l) => l.kind === 'vxlan');
  } else if (detail.Driver === 'macvlan' || detail.Driver === 'ipvlan') {
    kernel.device = view.links.find((l) => l.name === detail.Options?.parent);
  }
  return {
    lab,
    network: networkId,
    docker: {
      name: detail.Name, id: detail.Id, driver: detail.Driver, scope: detail.Scope, internal: !!detail.Internal,
      subnets: (detail.IPAM?.Config ?? []).filter((c) => c.Subnet).map((c) => ({ subnet: c.Subnet!, ...(c.Gateway ? { gateway: c.Gateway } : {}) })),
      options: detail.Options ?? {}, labels: detail.Labels ?? {},
      containers: Object.values(detail.Containers ?? {}).map((c) => ({ node: byName.get(c.Name), name: c.Name, ip: c.IPv4Address || undefined, mac: c.MacAddress || undefined })),
    },
    kernel,
    errors: view.errors,
    tookMs: Math.round(performance.now() - started),
  };
}

export async function inspectHost(docker: Dockerode, document: LabDocument): Promise<HostInspection> {
  const started = performance.now();
  const lab = document.name;
  const [live, networks] = await Promise.all([
    readLiveState(docker, lab, { details: true }),
    docker.listNetworks() as Promise<DockerNetworkDetail[]>,
  ]);
  const [hostSidecar] = await ensureSidecars(docker, lab, [{ kind: 'host', overlays: live.networks.filter((n) => n.driver === 'overlay').map((n) => n.dockerId) }]);
  const [view, nodeOf] = await Promise.all([readHostView(docker, hostSidecar, { firewall: true }), nodesByHostIndex(live)]);
  const dockerByBridge = new Map(networks.filter((n) => n.Driver === 'bridge').map((n) => [bridgeNameOf(n), n]));
  const labByDocker = new Map(live.networks.map((n) => [n.dockerId, n.labId]));
  const bridges = view.links.filter((l) => l.kind === 'bridge').map((b) => {
    const dockerNet = dockerByBridge.get(b.name);
    const network = dockerNet ? labByDocker.get(dockerNet.Id) : undefined;
    return { name: b.name, ...(network ? { network } : {}), ...(dockerNet ? { dockerNetwork: dockerNet.Name } : {}), ofLab: !!network, addresses: b.addresses, ports: portsOf(view.links, b.name, nodeOf) };
  });
  const labBridges = new Set(bridges.filter((b) => b.ofLab).map((b) => b.name));
  const veths = view.links.filter((l) => l.kind === 'veth').map((v) => {
    const node = nodeOf.get(v.index);
    return { name: v.name, ...(v.master ? { bridge: v.master } : {}), ...(node ? { node } : {}), ofLab: !!node || (!!v.master && labBridges.has(v.master)) };
  });
  const firewall = parseIptablesSave(view.iptables);
  const subnets = live.networks.flatMap((n) => n.subnets);
  const mentionsLab = (rule: string) => [...labBridges].some((b) => new RegExp(`\\b${b}\\b`).test(rule)) || subnets.some((s) => rule.includes(s));
  const labRules = firewall.flatMap((t) => t.chains.flatMap((c) => c.rules.flatMap((r, i) => (mentionsLab(r.text) ? [`${t.name}/${c.name}/${i}`] : []))));
  const dockerChains = [...new Set(firewall.flatMap((t) => t.chains.map((c) => c.name)).filter((name) => name.startsWith('DOCKER')))];
  return { lab, bridges, veths, firewall, dockerChains, labRules, errors: view.errors, tookMs: Math.round(performance.now() - started) };
}

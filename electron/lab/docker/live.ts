// Live state of a lab, re-read from the engine by labels: never from a state file.
// Calls per read: info, one network list (all networks: the lab's own by label, the
// rest become usedSubnets) and one container list (lab label) in parallel, then an
// inspect of each lab network (few; gives the attached containers, foreign ones too).
// Containers come from the list alone unless `details` asks for an inspect of each.
import { networkInterfaces } from 'node:os';
import type Dockerode from 'dockerode';
import ipaddr from 'ipaddr.js';
import { LABEL_ID, LABEL_LAB, LABEL_ROLE, LABEL_SPEC, LABEL_VETH, isToolRole, labFilter } from '../plan/naming';
import type { LiveContainer, LiveEndpoint, LiveNetwork, LiveState, UsedSubnet } from '../plan/types';
import { isLocalEndpoint, readEngineFacts } from './engine';
import { isNotFound } from './errors';

export interface ReadLiveStateOptions {
  /**
   * Inspect each lab container too (in parallel) for pid, startedAt and endpoint aliases.
   * Off by default: the container list has everything planning needs, and 50 inspects
   * cost 50–150 ms on a 2-CPU engine. Without it pid is 0, startedAt '' and aliases [].
   */
  details?: boolean;
  /** Engine URL (from connectEngine); when it is a local socket, host interfaces count as used subnets. Defaults to the dockerode connection. */
  endpoint?: string;
}

interface NetworkListEntry {
  Id: string;
  Name: string;
  Driver: string;
  Labels?: Record<string, string> | null;
  Options?: Record<string, string> | null;
  IPAM?: { Config?: { Subnet?: string }[] | null } | null;
  Containers?: Record<string, unknown> | null;
}

const CONTAINER_STATES = new Set(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);

function subnetsOf(net: NetworkListEntry): string[] {
  return (net.IPAM?.Config ?? []).map((c) => c.Subnet).filter((s): s is string => !!s);
}

/** The engine URL dockerode is connected to (unix:///path or tcp://host:port). */
function endpointOf(docker: Dockerode): string {
  const modem = docker.modem as { socketPath?: unknown; host?: string; port?: string | number; protocol?: string };
  if (typeof modem.socketPath === 'string') return `unix://${modem.socketPath}`;
  return `${modem.protocol ?? 'tcp'}://${modem.host ?? ''}:${modem.port ?? ''}`;
}

/** Subnets of this machine's interfaces (network address/prefix), leaving out loopback and link-local. */
export function hostInterfaceSubnets(): UsedSubnet[] {
  const used: UsedSubnet[] = [];
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    for (const addr of addrs ?? []) {
      if (addr.internal || !addr.cidr) continue;
      try {
        const [ip, prefix] = ipaddr.parseCIDR(addr.cidr);
        if (ip.range() === 'linkLocal' || ip.range() === 'loopback') continue;
        const network =
          ip.kind() === 'ipv4'
            ? ipaddr.IPv4.networkAddressFromCIDR(addr.cidr).toString()
            : ipaddr.IPv6.networkAddressFromCIDR(addr.cidr).toString();
        used.push({ subnet: `${network}/${prefix}`, owner: `host interface ${name}` });
      } catch {
        // not an address ipaddr.js understands: nothing to avoid
      }
    }
  }
  return used;
}

function toEndpoints(
  networks: Record<string, Dockerode.EndpointSettings> | undefined,
  containerId: string,
  hostname: string | undefined,
): LiveEndpoint[] {
  // Docker 20.10 adds the short id and the hostname as aliases on user networks: not the lab's.
  const engineAdded = new Set([containerId.slice(0, 12), hostname ?? '']);
  return Object.entries(networks ?? {}).map(([networkName, ep]) => ({
    networkName,
    networkDockerId: ep.NetworkID ?? '',
    ip: ep.IPAddress || undefined,
    ip6: ep.GlobalIPv6Address || undefined,
    requestedIp: ep.IPAMConfig?.IPv4Address || undefined,
    aliases: (ep.Aliases ?? []).filter((a) => !engineAdded.has(a)),
    mac: ep.MacAddress || undefined,
  }));
}

function toLiveContainer(info: Dockerode.ContainerInspectInfo): LiveContainer {
  const labels = info.Config?.Labels ?? {};
  const state = info.State?.Status ?? 'dead';
  return {
    dockerId: info.Id,
    name: info.Name.replace(/^\//, ''),
    labId: labels[LABEL_ID] ?? '',
    specHash: labels[LABEL_SPEC] ?? '',
    state: (CONTAINER_STATES.has(state) ? state : 'dead') as LiveContainer['state'],
    status: describeState(info.State),
    image: info.Config?.Image ?? '',
    pid: info.State?.Pid ?? 0,
    startedAt: info.State?.StartedAt ?? '',
    networkMode: info.HostConfig?.NetworkMode ?? '',
    endpoints: toEndpoints(info.NetworkSettings?.Networks as Record<string, Dockerode.EndpointSettings> | undefined, info.Id, info.Config?.Hostname),
    labels,
  };
}

function fromList(c: Dockerode.ContainerInfo): LiveContainer {
  const labels = c.Labels ?? {};
  return {
    dockerId: c.Id,
    name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''),
    labId: labels[LABEL_ID] ?? '',
    specHash: labels[LABEL_SPEC] ?? '',
    state: (CONTAINER_STATES.has(c.State) ? c.State : 'dead') as LiveContainer['state'],
    status: c.Status,
    image: c.Image,
    pid: 0,
    startedAt: '',
    networkMode: c.HostConfig?.NetworkMode ?? '',
    endpoints: toEndpoints(c.NetworkSettings?.Networks as Record<string, Dockerode.EndpointSettings> | undefined, c.Id, undefined),
    labels,
  };
}

function describeState(state: Dockerode.ContainerInspectInfo['State'] | undefined): string {
  if (!state) return 'unknown';
  if (state.Running) return state.Paused ? `Up since ${state.StartedAt} (Paused)` : `Up since ${state.StartedAt}`;
  if (state.Status === 'exited') return `Exited (${state.ExitCode}) at ${state.FinishedAt}`;
  return state.Status;
}

/** Reads everything of a lab the engine has, plus what planning must avoid. */
export async function readLiveState(docker: Dockerode, lab: string, opts: ReadLiveStateOptions = {}): Promise<LiveState> {
  const filters = JSON.stringify(labFilter(lab));
  const [engine, allNetworks, containerList] = await Promise.all([
    readEngineFacts(docker),
    docker.listNetworks() as Promise<NetworkListEntry[]>,
    docker.listContainers({ all: true, filters }),
  ]);

  const labNetworks = allNetworks.filter((n) => n.Labels?.[LABEL_LAB] === lab);
  // Helpers and sidecars come and go; they are not part of the lab's state. Virtual
  // hosts are the hosts module's to manage, never planned (or removed) as nodes.
  const nodes = containerList.filter((c) => !isToolRole(c.Labels?.[LABEL_ROLE]) && c.Labels?.[LABEL_ROLE] !== 'host');

  const reading: Promise<(LiveContainer | undefined)[]> = opts.details
    ? Promise.all(
        nodes.map((c) =>
          docker
            .getContainer(c.Id)
            .inspect()
            .then(toLiveContainer, (err) => (isNotFound(err) ? undefined : Promise.reject(err))),
        ),
      )
    : Promise.resolve(nodes.map(fromList));
  const [inspected, networkDetails] = await Promise.all([
    reading,
    Promise.all(
      labNetworks.map((n) =>
        (docker.getNetwork(n.Id).inspect() as Promise<NetworkListEntry>).catch((err) => (isNotFound(err) ? undefined : Promise.reject(err))),
      ),
    ),
  ]);

  const containers = inspected
    .filter((c): c is LiveContainer => !!c)
    .sort((a, b) => a.name.localeCompare(b.name));

  const networks: LiveNetwork[] = labNetworks
    .map((n, i): LiveNetwork | undefined => {
      const detail = networkDetails[i];
      if (!detail) return undefined; // removed between list and inspect
      const labels = n.Labels ?? {};
      return {
        dockerId: n.Id,
        name: n.Name,
        labId: labels[LABEL_ID] ?? '',
        specHash: labels[LABEL_SPEC] ?? '',
        driver: n.Driver,
        subnets: subnetsOf(n),
        options: n.Options ?? {},
        labels,
        containerIds: Object.keys(detail.Containers ?? {}),
      };
    })
    .filter((n): n is LiveNetwork => !!n)
    .sort((a, b) => a.name.localeCompare(b.name));

  const usedSubnets: UsedSubnet[] = [];
  for (const n of allNetworks) {
    if (n.Labels?.[LABEL_LAB] === lab) continue;
    for (const subnet of subnetsOf(n)) usedSubnets.push({ subnet, owner: n.Name });
  }
  if (isLocalEndpoint(opts.endpoint ?? endpointOf(docker))) {
    // Docker's own bridges show up as host interfaces too: each subnet is listed once,
    // and the lab's own bridges are not "used elsewhere".
    const known = new Set([...usedSubnets.map((u) => u.subnet), ...networks.flatMap((n) => n.subnets)]);
    for (const used of hostInterfaceSubnets()) {
      if (!known.has(used.subnet)) {
        known.add(used.subnet);
        usedSubnets.push(used);
      }
    }
  }

  const veths = [...new Set(networks.map((n) => n.labels[LABEL_VETH]).filter((v): v is string => !!v))].sort();

  return { lab, engine, networks, containers, usedSubnets, veths };
}

/**
 * The container whose network namespace `c` uses: itself, or the one it joined with
 * `container:<id or name>` (followed through a chain of joins).
 */
export function networkOwnerOf(live: LiveState, c: LiveContainer): LiveContainer {
  let current = c;
  for (let i = 0; i < 10 && current.networkMode.startsWith('container:'); i++) {
    const ref = current.networkMode.slice('container:'.length);
    const next = live.containers.find((x) => x.dockerId === ref || x.name === ref || x.dockerId.startsWith(ref));
    if (!next) break;
    current = next;
  }
  return current;
}

/**
 * The Linux bridge behind a Docker bridge network: the name its options set, docker0
 * for the default network, else br-<first 12 of its id>.
 */
export function bridgeDeviceOf(network: { id: string; name: string; options?: Record<string, string> | null }): string {
  return network.options?.['com.docker.network.bridge.name'] || (network.name === 'bridge' ? 'docker0' : `br-${network.id.slice(0, 12)}`);
}

/** Lab network id by the bridge device of each of the lab's bridge networks. */
export function labNetworksByBridge(live: LiveState): Map<string, string> {
  return new Map(live.networks.filter((n) => n.driver === 'bridge').map((n) => [bridgeDeviceOf({ id: n.dockerId, name: n.name, options: n.options }), n.labId]));
}

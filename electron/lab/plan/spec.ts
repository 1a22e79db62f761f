// Lab document + planned addresses → the concrete Docker objects the lab wants
// (NetworkSpec, ContainerSpec), each with the hash that goes into io.topolab.spec.
import type { AddressingResult } from '../model/addressing';
import { builtinDockerName, DEFAULT_NODE_IMAGE, isBuiltinNetwork, type LabDocument, type NetworkDef, type NodeDef } from '../model/schema';
import { specHash } from './hash';
import { LABEL_VETH, objectLabels, objectName, vethNames } from './naming';
import type { ContainerSpec, EndpointSpec, NetworkModeSpec, NetworkSpec, PortSpec } from './types';

export interface DesiredState {
  networks: NetworkSpec[];
  containers: ContainerSpec[];
}

export const DEFAULT_PUBLISH_IP = '127.0.0.1';

export function desiredState(doc: LabDocument, addressing: AddressingResult): DesiredState {
  const networks = (doc.networks ?? []).filter((n) => !isBuiltinNetwork(n)).map((n) => networkSpec(doc.name, n, addressing));
  const nodesById = new Map((doc.nodes ?? []).map((n) => [n.id, n]));
  const specs = new Map<string, ContainerSpec>();
  // A node that shares another's namespace hashes in its target's hash, so it is
  // replaced whenever its target is (the namespace it joined is gone then).
  const build = (node: NodeDef, visiting: Set<string>): ContainerSpec => {
    const done = specs.get(node.id);
    if (done) return done;
    visiting.add(node.id);
    const target = node.sharesNetworkWith ? nodesById.get(node.sharesNetworkWith) : undefined;
    const targetHash = target && !visiting.has(target.id) ? build(target, visiting).specHash : undefined;
    const spec = containerSpec(doc, node, addressing, targetHash);
    specs.set(node.id, spec);
    return spec;
  };
  for (const node of doc.nodes ?? []) build(node, new Set());
  return { networks, containers: (doc.nodes ?? []).map((n) => specs.get(n.id)!) };
}

/** Docker name of a lab network (Docker's own name for builtin ones). */
export function dockerNetworkName(lab: string, net: Pick<NetworkDef, 'id' | 'driver' | 'builtin'>): string {
  return isBuiltinNetwork(net) ? builtinDockerName(net.driver) : objectName(lab, net.id);
}

function networkSpec(lab: string, net: NetworkDef, addressing: AddressingResult): NetworkSpec {
  const planned = addressing.networks[net.id] ?? { auto: false };
  const driver = net.driver as NetworkSpec['driver'];
  const options: Record<string, string> = {};
  if (net.mtu !== undefined) options['com.docker.network.driver.mtu'] = String(net.mtu);
  if (driver === 'bridge' && net.icc === false) options['com.docker.network.bridge.enable_icc'] = 'false';
  if (driver === 'overlay' && net.encrypted) options.encrypted = '';
  const veth = (driver === 'macvlan' || driver === 'ipvlan') && !net.parent ? vethNames(lab, net.id) : undefined;
  if (driver === 'macvlan') {
    options.parent = net.parent ?? veth!.name;
    options.macvlan_mode = net.mode ?? 'bridge';
  }
  if (driver === 'ipvlan') {
    options.parent = net.parent ?? veth!.name;
    options.ipvlan_mode = net.mode ?? 'l2';
  }
  const core = {
    driver,
    subnet: planned.subnet,
    gateway: planned.gateway,
    subnet6: net.subnet6,
    gateway6: net.gateway6,
    internal: net.internal ?? false,
    attachable: driver === 'overlay',
    options,
    veth,
  };
  const hash = specHash(core);
  const labels = objectLabels(lab, net.id, 'network', hash);
  if (veth) labels[LABEL_VETH] = veth.name;
  return { id: net.id, name: objectName(lab, net.id), ...core, labels, specHash: hash };
}

function containerSpec(doc: LabDocument, node: NodeDef, addressing: AddressingResult, targetHash: string | undefined): ContainerSpec {
  const networksById = new Map((doc.networks ?? []).map((n) => [n.id, n]));
  const networkMode = networkModeOf(doc, node, networksById);
  const endpoints = networkMode.kind === 'network' ? endpointsOf(doc.name, node, networksById, addressing) : [];
  const router = node.kind === 'router';
  const routes = node.routes ?? [];
  const capAdd = normalizeCaps([...(node.caps ?? []), ...(router || routes.length > 0 ? ['NET_ADMIN'] : [])]);
  const sysctls: Record<string, string> = {};
  for (const [key, value] of Object.entries(node.sysctls ?? {})) sysctls[key] = scalarText(value);
  if (router && sysctls['net.ipv4.ip_forward'] === undefined) sysctls['net.ipv4.ip_forward'] = '1';
  const ownsUts = networkMode.kind === 'network' || networkMode.kind === 'none';
  const dropDefaultRoute = endpoints.length > 0 && endpoints.every((e) => networksById.get(e.network)?.internal === true) && !routes.some((r) => r.to === 'default');
  const core = {
    image: node.image ?? DEFAULT_NODE_IMAGE,
    hostname: ownsUts ? node.hostname ?? node.id : undefined,
    cmd: node.command === undefined ? undefined : typeof node.command === 'string' ? ['/bin/sh', '-c', node.command] : node.command,
    env: Object.entries(node.env ?? {}).map(([k, v]) => `${k}=${String(v)}`).sort(),
    networkMode,
    ports: (node.ports ?? []).map(portSpec),
    capAdd,
    sysctls,
    routes,
    router,
  };
  // Endpoints are left out of the hash on purpose: they are compared with the live
  // endpoints directly, so a changed address reconnects instead of replacing the node.
  // dropDefaultRoute follows from the networks: their change reconnects and reapplies it.
  const hash = specHash({ ...core, sharesWith: targetHash });
  return { id: node.id, name: objectName(doc.name, node.id), ...core, dropDefaultRoute, endpoints, labels: objectLabels(doc.name, node.id, 'node', hash), specHash: hash };
}

function networkModeOf(doc: LabDocument, node: NodeDef, networksById: Map<string, NetworkDef>): NetworkModeSpec {
  if (node.sharesNetworkWith) return { kind: 'container', node: node.sharesNetworkWith, containerName: objectName(doc.name, node.sharesNetworkWith) };
  const first = node.interfaces?.[0] ? networksById.get(node.interfaces[0].network) : undefined;
  // No interface means no network at all, not Docker's surprising default of docker0.
  if (!first || first.driver === 'none') return { kind: 'none' };
  if (first.driver === 'host') return { kind: 'host' };
  return { kind: 'network', networkName: dockerNetworkName(doc.name, first) };
}

function endpointsOf(lab: string, node: NodeDef, networksById: Map<string, NetworkDef>, addressing: AddressingResult): EndpointSpec[] {
  const endpoints: EndpointSpec[] = [];
  for (const iface of node.interfaces ?? []) {
    const net = networksById.get(iface.network);
    if (!net || net.driver === 'host' || net.driver === 'none') continue;
    // On Docker's default bridge there is no DNS and no user-chosen address.
    const userDefined = !isBuiltinNetwork(net);
    endpoints.push({
      network: net.id,
      networkName: dockerNetworkName(lab, net),
      ip: userDefined ? addressing.interfaces[`${node.id}/${net.id}`]?.ip : undefined,
      ip6: userDefined ? iface.ip6 : undefined,
      // The node id is a DNS name on every network it joins (Docker only adds the container name).
      aliases: userDefined ? unique([node.id, ...(iface.aliases ?? [])]) : [],
      mac: iface.mac,
    });
  }
  return endpoints;
}

function portSpec(port: NonNullable<NodeDef['ports']>[number]): PortSpec {
  return { container: port.container, proto: port.proto ?? 'tcp', hostIp: port.hostIp ?? DEFAULT_PUBLISH_IP, hostPort: port.host };
}

/** Capabilities as Docker wants them: upper case, no CAP_ prefix, sorted, once each. */
export function normalizeCaps(caps: string[]): string[] {
  return unique(caps.map((c) => c.toUpperCase().replace(/^CAP_/, ''))).sort();
}

function scalarText(value: string | number | boolean): string {
  return typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

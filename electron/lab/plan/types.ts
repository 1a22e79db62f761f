// The vocabulary shared by plan (pure) and apply (Docker): what the engine has now
// (LiveState, read by labels), what the lab wants (specs), and the ordered
// operations that turn one into the other.
import type { Diagnostic } from '../model/diagnostics';
import type { RouteDef } from '../model/schema';

// ---------------------------------------------------------------- live state

export interface EngineFacts {
  /** Engine ID from `docker info`. */
  id: string;
  name: string;
  serverVersion: string;
  kernelVersion: string;
  swarm: 'inactive' | 'pending' | 'active' | 'error' | 'locked';
  /** Whether the engine host's kernel can make ipvlan links; undefined when not probed. */
  ipvlan?: boolean;
  /** Whether the engine host's kernel can make macvlan links; undefined when not probed. */
  macvlan?: boolean;
}

export interface LiveEndpoint {
  networkName: string;
  networkDockerId: string;
  /** Address the endpoint has now. */
  ip?: string;
  ip6?: string;
  /** Address that was requested at connect time (IPAMConfig). */
  requestedIp?: string;
  aliases: string[];
  mac?: string;
}

export interface LiveContainer {
  dockerId: string;
  name: string;
  /** io.topolab.id */
  labId: string;
  /** io.topolab.spec */
  specHash: string;
  state: 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
  /** Engine's human text, e.g. "Exited (1) 3 seconds ago". */
  status: string;
  image: string;
  pid: number;
  startedAt: string;
  /** HostConfig.NetworkMode: a network name, 'host', 'none', 'container:<id>'. */
  networkMode: string;
  endpoints: LiveEndpoint[];
  labels: Record<string, string>;
}

export interface LiveNetwork {
  dockerId: string;
  name: string;
  labId: string;
  specHash: string;
  driver: string;
  subnets: string[];
  options: Record<string, string>;
  labels: Record<string, string>;
  /** Docker ids of the containers attached now. */
  containerIds: string[];
}

/** An address range in use outside this lab, which planning must avoid. */
export interface UsedSubnet {
  subnet: string;
  /** Who uses it, for messages: a Docker network name or 'host interface eth0'. */
  owner: string;
}

export interface LiveState {
  lab: string;
  engine: EngineFacts;
  networks: LiveNetwork[];
  containers: LiveContainer[];
  /** Subnets of every engine network not belonging to this lab (and host interfaces when known). */
  usedSubnets: UsedSubnet[];
  /** Lab-owned veth underlays present on the engine host (names). */
  veths: string[];
}

/** Live state of an engine with no objects of this lab: what plan assumes before the first `up`. */
export function emptyLiveState(lab: string, engine?: Partial<EngineFacts>): LiveState {
  return {
    lab,
    engine: { id: 'unknown', name: 'unknown', serverVersion: '', kernelVersion: '', swarm: 'inactive', ...engine },
    networks: [],
    containers: [],
    usedSubnets: [],
    veths: [],
  };
}

// ---------------------------------------------------------------- desired specs

export interface VethSpec {
  /** Host-side name (≤15 chars) used as the macvlan/ipvlan parent. */
  name: string;
  /** Its peer, left up and unused: the isolated "wire". */
  peer: string;
}

export interface NetworkSpec {
  /** Lab id of the network. */
  id: string;
  /** Docker name. */
  name: string;
  driver: 'bridge' | 'overlay' | 'macvlan' | 'ipvlan';
  subnet?: string;
  gateway?: string;
  subnet6?: string;
  gateway6?: string;
  internal: boolean;
  attachable: boolean;
  /** Driver options, e.g. com.docker.network.bridge.enable_icc, parent, macvlan_mode. */
  options: Record<string, string>;
  /** The lab-owned veth that serves as parent (macvlan/ipvlan with no parent named). */
  veth?: VethSpec;
  labels: Record<string, string>;
  specHash: string;
}

export interface EndpointSpec {
  /** Lab id of the network. */
  network: string;
  /** Docker name of the network (lab network or Docker's builtin 'bridge'). */
  networkName: string;
  ip?: string;
  ip6?: string;
  aliases: string[];
  mac?: string;
}

export type NetworkModeSpec =
  | { kind: 'network'; networkName: string }
  | { kind: 'host' }
  | { kind: 'none' }
  /** Join another lab node's network namespace. */
  | { kind: 'container'; node: string; containerName: string };

export interface PortSpec {
  container: number;
  proto: 'tcp' | 'udp';
  hostIp: string;
  hostPort?: number;
}

export interface ContainerSpec {
  /** Lab id of the node. */
  id: string;
  /** Docker name. */
  name: string;
  image: string;
  hostname?: string;
  cmd?: string[];
  env: string[];
  networkMode: NetworkModeSpec;
  /** In order: eth0, eth1… The first is attached at create, the rest connected after start. */
  endpoints: EndpointSpec[];
  ports: PortSpec[];
  capAdd: string[];
  sysctls: Record<string, string>;
  routes: RouteDef[];
  /**
   * Docker still gives a node whose only networks are internal a default route via
   * the bridge (the packets are then dropped on the host). An internal network means
   * "no way out", so topolab removes that route after start and the kernel says so.
   */
  dropDefaultRoute: boolean;
  router: boolean;
  labels: Record<string, string>;
  specHash: string;
}

// ---------------------------------------------------------------- plan

export type Subject = { kind: 'network' | 'node' | 'engine' | 'host'; id: string };

/** A virtual host as the plan wants it (see hosts/virtual-host.ts). */
export interface VirtualHostPlanSpec {
  /** The host's id in the lab file. */
  id: string;
  /** Docker name of the host container on the outer engine. */
  name: string;
  /** Underlay networks (Docker names on the outer engine) with the host's address on each, in file order. */
  underlays: { network: string; ip?: string }[];
  specHash: string;
}

interface OperationBase {
  /** Unique key inside a plan, e.g. 'network.create:lan1' ('h1/network.create:lan1' on virtual host h1). */
  key: string;
  /** The virtual host whose nested engine runs this operation; absent: the engine topolab is connected to. */
  host?: string;
  subject: Subject;
  /** Why this operation is needed, in words. */
  reason: string;
  /** Keys of operations that must finish first. */
  after: string[];
}

export type Operation =
  | (OperationBase & { kind: 'host.start'; spec: VirtualHostPlanSpec })
  | (OperationBase & { kind: 'host.remove'; name: string; dockerId: string })
  | (OperationBase & { kind: 'images.copy'; images: string[] })
  | (OperationBase & { kind: 'swarm.form'; manager: { host: string; address: string }; workers: { host: string; address: string }[] })
  | (OperationBase & { kind: 'swarm.init' })
  | (OperationBase & { kind: 'veth.create'; veth: VethSpec; lab: string })
  | (OperationBase & { kind: 'veth.remove'; veth: VethSpec })
  | (OperationBase & { kind: 'network.create'; spec: NetworkSpec })
  | (OperationBase & { kind: 'network.remove'; name: string; dockerId: string })
  | (OperationBase & { kind: 'container.create'; spec: ContainerSpec })
  | (OperationBase & { kind: 'container.remove'; name: string; dockerId: string })
  | (OperationBase & { kind: 'connection.create'; node: string; containerName: string; endpoint: EndpointSpec })
  | (OperationBase & { kind: 'connection.remove'; node: string; containerName: string; networkName: string })
  | (OperationBase & { kind: 'routes.apply'; node: string; containerName: string; routes: RouteDef[]; dropDefaultRoute: boolean });

export type OperationKind = Operation['kind'];

export interface PlanChange {
  action: 'create' | 'replace' | 'remove' | 'update';
  subject: Subject;
  reason: string;
}

export interface AddressingReport {
  /** Subnets chosen automatically, by network id. */
  planned: { network: string; subnet: string }[];
  /** Subnets in use elsewhere that the planner stayed clear of. */
  avoided: UsedSubnet[];
}

export interface Plan {
  lab: string;
  /**
   * The remote hosts whose engines run some of the operations (`host` naming one of
   * them), and where each is: a Docker context or a DOCKER_HOST-style URL. Any other
   * `host` of an operation is a virtual host.
   */
  remotes?: Record<string, { context?: string; url?: string }>;
  operations: Operation[];
  /** One line per lab object that changes, for people. */
  changes: PlanChange[];
  addressing: AddressingReport;
  /** Problems found while planning (e.g. a subnet clash with the engine). Errors mean: do not apply. */
  diagnostics: Diagnostic[];
}

// What the Inspector shows of one node's network namespace (pure data, JSON-safe
// except `nft`, which is passed through as nft printed it).

export type AddressFamily = 'inet' | 'inet6';

export interface InterfaceAddress {
  family: AddressFamily;
  address: string;
  prefix: number;
  /** `global`, `link`, `host`… as the kernel reports it. */
  scope: string;
}

/** Kinds the lab creates or meets; any other `info_kind` (ipip, gre, wireguard…) passes through. */
export type KnownInterfaceKind = 'veth' | 'macvlan' | 'ipvlan' | 'vxlan' | 'bridge' | 'loopback' | 'dummy' | 'vlan' | 'bond' | 'tun' | '';
/** `''` is a device without link info: a physical NIC, or one ip cannot describe. */
export type InterfaceKind = KnownInterfaceKind | (string & Record<never, never>);

export interface VxlanInfo {
  vni: number;
  /** Unicast remote VTEP (IPv4 or IPv6). */
  remote?: string;
  /** Multicast group used for flooding instead of a fixed remote. */
  group?: string;
  local?: string;
  /** Destination UDP port. */
  port?: number;
  /** The underlay device the tunnel is bound to. */
  dev?: string;
}

export interface InterfaceInfo {
  index: number;
  name: string;
  kind: InterfaceKind;
  mac: string;
  mtu: number;
  /** operstate: UP, DOWN, LOWERLAYERDOWN, UNKNOWN (loopback, tunnels)… */
  state: string;
  flags: string[];
  addresses: InterfaceAddress[];
  /** The other end of a veth, or the parent of a macvlan/ipvlan/vlan (ifindex in the namespace `peerNetnsId` names, or in this one). */
  peerIndex?: number;
  /** Set when the peer/parent lives in another namespace: its id as seen from this one. */
  peerNetnsId?: number;
  /** The peer's/parent's name, known only when it lives in this namespace. */
  peerName?: string;
  /** The bridge (or bond, vrf) this device is a port of. */
  master?: string;
  /** What kind of device `master` is (`bridge`, `bond`…). */
  masterKind?: string;
  /** A bridge port's STP state (`forwarding`, `blocking`, `disabled`…). */
  portState?: string;
  /** macvlan `bridge`/`private`/`vepa`/`passthru`, ipvlan `l2`/`l3`/`l3s`. */
  mode?: string;
  vxlan?: VxlanInfo;
}

export interface RouteNexthop {
  gateway?: string;
  dev?: string;
  weight?: number;
}

export interface RouteInfo {
  /** `main`, `local`, `default` or a number as text. */
  table: string;
  /** `unicast`, `local`, `broadcast`, `blackhole`, `unreachable`, `prohibit`, `multicast`… */
  type: string;
  /** `default` or an address/CIDR. */
  dst: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  scope?: string;
  prefsrc?: string;
  metric?: number;
  /** `linkdown`, `onlink`… */
  flags: string[];
  /** ECMP routes: one entry per path (then `gateway`/`dev` are unset). */
  nexthops?: RouteNexthop[];
}

export interface RuleInfo {
  priority: number;
  /** `not` inverts the selector. */
  not: boolean;
  /** `all` or a CIDR. */
  from: string;
  to?: string;
  iif?: string;
  oif?: string;
  /** `0x1` or `0x10/0xff`. */
  fwmark?: string;
  tos?: string;
  ipproto?: string;
  /** A port or a `low-high` range. */
  sport?: string;
  dport?: string;
  /** `low-high`. */
  uidRange?: string;
  /** `lookup` (with `table`, or l3mdev), `goto` (with `goto`), `nop`, `blackhole`, `unreachable`, `prohibit`. */
  action: string;
  table?: string;
  goto?: number;
  l3mdev?: boolean;
  suppressPrefixLength?: number;
}

export interface NeighbourInfo {
  ip: string;
  dev: string;
  mac?: string;
  /** NUD state(s), e.g. `REACHABLE`, `STALE`, `FAILED`, `PERMANENT`; several are joined by `,`. */
  state: string;
  router?: boolean;
}

export interface SocketEndpoint {
  /** Without brackets: `0.0.0.0`, `::`, `::ffff:10.0.0.2`, or `*` (any, dual-stack). */
  address: string;
  /** `*` for an unconnected peer. */
  port: number | '*';
  /** Bound to one device (`SO_BINDTODEVICE`, link-local scope): `0.0.0.0%eth0`. */
  interface?: string;
}

export interface SocketProcess {
  name: string;
  pid: number;
  fd: number;
}

export interface SocketInfo {
  proto: 'tcp' | 'udp';
  /** ss's state: LISTEN, ESTAB, TIME-WAIT, UNCONN… */
  state: string;
  recvQ: number;
  sendQ: number;
  local: SocketEndpoint;
  peer: SocketEndpoint;
  processes: SocketProcess[];
}

export interface FirewallRule {
  /** The rule as iptables-save prints it after `-A CHAIN`: `-i lo -j ACCEPT`. */
  text: string;
  /** `-j`/`-g` target: ACCEPT, DROP, a user chain…; unset for a counting-only rule. */
  target?: string;
  packets?: number;
  bytes?: number;
}

export interface FirewallChain {
  name: string;
  /** Built-in chains only; user chains have none. */
  policy?: string;
  packets?: number;
  bytes?: number;
  rules: FirewallRule[];
}

export interface FirewallTable {
  /** `filter`, `nat`, `mangle`, `raw`, `security`. */
  name: string;
  chains: FirewallChain[];
}

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  options: string[];
  /** The container resolves through Docker's embedded DNS server (nameserver 127.0.0.11). */
  dockerEmbedded: boolean;
  /** Where Docker's embedded DNS forwards to, from its `# ExtServers: [...]` comment (empty when absent). */
  dockerUpstreams: string[];
}

export type NamespaceKind = 'net' | 'pid' | 'mnt' | 'uts' | 'ipc' | 'user' | 'cgroup' | 'time';
/** Namespace inode numbers: two processes share a namespace when the numbers are equal. */
export type NamespaceIds = Record<NamespaceKind, number | undefined>;

export interface ProcessInfo {
  pid: number;
  ppid: number;
  user: string;
  /** The kernel's short name (comm, at most 15 characters). */
  command: string;
  /** The full command line. */
  args: string;
}

export interface ConntrackTuple {
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  /** ICMP type, code and echo id, which stand in for ports. */
  icmpType?: number;
  icmpCode?: number;
  icmpId?: number;
  /** Present when nf_conntrack_acct is on. */
  packets?: number;
  bytes?: number;
}

export interface ConntrackEntry {
  family: 'ipv4' | 'ipv6';
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `gre`, `unknown`… */
  proto: string;
  /** Seconds left before the entry expires. */
  timeout: number;
  /** TCP's state (ESTABLISHED, TIME_WAIT…); unset for stateless protocols. */
  state?: string;
  original: ConntrackTuple;
  reply: ConntrackTuple;
  /** Seen traffic both ways: will not be evicted early. */
  assured: boolean;
  /** No reply seen yet. */
  unreplied: boolean;
  mark?: number;
  zone?: number;
}

export interface NodeInspection {
  node: string;
  /** ISO 8601 time of the snapshot. */
  takenAt: string;
  namespaces: NamespaceIds;
  interfaces: InterfaceInfo[];
  routes: RouteInfo[];
  rules: RuleInfo[];
  neighbours: NeighbourInfo[];
  sockets: SocketInfo[];
  firewall: { iptables: FirewallTable[]; nft?: unknown };
  sysctls: Record<string, string>;
  dns: { resolv: ResolvConf; hosts: string };
  processes: ProcessInfo[];
  conntrack: ConntrackEntry[];
  /** What could not be read; the rest of the snapshot is still good. */
  errors: string[];
}

// ---------------------------------------------------------------- what the engine adds

/** Who else is in one of the node's namespaces: other lab nodes of its engine, or 'host' (a virtual host's node: that host's id). */
export interface NamespaceSharing {
  kind: NamespaceKind;
  id?: number;
  sharedWith: string[];
}

export interface HostPeer {
  /** The host end of the veth pair. */
  name: string;
  /** The bridge it is a port of. */
  bridge?: string;
  /** The lab network that bridge is. */
  network?: string;
}

export type InspectedInterface = InterfaceInfo & { hostPeer?: HostPeer; network?: string };

export interface NodeInspectionView extends Omit<NodeInspection, 'interfaces'> {
  lab: string;
  /** The virtual host the node runs on (its nested engine was asked); absent for the local engine's nodes. */
  host?: string;
  interfaces: InspectedInterface[];
  sharing: NamespaceSharing[];
  /** How long the gathering took (engine reads and the exec). */
  tookMs: number;
}

// ---------------------------------------------------------------- networks and the host

export interface BridgePort {
  name: string;
  mac: string;
  /** Forwarding state of the port (`forwarding`, `blocking`, `disabled`…). */
  state?: string;
  /** The lab node (or virtual host) whose interface is the other end of this port's veth. */
  node?: string;
}

export interface FdbEntry {
  mac: string;
  /** The port (or device) the address was learned on. */
  dev: string;
  vlan?: number;
  /** A VXLAN forwarding entry: the remote VTEP behind this MAC. */
  dst?: string;
  /** Learned and aging, or configured (`permanent`, `static`). */
  state: string;
}

/** What the kernel has for a lab network on one Docker host. */
export interface NetworkKernelView {
  /** The bridge device (bridge, overlay's br0), or the macvlan/ipvlan parent. */
  device?: InterfaceInfo;
  ports: BridgePort[];
  /** The bridge's (and for an overlay its VXLAN device's) forwarding database. */
  fdb: FdbEntry[];
  /** Overlays: the VXLAN device in the overlay's namespace. */
  vxlan?: InterfaceInfo;
}

/** A lab network as Docker defines it, beside what the kernel has for it. */
export interface NetworkInspection {
  lab: string;
  network: string;
  /** The virtual host the network lives on (`host:` in the lab file); absent for the local engine's. */
  host?: string;
  docker: {
    name: string;
    id: string;
    driver: string;
    scope: string;
    internal: boolean;
    subnets: { subnet: string; gateway?: string }[];
    options: Record<string, string>;
    labels: Record<string, string>;
    /** Attached containers; `host`: the virtual host they run on (an overlay across hosts lists every host's). */
    containers: { node?: string; name: string; ip?: string; mac?: string; host?: string }[];
    /** Swarm overlays: the engines in the network as Docker knows them, by data-path (underlay) address; `host` when it is a virtual host of the lab. */
    peers?: { name: string; ip: string; host?: string }[];
  };
  /** On an overlay across virtual hosts: the first member host's (each one's is in `hosts`). */
  kernel: NetworkKernelView;
  /** An overlay across virtual hosts: each member host's own VXLAN device, bridge and FDB for it, in file order. */
  hosts?: { host: string; kernel: NetworkKernelView; errors: string[] }[];
  errors: string[];
  tookMs: number;
}

/** An overlay's VXLAN device on a Docker host, in the overlay's own namespace, with the remote MACs it knows (FDB `dst`: the peer host). */
export interface VxlanView {
  /** The lab network (overlay) it carries. */
  network?: string;
  /** The engine's namespace it lives in (`1-<network id>`). */
  namespace: string;
  device: InterfaceInfo;
  fdb: FdbEntry[];
}

/** The Docker host's side: its bridges, veths, VXLAN devices and the iptables chains Docker maintains. */
export interface HostInspection {
  lab: string;
  /** A virtual host of the lab (its own namespace, as its nested engine's host); absent for the engine topolab is connected to. */
  host?: string;
  bridges: { name: string; network?: string; dockerNetwork?: string; ofLab: boolean; addresses: InterfaceAddress[]; ports: BridgePort[] }[];
  /** Host veths that are bridge ports, with the node at their other end when it is the lab's. */
  veths: { name: string; bridge?: string; node?: string; ofLab: boolean }[];
  /** The lab's overlays on this host: each one's VXLAN device and its FDB. */
  vxlans?: VxlanView[];
  /** A virtual host: its own interfaces on the lab's underlay networks (its "physical" links). */
  uplinks?: { name: string; network?: string; addresses: InterfaceAddress[] }[];
  /** filter and nat as iptables-save prints them (with counters). */
  firewall: FirewallTable[];
  /** Chains Docker maintains (DOCKER, DOCKER-USER, DOCKER-ISOLATION-STAGE-1/2, DOCKER-FORWARD…). */
  dockerChains: string[];
  /** Rules that mention one of the lab's bridges or subnets: 'table/chain/index'. */
  labRules: string[];
  errors: string[];
  tookMs: number;
}

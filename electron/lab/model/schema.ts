// The one definition of the lab file. TypeScript types, runtime checking and the
// published JSON Schema (templates/lab.schema.json) are all derived from it, so they
// cannot disagree. Structural rules live here; rules that relate fields to each other
// (references, addresses, driver rules) live in validate.ts where they get good messages.
import { z } from 'zod';

export const CURRENT_FORMAT_VERSION = 1;

const describe = <T extends z.ZodType>(schema: T, text: string): T => schema.describe(text) as T;

export const HostKind = z.enum(['local', 'virtual', 'remote']);
export const NetworkDriver = z.enum(['bridge', 'overlay', 'macvlan', 'ipvlan', 'host', 'none']);
export const NodeKind = z.enum(['container', 'router']);
export const MacvlanMode = z.enum(['bridge', 'private', 'vepa', 'passthru']);
export const IpvlanMode = z.enum(['l2', 'l3', 'l3s']);
export const Protocol = z.enum(['tcp', 'udp']);


export const NetworkSchema = z.strictObject({
  id: describe(z.string(), 'Unique id of the network inside this lab (lowercase letters, digits, dashes).'),
  driver: describe(NetworkDriver, 'Docker network driver.'),
  builtin: describe(z.boolean().optional(), "Use Docker's own network of this driver instead of creating one (bridge: the default docker0 network). host and none are always builtin."),
  subnet: describe(z.string().optional(), 'IPv4 subnet in CIDR form. Planned automatically when left out, never clashing with networks the engine already has.'),
  gateway: describe(z.string().optional(), 'IPv4 gateway. Defaults to the first address of the subnet (none for ipvlan l3).'),
  subnet6: describe(z.string().optional(), 'Optional IPv6 subnet in CIDR form; enables IPv6 on the network.'),
  gateway6: z.string().optional(),
  internal: describe(z.boolean().optional(), 'Internal network: no route to the outside world.'),
  mtu: describe(z.number().int().optional(), 'MTU of the network interfaces (bridge, overlay).'),
  icc: describe(z.boolean().optional(), 'Inter-container communication on a bridge (default true). false: containers on this bridge cannot talk to each other.'),
  mode: describe(z.string().optional(), 'macvlan: bridge | private | vepa | passthru. ipvlan: l2 | l3 | l3s.'),
  parent: describe(z.string().optional(), 'macvlan/ipvlan parent interface on the Docker host. Left out: an isolated veth pair the lab creates and removes.'),
  host: describe(z.string().optional(), 'Id of the host this network lives on (not for overlay, which spans hosts).'),
  encrypted: describe(z.boolean().optional(), 'Overlay only: encrypt VXLAN traffic (IPsec).'),
  description: z.string().optional(),
});

export const InterfaceSchema = z.strictObject({
  network: describe(z.string(), 'Id of the network this interface attaches to.'),
  ip: describe(z.string().optional(), 'IPv4 address. Planned automatically when left out.'),
  ip6: describe(z.string().optional(), 'IPv6 address (network needs subnet6).'),
  aliases: describe(z.array(z.string()).optional(), 'Extra DNS names for this node on this network.'),
  mac: describe(z.string().optional(), 'MAC address, e.g. 02:42:0a:0a:01:0a.'),
});

export const HostSchema = z.strictObject({
  id: describe(z.string(), 'Unique id of the Docker host inside this lab.'),
  kind: describe(HostKind.default('local'), 'local: the engine topolab is connected to; virtual: a nested engine in a container; remote: a Docker context or DOCKER_HOST URL.'),
  context: describe(z.string().optional(), 'Docker context name (remote hosts).'),
  url: describe(z.string().optional(), 'DOCKER_HOST-style URL, e.g. ssh://user@host or tcp://host:2376 (remote hosts).'),
  interfaces: describe(
    z.array(InterfaceSchema).optional(),
    "Virtual hosts: the underlay networks (bridges on the local engine) the host's own interfaces attach to; their addresses are the host's physical addresses, over which overlays run.",
  ),
  description: z.string().optional(),
});

export const RouteSchema = z.strictObject({
  to: describe(z.string(), "Destination in CIDR form, or 'default'."),
  via: describe(z.string().optional(), 'Next hop IPv4 address.'),
  dev: describe(z.string().optional(), 'Output interface inside the node, e.g. eth1.'),
});

export const PortSchema = z.strictObject({
  container: describe(z.number().int(), 'Port inside the container.'),
  host: describe(z.number().int().optional(), 'Port on the Docker host. Left out: the engine picks a free one.'),
  hostIp: describe(z.string().optional(), 'Host address to bind. Defaults to 127.0.0.1, so a lab is never published to the network by accident.'),
  proto: describe(Protocol.optional(), 'tcp (default) or udp.'),
});

const ScalarValue = z.union([z.string(), z.number(), z.boolean()]);

export const NodeSchema = z.strictObject({
  id: describe(z.string(), 'Unique id of the node inside this lab; also its DNS name.'),
  kind: describe(NodeKind.default('container'), 'container, or router (ip_forward on, one interface per network, static routes).'),
  image: describe(z.string().optional(), 'Container image. Defaults to topolab/node (built locally by `topolab images build`).'),
  host: describe(z.string().optional(), 'Id of the host this node runs on.'),
  hostname: z.string().optional(),
  command: describe(z.union([z.string(), z.array(z.string())]).optional(), 'Command to run instead of the image default.'),
  env: describe(z.record(z.string(), ScalarValue).optional(), 'Environment variables.'),
  ports: describe(z.array(PortSchema).optional(), 'Published ports.'),
  caps: describe(z.array(z.string()).optional(), 'Extra Linux capabilities, e.g. NET_ADMIN.'),
  sysctls: describe(z.record(z.string(), ScalarValue).optional(), 'Namespaced sysctls, e.g. net.ipv4.ip_forward: 1.'),
  routes: describe(z.array(RouteSchema).optional(), 'Static routes applied after the node starts.'),
  interfaces: describe(z.array(InterfaceSchema).optional(), 'One per network the node attaches to; eth0, eth1… in this order.'),
  sharesNetworkWith: describe(z.string().optional(), "Join another node's network namespace (pod-style, Docker's container:<id> mode)."),
  description: z.string().optional(),
});

export const LayoutEntrySchema = z.strictObject({
  x: z.number(),
  y: z.number(),
  width: z.number().optional(),
  height: z.number().optional(),
});

const NamespaceKindName = z.enum(['net', 'pid', 'ipc', 'uts', 'mnt', 'cgroup', 'user', 'time']);

/** `{from: a, to: b, reachable: true}`: one real probe decides (TCP/UDP need a port). */
export const ReachExpectationSchema = z.strictObject({
  from: describe(z.string(), "The node the probe is sent from (or 'host')."),
  to: describe(z.string(), 'A node id or an IPv4 address.'),
  proto: describe(z.enum(['icmp', 'tcp', 'udp']).optional(), 'icmp (default), tcp or udp.'),
  port: describe(z.number().int().min(1).max(65535).optional(), 'The TCP or UDP port.'),
  reachable: describe(z.boolean(), 'Whether the probe must be delivered (true) or must not be (false).'),
  hops: describe(z.number().int().min(0).optional(), 'How many routers the probe must cross on the way.'),
  note: z.string().optional(),
});

/** `{node: r1, route: 10.10.3.0/24}`: the node's main routing table has that destination. */
export const RouteExpectationSchema = z.strictObject({
  node: z.string(),
  route: describe(z.string(), "A destination in the node's main table: a CIDR or 'default'."),
  via: describe(z.string().optional(), 'The next hop it must go through.'),
  note: z.string().optional(),
});

/** `{nodes: [app, sidecar], share: net}`: the nodes are in one kernel namespace of that kind. */
export const ShareExpectationSchema = z.strictObject({
  nodes: z.array(z.string()).min(2),
  share: describe(NamespaceKindName, 'The kind of namespace they must share: net, pid, ipc, uts…'),
  note: z.string().optional(),
});

/**
 * `{from: client, resolves: web, resolvable: false}`: whether the name resolves inside the
 * node, as its own resolver would: its /etc/hosts, then Docker's embedded DNS when its
 * resolv.conf uses it. Only the lab's own names are ever asked; nothing leaves the lab.
 */
export const ResolveExpectationSchema = z.strictObject({
  from: describe(z.string(), 'The node whose resolver is asked.'),
  resolves: describe(z.string(), "A name: a node id or a network alias of the lab (a name outside the lab is only looked up in the node's /etc/hosts)."),
  resolvable: describe(z.boolean(), 'Whether the name must resolve in that node (true) or must not (false).'),
  address: describe(z.string().optional(), 'An IPv4 address the name must resolve to (with resolvable: true).'),
  note: z.string().optional(),
});

export const ExpectationSchema = z.union([ReachExpectationSchema, RouteExpectationSchema, ShareExpectationSchema, ResolveExpectationSchema]);

export const LabDocumentSchema = z.strictObject({
  topolab: describe(z.literal(CURRENT_FORMAT_VERSION), 'Lab file format version.'),
  name: describe(z.string(), 'Lab name: prefix of every Docker object the lab creates.'),
  description: z.string().optional(),
  hosts: z.array(HostSchema).optional(),
  networks: z.array(NetworkSchema).optional(),
  nodes: z.array(NodeSchema).optional(),
  expectations: describe(z.array(ExpectationSchema).optional(), 'Statements about the running lab that `topolab test` checks for real: reachability, routes, shared namespaces, name resolution.'),
  layout: describe(z.record(z.string(), LayoutEntrySchema).optional(), 'Canvas positions by host, network or node id; kept apart from the topology so files diff well.'),
});

export type LabDocument = z.infer<typeof LabDocumentSchema>;
export type HostDef = z.infer<typeof HostSchema>;
export type NetworkDef = z.infer<typeof NetworkSchema>;
export type NodeDef = z.infer<typeof NodeSchema>;
export type InterfaceDef = z.infer<typeof InterfaceSchema>;
export type RouteDef = z.infer<typeof RouteSchema>;
export type PortDef = z.infer<typeof PortSchema>;
export type NetworkDriverName = z.infer<typeof NetworkDriver>;
export type Expectation = z.infer<typeof ExpectationSchema>;
export type ReachExpectation = z.infer<typeof ReachExpectationSchema>;
export type RouteExpectation = z.infer<typeof RouteExpectationSchema>;
export type ShareExpectation = z.infer<typeof ShareExpectationSchema>;
export type ResolveExpectation = z.infer<typeof ResolveExpectationSchema>;

export const DEFAULT_NODE_IMAGE = 'topolab/node';
export const LOCAL_HOST_ID = 'local';

/** Drivers whose network is Docker's own and is never created or removed by a lab. */
export function isBuiltinNetwork(net: Pick<NetworkDef, 'driver' | 'builtin'>): boolean {
  return net.driver === 'host' || net.driver === 'none' || net.builtin === true;
}

/** Docker's name for a builtin network of a driver. */
export function builtinDockerName(driver: NetworkDriverName): string {
  return driver === 'bridge' ? 'bridge' : driver;
}

/** JSON Schema for editors (published as templates/lab.schema.json). */
export function labJsonSchema(): object {
  return z.toJSONSchema(LabDocumentSchema, { io: 'input', target: 'draft-2020-12' });
}

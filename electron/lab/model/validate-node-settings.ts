// Per-node settings: static routes, published ports, environment, capabilities, sysctls.
import type { FieldPath } from './diagnostics';
import { isBuiltinNetwork, type NodeDef, type RouteDef } from './schema';
import { effectiveHost, nodeSubject, q, report, type Context, type Subject } from './validate-context';
import { readCidr, readIp, type NetworkAddressing } from './validate-addresses';
import { contains, familyLabel, parseIp, type ParsedCidr, type ParsedIp } from './validate-ip';
import { namespaceOwner } from './validate-nodes';

export function checkRoutes(ctx: Context, addressing: Map<string, NetworkAddressing>): void {
  (ctx.doc.nodes ?? []).forEach((node, i) => {
    (node.routes ?? []).forEach((route, k) => checkRoute(ctx, addressing, node, route, ['nodes', i, 'routes', k]));
  });
}

function checkRoute(ctx: Context, addressing: Map<string, NetworkAddressing>, node: NodeDef, route: RouteDef, path: FieldPath): void {
  const subject = nodeSubject(node);
  const owner = `Node ${node.id}, route to ${route.to}`;
  const to = route.to === 'default' ? 'default' : readCidr(ctx, route.to, [...path, 'to'], subject, owner);
  const via = route.via === undefined ? undefined : readIp(ctx, route.via, [...path, 'via'], subject, owner);
  if (route.via === undefined && route.dev === undefined) {
    report(ctx, {
      severity: 'error', code: 'route-needs-next-hop', path, subject,
      message: `${owner}: the route has neither \`via\` nor \`dev\`, so the kernel does not know where to send the packets.`,
      hint: 'Add `via:` (the next-hop router address) or `dev:` (an interface such as eth1).',
    });
  }
  if (!via) return;
  if (to && to !== 'default' && to.family !== via.family) {
    report(ctx, {
      severity: 'error', code: 'ip-family-mismatch', path: [...path, 'via'], subject,
      message: `${owner}: \`via\` ${via.text} is ${familyLabel(via.family)}, but the destination is ${familyLabel(to.family)}.`,
      hint: `Use an ${familyLabel(to.family)} next hop.`,
    });
    return;
  }
  checkNextHopReachable(ctx, addressing, node, via, [...path, 'via'], subject, owner);
}

/** Warns when every subnet the node is on is known and none holds the next hop. */
function checkNextHopReachable(
  ctx: Context, addressing: Map<string, NetworkAddressing>, node: NodeDef, via: ParsedIp, path: FieldPath, subject: Subject, owner: string,
): void {
  // A node sharing another's namespace routes through that node's interfaces.
  const interfaces = namespaceOwner(ctx, node).interfaces ?? [];
  const field = via.family === 'ipv4' ? 'subnet' : 'subnet6';
  const subnets: ParsedCidr[] = [];
  for (const iface of interfaces) {
    const net = ctx.networks.get(iface.network)?.def;
    if (!net || isBuiltinNetwork(net)) return; // unknown addresses: cannot tell
    const subnet = addressing.get(net.id)?.[field];
    if (!subnet) return; // planned later (or invalid, reported elsewhere)
    subnets.push(subnet);
  }
  if (subnets.length === 0 || subnets.some((s) => contains(s, via))) return;
  report(ctx, {
    severity: 'warning', code: 'unreachable-next-hop', path, subject,
    message: `${owner}: next hop ${via.text} is in none of the node's subnets (${subnets.map((s) => s.text).join(', ')}), so the kernel will refuse the route.`,
    hint: 'Use the address of a router on one of these networks, or attach the node to the network that holds the next hop.',
  });
}

const PORT_MIN = 1;
const PORT_MAX = 65535;
// Published ports bind loopback unless the lab says otherwise (see DESIGN.md, safety rules).
const DEFAULT_HOST_IP = '127.0.0.1';

function defaultHostIp(): ParsedIp | undefined {
  const parsed = parseIp(DEFAULT_HOST_IP);
  return parsed.ok ? parsed.value : undefined;
}

interface Published { nodeId: string; host: string; ip: ParsedIp; port: number; proto: string }

export function checkPorts(ctx: Context): void {
  const published: Published[] = [];
  (ctx.doc.nodes ?? []).forEach((node, i) => {
    const subject = nodeSubject(node);
    (node.ports ?? []).forEach((port, k) => {
      const path: FieldPath = ['nodes', i, 'ports', k];
      for (const field of ['container', 'host'] as const) {
        const value = port[field];
        if (value === undefined || (value >= PORT_MIN && value <= PORT_MAX)) continue;
        report(ctx, {
          severity: 'error', code: 'invalid-port', path: [...path, field], subject,
          message: `Node ${node.id}: port \`${field}\` ${value} is outside ${PORT_MIN}–${PORT_MAX}.`,
          hint: field === 'host' ? 'Use a port from 1 to 65535, or leave `host` out and let the engine pick a free one.' : 'Use a port from 1 to 65535.',
        });
      }
      const ip = port.hostIp === undefined
        ? defaultHostIp()
        : readIp(ctx, port.hostIp, [...path, 'hostIp'], subject, `Node ${node.id}, published port ${port.container}`);
      // A node in another's namespace cannot publish at all (shared-namespace-conflict says so).
      if (!ip || node.sharesNetworkWith !== undefined || port.host === undefined || port.host < PORT_MIN || port.host > PORT_MAX) return;
      const entry: Published = { nodeId: node.id, host: effectiveHost(ctx, node.host), ip, port: port.host, proto: port.proto ?? 'tcp' };
      const clash = published.find((p) => clashes(p, entry));
      if (clash) reportClash(ctx, entry, clash, [...path, 'host'], subject);
      else published.push(entry);
    });
  });
}

/** Same host, port and protocol, on the same address or where one of them binds every address. */
function clashes(a: Published, b: Published): boolean {
  if (a.host !== b.host || a.port !== b.port || a.proto !== b.proto || a.ip.family !== b.ip.family) return false;
  const wildcard = (p: Published) => p.ip.text === '0.0.0.0' || p.ip.text === '::';
  return a.ip.text === b.ip.text || wildcard(a) || wildcard(b);
}

function reportClash(ctx: Context, entry: Published, other: Published, path: FieldPath, subject: Subject): void {
  const where = `${entry.ip.text}:${entry.port}/${entry.proto}`;
  const owner = other.nodeId === entry.nodeId ? 'this node already' : `node ${other.nodeId}`;
  report(ctx, {
    severity: 'error', code: 'port-clash', path, subject,
    message: `Node ${entry.nodeId} publishes ${where} on host ${entry.host}, which ${owner} publishes (${other.ip.text}:${other.port}/${other.proto}); only one can bind it.`,
    hint: 'Use another host port, or leave `host` out and let the engine pick a free one.',
  });
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkEnv(ctx: Context): void {
  (ctx.doc.nodes ?? []).forEach((node, i) => {
    for (const key of Object.keys(node.env ?? {})) {
      if (ENV_NAME.test(key)) continue;
      report(ctx, {
        severity: 'error', code: 'invalid-env-name', path: ['nodes', i, 'env', key], subject: nodeSubject(node),
        message: `Node ${node.id}: environment variable name ${q(key)} is not valid; names are letters, digits and \`_\`, not starting with a digit.`,
        hint: `Rename it, e.g. ${q(key.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1') || 'NAME')}.`,
      });
    }
  });
}

// Linux capabilities (capabilities(7)) as Docker names them, without the CAP_ prefix.
const CAPABILITIES = new Set([
  'ALL', 'AUDIT_CONTROL', 'AUDIT_READ', 'AUDIT_WRITE', 'BLOCK_SUSPEND', 'BPF', 'CHECKPOINT_RESTORE', 'CHOWN',
  'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'IPC_LOCK', 'IPC_OWNER', 'KILL', 'LEASE',
  'LINUX_IMMUTABLE', 'MAC_ADMIN', 'MAC_OVERRIDE', 'MKNOD', 'NET_ADMIN', 'NET_BIND_SERVICE', 'NET_BROADCAST',
  'NET_RAW', 'PERFMON', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_CHROOT',
  'SYS_MODULE', 'SYS_NICE', 'SYS_PACCT', 'SYS_PTRACE', 'SYS_RAWIO', 'SYS_RESOURCE', 'SYS_TIME',
  'SYS_TTY_CONFIG', 'SYSLOG', 'WAKE_ALARM',
]);

export function checkCaps(ctx: Context): void {
  (ctx.doc.nodes ?? []).forEach((node, i) => {
    (node.caps ?? []).forEach((cap, k) => {
      const name = cap.startsWith('CAP_') ? cap.slice(4) : cap;
      if (CAPABILITIES.has(name)) return;
      const upper = name.toUpperCase().replace(/^CAP_/, '');
      const wrongCase = CAPABILITIES.has(upper);
      report(ctx, {
        severity: 'error', code: 'unknown-capability', path: ['nodes', i, 'caps', k], subject: nodeSubject(node),
        message: wrongCase
          ? `Node ${node.id}: capability ${q(cap)} must be written in upper case.`
          : `Node ${node.id}: ${q(cap)} is not a Linux capability name.`,
        hint: wrongCase
          ? `Write ${q(upper)}.`
          : 'Use a Linux capability name such as NET_ADMIN, NET_RAW, NET_BIND_SERVICE, SYS_ADMIN or SYS_PTRACE (with or without CAP_; see capabilities(7)).',
      });
    });
  });
}

// Only sysctls that belong to a container's own namespaces can be set per container;
// the rest would change the whole Docker host, and Docker refuses them.
const NAMESPACED_SYSCTL = /^(net\.|kernel\.shm|kernel\.msg|kernel\.sem$|fs\.mqueue\.)/;

export function checkSysctls(ctx: Context): void {
  (ctx.doc.nodes ?? []).forEach((node, i) => {
    const hostMode = (namespaceOwner(ctx, node).interfaces ?? []).some((iface) => ctx.networks.get(iface.network)?.def.driver === 'host');
    for (const key of Object.keys(node.sysctls ?? {})) {
      const path: FieldPath = ['nodes', i, 'sysctls', key];
      if (!NAMESPACED_SYSCTL.test(key)) {
        report(ctx, {
          severity: 'error', code: 'sysctl-not-namespaced', path, subject: nodeSubject(node),
          message: `Node ${node.id}: sysctl ${q(key)} is not namespaced; setting it would change the whole Docker host, so Docker refuses it.`,
          hint: 'Only net.*, kernel.shm*, kernel.msg*, kernel.sem and fs.mqueue.* can be set per container; remove this one.',
        });
      } else if (hostMode && key.startsWith('net.')) {
        report(ctx, {
          severity: 'error', code: 'host-mode-exclusive', path, subject: nodeSubject(node),
          message: `Node ${node.id} is in host mode, so sysctl ${q(key)} would change the Docker host's own network settings; Docker refuses it.`,
          hint: 'Remove the sysctl, or attach the node to lab networks instead of the host network.',
        });
      }
    }
  });
}

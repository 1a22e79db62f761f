// Node topology rules: how a node attaches to networks (builtin modes, duplicates,
// hosts), routers, and pod-style shared network namespaces.
import type { FieldPath } from './diagnostics';
import { isBuiltinNetwork, type InterfaceDef, type NetworkDef, type NodeDef } from './schema';
import { effectiveHost, nodeSubject, q, report, type Context } from './validate-context';

const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i;

export function checkNodeInterfaces(ctx: Context): void {
  (ctx.doc.nodes ?? []).forEach((node, i) => {
    const seen = new Map<string, number>();
    (node.interfaces ?? []).forEach((iface, j) => {
      const path: FieldPath = ['nodes', i, 'interfaces', j];
      const first = seen.get(iface.network);
      if (first !== undefined) {
        report(ctx, {
          severity: 'error', code: 'duplicate-interface', path: [...path, 'network'], subject: nodeSubject(node),
          message: `Node ${node.id} lists network ${iface.network} twice (interfaces ${first} and ${j}); Docker attaches a container to a network once.`,
          hint: `Remove interface ${j}; for a second address on ${iface.network}, add it from inside the node.`,
        });
        return;
      }
      seen.set(iface.network, j);
      checkMac(ctx, node, iface, path);
      const net = ctx.networks.get(iface.network)?.def;
      if (!net) return;
      if (net.driver === 'host' || net.driver === 'none') checkExclusiveMode(ctx, node, i, iface, j, net);
      else if (net.builtin === true) checkDefaultBridge(ctx, node, iface, path, net);
      checkSameHost(ctx, node, net, [...path, 'network']);
    });
  });
}

function checkMac(ctx: Context, node: NodeDef, iface: InterfaceDef, path: FieldPath): void {
  if (iface.mac === undefined) return;
  const valid = MAC.test(iface.mac);
  // The lowest bit of the first octet marks a multicast address, which Linux refuses on an interface.
  const multicast = valid && (parseInt(iface.mac.slice(0, 2), 16) & 1) === 1;
  if (valid && !multicast) return;
  report(ctx, {
    severity: 'error', code: 'invalid-mac', path: [...path, 'mac'], subject: nodeSubject(node),
    message: `Node ${node.id}, interface on ${iface.network}: \`mac\` ${q(iface.mac)} ${multicast ? 'is a multicast address, which an interface cannot have' : 'is not a MAC address of six hex pairs'}.`,
    hint: 'Write a unicast address such as `02:42:0a:0a:01:0a` (02 = locally administered), or remove `mac`.',
  });
}

/** host and none replace the whole network namespace: nothing else can be attached or configured. */
function checkExclusiveMode(ctx: Context, node: NodeDef, i: number, iface: InterfaceDef, j: number, net: NetworkDef): void {
  const mode = net.driver as 'host' | 'none';
  const code = mode === 'host' ? 'host-mode-exclusive' : 'none-mode-exclusive';
  const subject = nodeSubject(node);
  const what = mode === 'host' ? "uses the Docker host's own network stack" : 'has no network at all (only loopback)';
  const others = (node.interfaces ?? []).length - 1;
  if (others > 0) {
    report(ctx, {
      severity: 'error', code, path: ['nodes', i, 'interfaces', j, 'network'], subject,
      message: `Node ${node.id} is on network ${net.id} (${mode} mode), which ${what}, so it cannot have ${others === 1 ? 'another interface' : `${others} other interfaces`}.`,
      hint: `Keep either the ${net.id} interface alone or the other interfaces, not both.`,
    });
  }
  for (const field of ['ip', 'ip6', 'aliases', 'mac'] as const) {
    if (iface[field] === undefined) continue;
    report(ctx, {
      severity: 'error', code, path: ['nodes', i, 'interfaces', j, field], subject,
      message: `Node ${node.id}, interface on ${net.id} (${mode} mode): \`${field}\` cannot be set, since the node ${what}.`,
      hint: `Remove \`${field}\`, or attach the node to a bridge network instead.`,
    });
  }
  // Routes in host mode would change the Docker host's own routing table.
  if (mode === 'host' && node.routes?.length) {
    report(ctx, {
      severity: 'error', code, path: ['nodes', i, 'routes'], subject,
      message: `Node ${node.id} is in host mode, so its \`routes\` would change the Docker host's own routing table.`,
      hint: 'Remove `routes`, or attach the node to lab networks instead of the host network.',
    });
  }
  if (mode === 'host' && node.ports?.length) {
    report(ctx, {
      severity: 'warning', code: 'host-mode-ports', path: ['nodes', i, 'ports'], subject,
      message: `Node ${node.id} is in host mode: its services already listen on the Docker host, and Docker ignores \`ports\`.`,
      hint: 'Remove `ports`.',
    });
  }
}

/** Docker's default bridge (docker0) has no user-chosen addresses and no embedded DNS. */
function checkDefaultBridge(ctx: Context, node: NodeDef, iface: InterfaceDef, path: FieldPath, net: NetworkDef): void {
  const subject = nodeSubject(node);
  for (const field of ['ip', 'ip6'] as const) {
    if (iface[field] === undefined) continue;
    report(ctx, {
      severity: 'error', code: 'default-bridge-static-ip', path: [...path, field], subject,
      message: `Node ${node.id}, interface on ${net.id}: Docker refuses a chosen \`${field}\` on its default bridge (docker0).`,
      hint: `Remove \`${field}\` (Docker assigns one), or remove \`builtin: true\` from network ${net.id} so that topolab creates a bridge that takes static addresses.`,
    });
  }
  if (iface.aliases !== undefined) {
    report(ctx, {
      severity: 'error', code: 'default-bridge-aliases', path: [...path, 'aliases'], subject,
      message: `Node ${node.id}, interface on ${net.id}: the default bridge (docker0) has no DNS, so \`aliases\` would resolve nowhere.`,
      hint: `Remove \`aliases\`, or remove \`builtin: true\` from network ${net.id} to get a bridge with DNS.`,
    });
  }
}

/** A node can only attach to networks on its own host; overlays and builtin networks are on every host. */
function checkSameHost(ctx: Context, node: NodeDef, net: NetworkDef, path: FieldPath): void {
  if (net.driver === 'overlay' || isBuiltinNetwork(net)) return;
  const nodeHost = effectiveHost(ctx, node.host);
  const netHost = effectiveHost(ctx, net.host);
  if (nodeHost === netHost) return;
  report(ctx, {
    severity: 'error', code: 'host-mismatch', path, subject: nodeSubject(node),
    message: `Node ${node.id} runs on host ${nodeHost}, but network ${net.id} lives on host ${netHost}; a ${net.driver} network only reaches containers on its own host.`,
    hint: `Put node ${node.id} and network ${net.id} on the same host, or use an overlay network to span hosts.`,
  });
}

export function checkRouters(ctx: Context): void {
  (ctx.doc.nodes ?? []).forEach((node, i) => {
    if (node.kind !== 'router' || node.sharesNetworkWith !== undefined) return;
    const count = node.interfaces?.length ?? 0;
    if (count >= 2) return;
    report(ctx, {
      severity: 'error', code: 'router-interfaces', path: ['nodes', i, node.interfaces ? 'interfaces' : 'kind'], subject: nodeSubject(node),
      message: `Node ${node.id} is a router but has ${count === 0 ? 'no interfaces' : 'one interface'}; a router forwards between at least two networks.`,
      hint: 'Attach it to two or more networks under `interfaces`, or make it `kind: container`.',
    });
  });
}

/** Fields that configure a network namespace, which a node sharing another's namespace cannot have. */
const NAMESPACE_FIELDS = ['interfaces', 'ports', 'hostname'] as const;

export function checkSharedNamespaces(ctx: Context): void {
  (ctx.doc.nodes ?? []).forEach((node, i) => {
    const target = node.sharesNetworkWith;
    if (target === undefined) return;
    const subject = nodeSubject(node);
    if (target === node.id) {
      report(ctx, {
        severity: 'error', code: 'shares-with-self', path: ['nodes', i, 'sharesNetworkWith'], subject,
        message: `Node ${node.id}: \`sharesNetworkWith\` names the node itself.`,
        hint: 'Name another node whose network namespace this one should join, or remove `sharesNetworkWith`.',
      });
    }
    for (const field of NAMESPACE_FIELDS) {
      if (node[field] === undefined) continue;
      report(ctx, {
        severity: 'error', code: 'shared-namespace-conflict', path: ['nodes', i, field], subject,
        message: `Node ${node.id} joins the network namespace of ${target}, so it cannot have its own \`${field}\`; Docker refuses that combination.`,
        hint: `Remove \`${field}\` here and set it on node ${target}, or remove \`sharesNetworkWith\`.`,
      });
    }
    const owner = ctx.nodes.get(target)?.def;
    if (owner && owner !== node && effectiveHost(ctx, owner.host) !== effectiveHost(ctx, node.host)) {
      report(ctx, {
        severity: 'error', code: 'host-mismatch', path: ['nodes', i, 'sharesNetworkWith'], subject,
        message: `Node ${node.id} runs on host ${effectiveHost(ctx, node.host)}, but node ${target}, whose namespace it joins, runs on host ${effectiveHost(ctx, owner.host)}.`,
        hint: `Put node ${node.id} on the same host as node ${target}.`,
      });
    }
  });
  checkNamespaceCycles(ctx);
}

/** a → b → a can never start: each container waits for the other's namespace. Reported once per cycle. */
function checkNamespaceCycles(ctx: Context): void {
  const reported = new Set<string>();
  (ctx.doc.nodes ?? []).forEach((node, i) => {
    if (ctx.nodes.get(node.id)?.index !== i || reported.has(node.id)) return;
    const chain = chainFrom(ctx, node.id);
    const start = chain.indexOf(chain[chain.length - 1]);
    // A cycle through this node: the chain comes back to it (self-loops are shares-with-self).
    if (start !== 0 || chain.length < 3) return;
    chain.forEach((id) => reported.add(id));
    report(ctx, {
      severity: 'error', code: 'namespace-cycle', path: ['nodes', i, 'sharesNetworkWith'], subject: nodeSubject(node),
      message: `Nodes share network namespaces in a circle (${chain.join(' → ')}), so none of them can start first.`,
      hint: `Give one of them (e.g. ${node.id}) its own interfaces and remove its \`sharesNetworkWith\`.`,
    });
  });
}

/** Ids along sharesNetworkWith from a node, ending at the first repeated id or at a node that shares nothing. */
function chainFrom(ctx: Context, id: string): string[] {
  const chain = [id];
  let current = ctx.nodes.get(id)?.def;
  while (current?.sharesNetworkWith !== undefined) {
    const next = current.sharesNetworkWith;
    chain.push(next);
    if (chain.indexOf(next) !== chain.length - 1) break;
    current = ctx.nodes.get(next)?.def;
  }
  return chain;
}

/** The node whose network namespace a node really uses (itself unless it shares one). */
export function namespaceOwner(ctx: Context, node: NodeDef): NodeDef {
  const chain = chainFrom(ctx, node.id);
  const last = ctx.nodes.get(chain[chain.length - 1])?.def;
  const cyclic = chain.indexOf(chain[chain.length - 1]) !== chain.length - 1;
  return !cyclic && last ? last : node;
}

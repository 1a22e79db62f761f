// Rules of multi-host labs: a virtual host's interfaces are its "physical" links to
// underlay bridges on the local engine; an overlay spans the virtual hosts that share
// an underlay, and never a remote host; what a nested engine cannot do yet is said plainly.
import { effectiveHost, hostSubject, networkSubject, q, report, type Context } from './validate-context';
import type { HostDef, NetworkDef } from './schema';

/** The host the local engine is in this lab (listed or implicit). */
const localHostOf = (ctx: Context) => effectiveHost(ctx, undefined);

function isVirtual(ctx: Context, hostId: string): boolean {
  return ctx.hosts.get(hostId)?.def.kind === 'virtual';
}

function isRemote(ctx: Context, hostId: string): boolean {
  return ctx.hosts.get(hostId)?.def.kind === 'remote';
}

export function checkHostInterfaces(ctx: Context): void {
  const local = localHostOf(ctx);
  (ctx.doc.hosts ?? []).forEach((host, i) => {
    const subject = hostSubject(host);
    if (host.interfaces?.length && host.kind !== 'virtual') {
      report(ctx, {
        severity: 'error', code: 'host-interfaces-not-virtual', path: ['hosts', i, 'interfaces'], subject,
        message: `Host ${host.id} is ${host.kind}: its interfaces are the machine's own, not something topolab attaches.`,
        hint: 'Remove `interfaces`, or make the host `kind: virtual`.',
      });
      return;
    }
    const seen = new Set<string>();
    (host.interfaces ?? []).forEach((iface, j) => {
      const path = ['hosts', i, 'interfaces', j, 'network'];
      const net = ctx.networks.get(iface.network)?.def;
      if (!net) {
        report(ctx, {
          severity: 'error', code: 'dangling-reference', path, subject,
          message: `Host ${host.id}: \`network\` refers to network ${q(iface.network)}, which is not defined in this lab.`,
          hint: `Add a bridge network ${q(iface.network)} on host ${local} to be the underlay, or use an existing one.`,
        });
        return;
      }
      if (seen.has(net.id)) {
        report(ctx, {
          severity: 'error', code: 'duplicate-interface', path, subject,
          message: `Host ${host.id} attaches to network ${net.id} twice.`,
          hint: 'Keep one interface per underlay network.',
        });
      }
      seen.add(net.id);
      if (net.driver !== 'bridge' || net.builtin || effectiveHost(ctx, net.host) !== local) {
        report(ctx, {
          severity: 'error', code: 'underlay-not-local-bridge', path, subject,
          message: `Host ${host.id} attaches to network ${net.id}, which is ${net.driver === 'bridge' && !net.builtin ? `on host ${effectiveHost(ctx, net.host)}` : `a ${net.builtin ? 'builtin ' : ''}${net.driver} network`}; a virtual host's underlay must be a lab bridge on the local engine (${local}).`,
          hint: `Use a bridge network without \`host\` (it then lives on ${local}) as the underlay.`,
        });
      }
    });
  });
}

/** Hosts whose containers use each overlay network. */
function overlayMembers(ctx: Context): Map<string, Set<string>> {
  const members = new Map<string, Set<string>>();
  for (const node of ctx.doc.nodes ?? []) {
    for (const iface of node.interfaces ?? []) {
      const net = ctx.networks.get(iface.network)?.def;
      if (net?.driver !== 'overlay') continue;
      const hosts = members.get(net.id) ?? new Set<string>();
      hosts.add(effectiveHost(ctx, node.host));
      members.set(net.id, hosts);
    }
  }
  return members;
}

function underlaysOf(host: HostDef | undefined): Set<string> {
  return new Set((host?.interfaces ?? []).map((i) => i.network));
}

export function checkOverlaySpan(ctx: Context): void {
  const local = localHostOf(ctx);
  for (const [networkId, hosts] of overlayMembers(ctx)) {
    const { def: net, index } = ctx.networks.get(networkId)!;
    const remote = [...hosts].filter((h) => isRemote(ctx, h));
    if (remote.length > 0) {
      const many = remote.length > 1;
      report(ctx, {
        severity: 'error', code: 'overlay-remote-host', path: ['networks', index], subject: networkSubject(net),
        message: `Overlay ${net.id} has containers on remote host${many ? 's' : ''} ${remote.join(', ')}; an overlay needs its hosts' engines to reach each other and form a swarm, which topolab does only for the virtual hosts it runs, not for machines it does not own.`,
        hint: `Give the containers on ${remote.join(', ')} a bridge network on ${many ? 'their host' : remote[0]} (\`host: ${remote[0]}\`), or move them into virtual hosts.`,
      });
      continue;
    }
    const virtual = [...hosts].filter((h) => isVirtual(ctx, h));
    if (virtual.length === 0) continue;
    const others = [...hosts].filter((h) => !isVirtual(ctx, h));
    if (others.length > 0) {
      report(ctx, {
        severity: 'error', code: 'overlay-mixes-hosts', path: ['networks', index], subject: networkSubject(net),
        message: `Overlay ${net.id} has containers on virtual host${virtual.length > 1 ? 's' : ''} ${virtual.join(', ')} and on ${others.join(', ')}; topolab forms the swarm among virtual hosts only, so ${others.includes(local) ? `the local engine (${local})` : others.join(', ')} cannot join it.`,
        hint: `Move the overlay's containers on ${others.join(', ')} into a virtual host, or use a separate overlay there.`,
      });
      continue;
    }
    checkOverlayHostsJoined(ctx, net, index, virtual);
  }
}

/** Swarm traffic (2377, 7946, VXLAN 4789) goes over an underlay: every member host must share one with the first. */
function checkOverlayHostsJoined(ctx: Context, net: NetworkDef, index: number, hosts: string[]): void {
  const [first, ...rest] = hosts;
  const firstUnderlays = underlaysOf(ctx.hosts.get(first)?.def);
  for (const host of rest) {
    const shared = [...underlaysOf(ctx.hosts.get(host)?.def)].some((n) => firstUnderlays.has(n));
    if (shared) continue;
    report(ctx, {
      severity: 'error', code: 'overlay-hosts-not-joined', path: ['networks', index], subject: networkSubject(net),
      message: `Overlay ${net.id} spans hosts ${first} and ${host}, but they share no underlay network, so their engines cannot form a swarm or carry its VXLAN traffic.`,
      hint: `Give hosts ${first} and ${host} an interface on the same underlay bridge (hosts[].interfaces).`,
    });
  }
}

/** What a nested engine cannot have yet: networks needing a parent link made on the outer host. */
export function checkVirtualHostNetworks(ctx: Context): void {
  (ctx.doc.networks ?? []).forEach((net, i) => {
    if (net.host === undefined || !isVirtual(ctx, net.host)) return;
    if (net.driver === 'macvlan' || net.driver === 'ipvlan') {
      report(ctx, {
        severity: 'error', code: 'virtual-host-driver', path: ['networks', i, 'driver'], subject: networkSubject(net),
        message: `Network ${net.id} is ${net.driver} on virtual host ${net.host}; topolab cannot make its parent link inside a virtual host yet.`,
        hint: `Use a bridge network on ${net.host}, or put the ${net.driver} network on the local host.`,
      });
    }
  });
}

// The lab's expectations: every node they name exists, and each one can be checked
// (a TCP or UDP probe needs a port, a route a destination in CIDR form, a name
// resolution a name of the lab).
import type { FieldPath } from './diagnostics';
import type { Expectation, ReachExpectation, ResolveExpectation } from './schema';
import { report, type Context } from './validate-context';
import { parseCidr, parseIp } from './validate-ip';

const isReach = (e: Expectation): e is ReachExpectation => 'reachable' in e;
const isResolve = (e: Expectation): e is ResolveExpectation => 'resolvable' in e;

/** A DNS name as a resolver takes it: dot-separated labels of letters, digits, '-' and '_'. */
const DNS_NAME = /^(?=.{1,253}\.?$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/** The names the lab gives its nodes: node ids, network aliases, hostnames, container names (lower case). */
function labNames(ctx: Context): Set<string> {
  const names = new Set<string>();
  for (const node of ctx.doc.nodes ?? []) {
    names.add(node.id.toLowerCase());
    names.add(`topolab-${ctx.doc.name}-${node.id}`.toLowerCase()); // the container's Docker name (plan/naming.ts)
    if (node.hostname) names.add(node.hostname.toLowerCase());
    for (const iface of node.interfaces ?? []) for (const alias of iface.aliases ?? []) names.add(alias.toLowerCase());
  }
  return names;
}

function checkResolve(ctx: Context, e: ResolveExpectation, path: FieldPath, what: string): void {
  checkNodeRef(ctx, e.from, [...path, 'from'], what, false);
  if (parseIp(e.resolves).ok) {
    report(ctx, {
      severity: 'error', code: 'expectation-bad-name', path: [...path, 'resolves'],
      message: `Expectation ${what}: \`${e.resolves}\` is an address, not a name to resolve.`,
      hint: 'Write a node id or a network alias; to claim an address, add `address:` too.',
    });
  } else if (!DNS_NAME.test(e.resolves)) {
    report(ctx, {
      severity: 'error', code: 'expectation-bad-name', path: [...path, 'resolves'],
      message: `Expectation ${what}: \`${e.resolves}\` is not a DNS name.`,
      hint: "Write a node id or a network alias: letters, digits, '-' and '.', as a resolver takes it.",
    });
  } else if (!labNames(ctx).has(e.resolves.replace(/\.$/, '').toLowerCase())) {
    report(ctx, {
      severity: 'warning', code: 'expectation-name-outside-lab', path: [...path, 'resolves'],
      message: `Expectation ${what}: \`${e.resolves}\` is no node id, alias or hostname of this lab. topolab looks it up only in ${e.from}'s /etc/hosts: it never asks a DNS server outside the lab.`,
      hint: "Use a node id or a network alias of the lab, or keep it for a name the node's /etc/hosts has.",
    });
  }
  if (e.address !== undefined) {
    const ip = parseIp(e.address);
    if (!ip.ok || ip.value.family !== 'ipv4') {
      report(ctx, {
        severity: 'error', code: 'expectation-bad-address', path: [...path, 'address'],
        message: `Expectation ${what}: \`${e.address}\` is not an IPv4 address${ip.ok ? '' : `: ${ip.reason}`}.`,
        hint: ip.ok || !ip.suggestion ? 'Write the IPv4 address the name must resolve to, e.g. 10.0.0.5.' : `Write \`${ip.suggestion}\`.`,
      });
    } else if (!e.resolvable) {
      report(ctx, {
        severity: 'warning', code: 'expectation-address-unresolvable', path: [...path, 'address'],
        message: `Expectation ${what}: \`address\` is only checked when the name must resolve.`,
        hint: 'Remove `address`, or expect `resolvable: true`.',
      });
    }
  }
}

function checkNodeRef(ctx: Context, id: string, path: FieldPath, what: string, allowHost: boolean): void {
  if (ctx.nodes.has(id) || (allowHost && id === 'host')) return;
  report(ctx, {
    severity: 'error', code: 'expectation-unknown-node', path,
    message: `Expectation ${what}: there is no node \`${id}\` in this lab.`,
    hint: `Use one of the lab's node ids${allowHost ? " (or 'host' for the Docker host)" : ''}, or add the node.`,
  });
}

export function checkExpectations(ctx: Context): void {
  (ctx.doc.expectations ?? []).forEach((e, i) => {
    const path: FieldPath = ['expectations', i];
    const what = `#${i + 1}`;
    if (isReach(e)) {
      checkNodeRef(ctx, e.from, [...path, 'from'], what, true);
      if (!parseIp(e.to).ok) checkNodeRef(ctx, e.to, [...path, 'to'], what, false);
      const proto = e.proto ?? 'icmp';
      if (proto !== 'icmp' && e.port === undefined) {
        report(ctx, {
          severity: 'error', code: 'expectation-needs-port', path: [...path, 'port'],
          message: `Expectation ${what}: a ${proto.toUpperCase()} probe needs a port.`,
          hint: 'Add `port:` (the port the target should or should not answer on).',
        });
      }
      if (proto === 'icmp' && e.port !== undefined) {
        report(ctx, {
          severity: 'warning', code: 'expectation-port-ignored', path: [...path, 'port'],
          message: `Expectation ${what}: an ICMP probe has no port; \`port: ${e.port}\` is ignored.`,
          hint: 'Add `proto: tcp` or `proto: udp`, or remove the port.',
        });
      }
      if (e.hops !== undefined && !e.reachable) {
        report(ctx, {
          severity: 'warning', code: 'expectation-hops-unreachable', path: [...path, 'hops'],
          message: `Expectation ${what}: \`hops\` is only checked when the target must be reachable.`,
          hint: 'Remove `hops`, or expect `reachable: true`.',
        });
      }
    } else if (isResolve(e)) {
      checkResolve(ctx, e, path, what);
    } else if ('route' in e) {
      checkNodeRef(ctx, e.node, [...path, 'node'], what, false);
      const cidr = e.route === 'default' ? undefined : parseCidr(e.route);
      if (cidr && !cidr.ok) {
        report(ctx, {
          severity: 'error', code: 'expectation-bad-route', path: [...path, 'route'],
          message: `Expectation ${what}: \`${e.route}\` is not a destination: ${cidr.reason}.`,
          hint: cidr.suggestion ? `Write \`${cidr.suggestion}\`, as \`ip route\` shows it.` : 'Write the destination as `ip route` shows it: address/prefix, or default.',
        });
      }
    } else {
      e.nodes.forEach((id, k) => checkNodeRef(ctx, id, [...path, 'nodes', k], what, false));
      if (new Set(e.nodes).size !== e.nodes.length) {
        report(ctx, {
          severity: 'warning', code: 'expectation-repeated-node', path: [...path, 'nodes'],
          message: `Expectation ${what}: a node is named twice; a node always shares its own namespaces.`,
          hint: 'Name each node once.',
        });
      }
    }
  });
}

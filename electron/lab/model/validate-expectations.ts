// The lab's expectations: every node they name exists, and each one can be checked
// (a TCP or UDP probe needs a port, a route a destination in CIDR form).
import type { FieldPath } from './diagnostics';
import type { Expectation, ReachExpectation } from './schema';
import { report, type Context } from './validate-context';
import { parseCidr, parseIp } from './validate-ip';

const isReach = (e: Expectation): e is ReachExpectation => 'reachable' in e;

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

// An expectation in words, and the nodes it is about (pure): the CLI's table, the
// LabApi's results and the app's Checks panel all say it the same way.
import type { Expectation } from './schema';

export function describeExpectation(e: Expectation): string {
  if ('reachable' in e) {
    const proto = e.proto ?? 'icmp';
    const what = proto === 'icmp' ? '' : ` ${proto.toUpperCase()} ${e.port ?? '?'}`;
    const hops = e.reachable && e.hops !== undefined ? ` through ${e.hops} router${e.hops === 1 ? '' : 's'}` : '';
    return `${e.from} → ${e.to}${what} is ${e.reachable ? 'reachable' : 'not reachable'}${hops}`;
  }
  if ('resolvable' in e) {
    return e.resolvable ? `${e.from} resolves ${e.resolves}${e.address ? ` to ${e.address}` : ''}` : `${e.from} cannot resolve ${e.resolves}`;
  }
  if ('route' in e) return `${e.node} has a route to ${e.route}${e.via ? ` via ${e.via}` : ''}`;
  return `${e.nodes.join(', ')} share one ${e.share} namespace`;
}

/** The lab nodes a statement is about, to focus on the canvas: not 'host', not a bare address. */
export function expectationNodes(e: Expectation): string[] {
  // a name to resolve is often a node id; one that is not (an alias) selects nothing
  const named = 'reachable' in e ? [e.from, e.to] : 'resolvable' in e ? [e.from, e.resolves] : 'route' in e ? [e.node] : e.nodes;
  return [...new Set(named.filter((n) => n !== 'host' && !/^\d+\.\d+\.\d+\.\d+$/.test(n)))];
}

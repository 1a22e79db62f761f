// Operations in an order that respects their `after` dependencies, stable otherwise,
// so a printed plan reads top to bottom in the order things happen.
import type { Operation } from './types';

/**
 * Orders operations so each comes after what it waits for; throws in words when the
 * plan is malformed (two operations with one key, a wait for a missing operation, or
 * operations waiting for each other). apply runs this too, on any plan it is given.
 */
export function orderOperations(operations: Operation[]): Operation[] {
  const byKey = new Map<string, Operation>();
  for (const op of operations) {
    if (byKey.has(op.key)) throw new Error(`plan has two operations with key ${op.key}`);
    byKey.set(op.key, op);
  }
  for (const op of operations) {
    for (const dep of op.after) {
      if (!byKey.has(dep)) throw new Error(`operation ${op.key} waits for ${dep}, which is not in the plan`);
    }
  }
  const ordered: Operation[] = [];
  const state = new Map<string, 'visiting' | 'placed'>();
  const visit = (op: Operation, path: string[]) => {
    const seen = state.get(op.key);
    if (seen === 'placed') return;
    if (seen === 'visiting') throw new Error(`plan operations wait for each other: ${[...path, op.key].join(' → ')}`);
    state.set(op.key, 'visiting');
    for (const dep of op.after) visit(byKey.get(dep)!, [...path, op.key]);
    state.set(op.key, 'placed');
    ordered.push(op);
  };
  for (const op of operations) visit(op, []);
  return ordered;
}

/** Human-readable label of an operation, e.g. "create network lan1", "on h1: create node a". */
export function describeOperation(op: Operation): string {
  const text = describeOnItsEngine(op);
  return op.host ? `on ${op.host}: ${text}` : text;
}

function describeOnItsEngine(op: Operation): string {
  switch (op.kind) {
    case 'host.start': return `start virtual host ${op.spec.id}${op.spec.underlays.length ? ` on ${op.spec.underlays.map((u) => u.ip ?? u.network).join(', ')}` : ''}`;
    case 'host.remove': return `remove virtual host ${op.subject.id}`;
    case 'images.copy': return `copy image${op.images.length === 1 ? '' : 's'} ${op.images.join(', ')}`;
    case 'swarm.form': return `form a swarm: ${op.manager.host} manages${op.workers.length ? `, ${op.workers.map((w) => w.host).join(', ')} join${op.workers.length === 1 ? 's' : ''}` : ''}`;
    case 'swarm.init': return 'initialise swarm mode';
    case 'veth.create': return `create veth ${op.veth.name} (underlay of ${op.subject.id})`;
    case 'veth.remove': return `remove veth ${op.veth.name}`;
    case 'network.create': return `create network ${op.spec.id} (${op.spec.driver}${op.spec.subnet ? ` ${op.spec.subnet}` : ''})`;
    case 'network.remove': return `remove network ${op.subject.id}`;
    case 'container.create': return `create node ${op.spec.id} (${op.spec.image})`;
    case 'container.remove': return `remove node ${op.subject.id}`;
    case 'connection.create': return `connect ${op.node} to ${op.endpoint.network}${op.endpoint.ip ? ` as ${op.endpoint.ip}` : ''}`;
    case 'connection.remove': return `disconnect ${op.node} from ${op.networkName}`;
    case 'routes.apply': return op.routes.length ? `apply ${op.routes.length} route${op.routes.length === 1 ? '' : 's'} on ${op.node}` : `remove the default route on ${op.node}`;
  }
}

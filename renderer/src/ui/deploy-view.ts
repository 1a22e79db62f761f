// How plan changes and deploy operations read in the Deploy dialog (pure): a glyph for
// what they are about, the virtual host they run on as a tag, and the words without it.
import type { LabDocument } from '../../../electron/lab/model/schema';
import { describeOperation } from '../../../electron/lab/plan/order';
import type { Operation, OperationKind, PlanChange, Subject } from '../../../electron/lab/plan/types';
import { networkKind } from '../canvas/mapping';
import { KIND_ICON } from '../kinds/shared/kind-info';
import { parseOperationKey } from '../store/host-live';

/** One glyph per operation kind (a Record, so a new kind must be given one). */
export const OPERATION_ICON: Record<OperationKind, string> = {
  'host.start': KIND_ICON.host,
  'host.remove': KIND_ICON.host,
  'images.copy': 'IM',
  'swarm.form': 'SW',
  'swarm.init': 'SW',
  'veth.create': 'VE',
  'veth.remove': 'VE',
  'network.create': '≡',
  'network.remove': '≡',
  'container.create': KIND_ICON.container,
  'container.remove': KIND_ICON.container,
  'connection.create': '↔',
  'connection.remove': '↔',
  'routes.apply': '↪',
};

const SUBJECT_ICON: Record<Subject['kind'], string> = { host: KIND_ICON.host, network: '≡', node: KIND_ICON.container, engine: '⚙' };

/** What the plan's subject is, in the canvas's glyphs (a bridge's BR, a router's ⇄…). */
export function subjectIcon(subject: Subject, doc?: LabDocument): string {
  if (subject.kind === 'network') {
    const net = doc?.networks?.find((n) => n.id === subject.id);
    return net ? KIND_ICON[networkKind(net)] : SUBJECT_ICON.network;
  }
  if (subject.kind === 'node') return doc?.nodes?.find((n) => n.id === subject.id)?.kind === 'router' ? KIND_ICON.router : SUBJECT_ICON.node;
  return SUBJECT_ICON[subject.kind];
}

const ON_HOST = /^on ([a-z0-9][\w.-]*): /;

/** Splits "on host1: create node web" into the host and the rest (the engine's wording of
 *  anything that runs on a virtual host); `host` when the caller knows it already. */
function splitHost(text: string, host?: string): { host?: string; text: string } {
  const match = ON_HOST.exec(text);
  if (match && (!host || match[1] === host)) return { host: match[1], text: text.slice(match[0].length) };
  return { host, text };
}

export interface ChangeRow {
  icon: string;
  /** The virtual host the object lives on, if any. */
  host?: string;
  reason: string;
}

/** A plan change: glyph, host tag (nodes and networks on a virtual host), reason without "on <host>: ". */
export function changeRow(change: PlanChange, doc?: LabDocument): ChangeRow {
  const owner = change.subject.kind === 'node' ? doc?.nodes?.find((n) => n.id === change.subject.id)?.host
    : change.subject.kind === 'network' ? doc?.networks?.find((n) => n.id === change.subject.id)?.host : undefined;
  // overlays have no host of their own; their changes still say which host's engine makes them
  const { host, text } = splitHost(change.reason, owner);
  return { icon: subjectIcon(change.subject, doc), host, reason: text };
}

export interface OperationRow {
  icon: string;
  host?: string;
  text: string;
}

/** A progress item (key and label as the engine sent them): glyph, host tag, words. */
export function operationRow(key: string, label: string): OperationRow {
  const { host, kind } = parseOperationKey(key);
  const split = splitHost(label, host); // images.copy:h1 runs on h1 without the key saying so
  return { icon: kind ? OPERATION_ICON[kind] : '•', host: split.host, text: split.text };
}

/** What the plan does to virtual hosts themselves (start, remove, images, swarm), in words. */
export function hostOperations(operations: readonly Operation[]): { key: string; kind: OperationKind; host?: string; text: string }[] {
  const HOST_LEVEL = new Set<OperationKind>(['host.start', 'host.remove', 'images.copy', 'swarm.form']);
  return operations.filter((op) => HOST_LEVEL.has(op.kind)).map((op) => ({ key: op.key, kind: op.kind, ...splitHost(describeOperation(op), op.host) }));
}

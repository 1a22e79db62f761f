// The trace form's values → a labTrace request, or the reason the Trace button is off (pure).
import type { LabApiRequest } from '../../../electron/lab/api';
import type { LabDocument } from '../../../electron/lab/model/schema';
import type { TraceProtocol } from '../../../electron/lab/trace/types';
import { isLabRunning } from '../store/selectors';
import type { LabStore } from '../store/types';
import { HOST_PLACE } from './stations';

export interface TraceForm {
  from: string;
  /** A node id, or an IPv4 address typed in. */
  to: string;
  protocol: TraceProtocol;
  /** As typed; used for TCP and UDP only. */
  port: string;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export const isIpv4 = (text: string): boolean => IPV4.test(text);

type State = Pick<LabStore, 'document' | 'liveLab' | 'liveNodes' | 'parseOk' | 'tracePhase'>;

/** Why the trace cannot run now, in words for the button's tooltip; undefined when it can. */
export function traceBlocker(state: State, form: TraceForm): string | undefined {
  if (state.tracePhase !== undefined) return 'A trace is running.';
  if (!state.parseOk) return 'The lab file has errors: fix them first.';
  if (!isLabRunning(state)) return 'Deploy the lab first: a trace sends a real packet through its running containers.';
  const nodes = new Set((state.document?.nodes ?? []).map((n) => n.id));
  if (form.from !== HOST_PLACE) {
    if (!nodes.has(form.from)) return 'Pick where the packet starts.';
    if (state.liveNodes[form.from]?.state !== 'running') return `${form.from} is not running.`;
  }
  const to = form.to.trim();
  if (!nodes.has(to) && !isIpv4(to)) return 'Pick a destination node, or type an IPv4 address.';
  if (to === form.from) return 'Pick a destination other than the source.';
  if (form.protocol !== 'icmp' && portOf(form) === undefined) return `${form.protocol.toUpperCase()} needs a port from 1 to 65535.`;
  return undefined;
}

function portOf(form: TraceForm): number | undefined {
  const port = Number(form.port.trim());
  return form.port.trim() !== '' && Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
}

export function traceRequest(text: string, form: TraceForm): LabApiRequest<'labTrace'> {
  return { text, from: form.from, to: form.to.trim(), protocol: form.protocol, ...(form.protocol === 'icmp' ? {} : { port: portOf(form) }) };
}

/** A first guess for From and To: two containers (the usual question is host to host,
 *  not to a router), else whatever nodes there are. */
export function defaultEnds(document: LabDocument | undefined): { from: string; to: string } {
  const nodes = document?.nodes ?? [];
  const ends = [...nodes.filter((n) => n.kind !== 'router'), ...nodes.filter((n) => n.kind === 'router')].map((n) => n.id);
  const from = ends[0] ?? HOST_PLACE;
  return { from, to: ends.find((id) => id !== from) ?? '' };
}

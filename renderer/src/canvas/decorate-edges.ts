// The document's edges + what is being watched (a trace's path, live rates) → the edges
// React Flow draws (pure). Edges with nothing to show are returned as they are, so
// React Flow redraws only the few that change from one animation step to the next.
import type { HopDirection } from '../../../electron/lab/trace/types';
import { linkKey } from '../store/traffic-slice';
import type { LinkRates } from '../store/types';
import type { PathMark, Station, StationRole } from '../trace/stations';
import { totalBps } from '../traffic/rates';
import type { CanvasEdge } from './mapping';

export interface EdgeTrace {
  role: StationRole;
  /** On the path but not reached yet at this step. */
  ahead: boolean;
  /** Set on the edge the packet is crossing now. */
  current?: {
    /** Changes at every step, so the packet's animation restarts even on the same edge. */
    step: number;
    direction: HopDirection;
    durationMs: number;
  };
}

export interface EdgeDecoration {
  /** Path marks at the current step; empty when no trace is shown. */
  marks: ReadonlyMap<string, PathMark>;
  current?: { station: Station; step: number; durationMs: number };
  /** The rates map while Traffic is on; undefined when it is off. */
  traffic?: Readonly<Record<string, LinkRates>>;
}

type DataAttributes = Record<`data-${string}`, string>;

export function decorateEdges(edges: CanvasEdge[], decoration: EdgeDecoration): CanvasEdge[] {
  const { marks, current, traffic } = decoration;
  if (marks.size === 0 && !traffic) return edges;
  return edges.map((edge) => {
    const mark = marks.get(edge.id);
    const rates = traffic && edge.data?.kind === 'interface' ? traffic[linkKey(edge.data.node, edge.target)] : undefined;
    if (!mark && !rates) return edge;
    const here = current && current.station.kind === 'edge' && current.station.id === edge.id ? current : undefined;
    const classes = [edge.className];
    const attributes: DataAttributes = {};
    let trace: EdgeTrace | undefined;
    if (mark) {
      classes.push('trace-path', `trace-${mark.role}`);
      if (mark.ahead) classes.push('trace-ahead');
      attributes['data-trace-role'] = mark.role;
      trace = { role: mark.role, ahead: mark.ahead };
    }
    if (here) {
      classes.push('trace-current');
      attributes['data-trace-current'] = 'true';
      trace = { ...trace!, current: { step: here.step, direction: here.station.direction ?? 'out', durationMs: here.durationMs } };
    }
    if (rates) {
      classes.push('traffic');
      attributes['data-rate-bps'] = String(totalBps(rates));
    }
    return {
      ...edge,
      className: classes.filter(Boolean).join(' '),
      domAttributes: attributes as CanvasEdge['domAttributes'],
      data: { ...edge.data!, trace, rates },
    };
  });
}

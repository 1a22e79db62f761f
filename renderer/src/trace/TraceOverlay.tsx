import { useInternalNode, ViewportPortal } from '@xyflow/react';
import { memo, useMemo } from 'react';
import type { Verdict } from '../../../electron/lab/trace/types';
import { useLab } from '../store';
import { outcomeTitle } from './outcomes';
import { pathMarks, stopTarget, type PathMark } from './stations';

/** What a trace draws over the canvas's nodes: a ring around each network on the path
 *  (pulsing where the packet is now) and a "stopped here" mark. The rings follow their
 *  node through React Flow's internal node, so only they redraw when a node moves. */
function TraceOverlayView() {
  const s = useLab((st) => ({
    shown: st.traceOpen && !!st.trace, stations: st.stations, step: st.playback.step, verdict: st.trace?.verdict, document: st.document,
  }));
  const rings = useMemo(() => {
    if (!s.shown) return [];
    const marks = pathMarks(s.stations, s.step);
    const current = s.stations[s.step];
    return s.stations
      .filter((st, i, all) => st.kind === 'node' && all.findIndex((o) => o.id === st.id) === i)
      .map((st) => ({ id: st.id, mark: marks.get(st.id)!, current: current?.kind === 'node' && current.id === st.id }));
  }, [s.shown, s.stations, s.step]);
  const stop = s.shown && s.verdict ? stopTarget(s.verdict, s.document) : undefined;
  if (!s.shown) return null;
  return (
    <ViewportPortal>
      {rings.map((r) => <NodeRing key={r.id} id={r.id} mark={r.mark} current={r.current} />)}
      {stop && s.verdict && <StopMark id={stop} verdict={s.verdict} />}
    </ViewportPortal>
  );
}

export const TraceOverlay = memo(TraceOverlayView);

function useBox(id: string): { x: number; y: number; width: number; height: number } | undefined {
  const node = useInternalNode(id);
  if (!node) return undefined;
  const { x, y } = node.internals.positionAbsolute;
  return { x, y, width: node.measured.width ?? node.width ?? 0, height: node.measured.height ?? node.height ?? 0 };
}

function NodeRing({ id, mark, current }: { id: string; mark: PathMark; current: boolean }) {
  const box = useBox(id);
  if (!box) return null;
  return (
    <div
      className={`trace-ring trace-${mark.role}${mark.ahead ? ' trace-ahead' : ''}${current ? ' trace-current' : ''}`}
      data-testid={`trace-ring-${id}`} data-trace-role={mark.role} data-trace-current={current || undefined}
      style={{ transform: `translate(${box.x}px, ${box.y}px)`, width: box.width, height: box.height }}
    />
  );
}

function StopMark({ id, verdict }: { id: string; verdict: Verdict }) {
  const box = useBox(id);
  if (!box) return null;
  return (
    <>
      <div className="trace-stop-ring" style={{ transform: `translate(${box.x}px, ${box.y}px)`, width: box.width, height: box.height }} />
      <div className="trace-stop" data-testid="trace-stop" data-node={id} title={`Stopped here: ${verdict.text}`}
        style={{ transform: `translate(${box.x + box.width}px, ${box.y}px) translate(-50%, -60%)` }}>
        ✕ {outcomeTitle(verdict.outcome).toLowerCase()}
      </div>
    </>
  );
}

import { memo, useLayoutEffect, useRef } from 'react';
import type { HopDirection } from '../../../electron/lab/trace/types';
import type { StationRole } from './stations';

/** The traced packet crossing one edge: an SVG <animateMotion> along the edge's own
 *  path, so the browser moves it without React rendering anything per frame. Mounted
 *  afresh (keyed by step) for every station. */
function PacketDotView({ path, role, direction, durationMs }: { path: string; role: StationRole; direction: HopDirection; durationMs: number }) {
  const motion = useRef<SVGAnimateMotionElement>(null);
  // A SMIL animation's clock starts with the document: begin it by hand, before the
  // first paint, or a dot added later would already be at its end.
  useLayoutEffect(() => { motion.current?.beginElement(); }, []);
  return (
    <g className={`trace-dot trace-dot-${role}`} data-testid="trace-dot" aria-hidden>
      <circle className="trace-dot-halo" r={9} />
      <circle className="trace-dot-core" r={5} />
      <animateMotion
        ref={motion} begin="indefinite" dur={`${durationMs}ms`} fill="freeze" path={path}
        // 'out' leaves the node (the edge's source), 'in' arrives at it
        keyPoints={direction === 'in' ? '1;0' : '0;1'} keyTimes="0;1" calcMode="linear"
      />
    </g>
  );
}

export const PacketDot = memo(PacketDotView);

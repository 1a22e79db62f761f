import { BaseEdge, EdgeText, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { PacketDot } from '../trace/PacketDot';
import { TrafficFlow } from '../traffic/TrafficFlow';
import { TrafficLabel } from '../traffic/TrafficLabel';
import { strokeWidthFor, totalBps } from '../traffic/rates';
import type { CanvasEdge } from './mapping';

/** Stroke widths of a trace's path (the packet's current edge stands out). */
const TRACE_WIDTH = 3;
const TRACE_CURRENT_WIDTH = 4.5;

/** An interface or shared-namespace edge; the label sits near the node end, so the
 *  labels of edges meeting at one network handle do not pile up. While a trace or
 *  Traffic is shown, the edge also draws the packet, the moving dots and the rates. */
function InterfaceEdgeView(props: EdgeProps<CanvasEdge>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, label, style, markerEnd, interactionWidth, data } = props;
  const [path] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const t = data?.kind === 'share' ? 0.5 : 0.3;
  const trace = data?.trace;
  const rates = data?.rates;
  // Both may apply: the wider wins, so a busy link on the path still shows its load.
  const width = Math.max(rates ? strokeWidthFor(totalBps(rates)) : 0, trace ? (trace.current ? TRACE_CURRENT_WIDTH : TRACE_WIDTH) : 0);
  const pathStyle = useMemo(() => (width ? { ...style, strokeWidth: width } : style), [style, width]);
  return (
    <>
      <BaseEdge id={props.id} path={path} style={pathStyle} markerEnd={markerEnd} interactionWidth={interactionWidth} />
      {rates && <TrafficFlow path={path} rates={rates} width={width} />}
      {/* the label after the moving dots, so they pass under it */}
      {label && (
        <EdgeText
          x={sourceX + (targetX - sourceX) * t} y={sourceY + (targetY - sourceY) * t} label={label}
          labelShowBg labelBgPadding={[4, 2]} labelBgBorderRadius={3}
        />
      )}
      {/* nearer the network than the interface label (0.3), so the two never meet */}
      {rates && data && <TrafficLabel edgeId={props.id} node={data.node} rates={rates} x={sourceX + (targetX - sourceX) * 0.66} y={sourceY + (targetY - sourceY) * 0.66} />}
      {trace?.current && <PacketDot key={trace.current.step} path={path} role={trace.role} direction={trace.current.direction} durationMs={trace.current.durationMs} />}
    </>
  );
}

export const InterfaceEdge = memo(InterfaceEdgeView);

/** React Flow edge types, at module scope. */
export const edgeTypes = { iface: InterfaceEdge };

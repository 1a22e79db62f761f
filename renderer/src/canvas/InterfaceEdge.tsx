import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { CanvasEdge } from './mapping';

/** An interface or shared-namespace edge; the label sits near the node end, so the
 *  labels of edges meeting at one network handle do not pile up. */
function InterfaceEdgeView(props: EdgeProps<CanvasEdge>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, label, style, markerEnd, interactionWidth } = props;
  const [path] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const t = props.data?.kind === 'share' ? 0.5 : 0.3;
  return (
    <BaseEdge
      id={props.id} path={path} style={style} markerEnd={markerEnd} interactionWidth={interactionWidth}
      label={label} labelX={sourceX + (targetX - sourceX) * t} labelY={sourceY + (targetY - sourceY) * t}
      labelShowBg labelBgPadding={[4, 2]} labelBgBorderRadius={3}
    />
  );
}

export const InterfaceEdge = memo(InterfaceEdgeView);

/** React Flow edge types, at module scope. */
export const edgeTypes = { iface: InterfaceEdge };

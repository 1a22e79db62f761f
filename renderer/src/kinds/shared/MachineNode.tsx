import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { CanvasNode } from '../../canvas/mapping';
import { LiveBadge, ProblemBadge } from './badges';
import { KIND_ICON } from './kind-info';

/** A container or router: drag from its top or bottom handle to a network to attach it. */
function MachineNodeView({ data, selected }: NodeProps<CanvasNode>) {
  const state = data.live?.state ?? 'none';
  return (
    <div className={`tl-node tl-machine kind-${data.kind} state-${state}${selected ? ' selected' : ''}`} data-testid={`node-${data.id}`} data-state={state} data-kind={data.kind}>
      <Handle type="source" position={Position.Top} id="top" />
      <Handle type="source" position={Position.Bottom} id="bottom" />
      <Handle type="source" position={Position.Left} id="left" isConnectable={false} className="anchor" />
      <Handle type="source" position={Position.Right} id="right" isConnectable={false} className="anchor" />
      <Handle type="target" position={Position.Left} id="in-left" isConnectable={false} className="anchor" />
      <Handle type="target" position={Position.Right} id="in-right" isConnectable={false} className="anchor" />
      <div className="tl-node-head">
        <span className="tl-icon" aria-hidden>{KIND_ICON[data.kind]}</span>
        <span className="tl-title">{data.id}</span>
        <ProblemBadge errors={data.errors} warnings={data.warnings} />
      </div>
      <div className="tl-sub">
        <span className="tl-sub-text">{data.subtitle}</span>
        <LiveBadge live={data.live} />
      </div>
    </div>
  );
}

export const MachineNode = memo(MachineNodeView);

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { CanvasNode } from '../../canvas/mapping';
import { ProblemBadge } from './badges';
import { KIND_ICON, KIND_LABEL } from './kind-info';

/** A network: a wide bar that containers and routers attach to (top or bottom). */
function NetworkNodeView({ data, selected }: NodeProps<CanvasNode>) {
  return (
    <div className={`tl-node tl-network kind-${data.kind}${selected ? ' selected' : ''}`} data-testid={`node-${data.id}`} data-state="none" data-kind={data.kind}>
      <Handle type="target" position={Position.Top} id="top" />
      <Handle type="target" position={Position.Bottom} id="bottom" />
      <div className="tl-node-head">
        <span className="tl-icon" aria-hidden>{KIND_ICON[data.kind]}</span>
        <span className="tl-title">{data.id}</span>
        <span className="tl-kind">{KIND_LABEL[data.kind]}</span>
        <ProblemBadge errors={data.errors} warnings={data.warnings} />
      </div>
      <div className={`tl-sub${data.planned ? ' planned' : ''}`} title={data.planned ? 'Subnet planned by topolab' : undefined}>{data.subtitle}</div>
    </div>
  );
}

export const NetworkNode = memo(NetworkNodeView);

import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { CanvasNode } from '../../canvas/mapping';
import { ProblemBadge } from '../shared/badges';

/** A Docker host: a group box; networks and nodes dropped inside it belong to it. */
function HostNodeView({ data, selected }: NodeProps<CanvasNode>) {
  return (
    <div className={`tl-host${selected ? ' selected' : ''}`} data-testid={`node-${data.id}`} data-state="none" data-kind="host">
      <div className="tl-host-head">
        <span className="tl-icon" aria-hidden>H</span>
        <span className="tl-title">{data.id}</span>
        <span className="tl-kind">host · {data.subtitle}</span>
        <ProblemBadge errors={data.errors} warnings={data.warnings} />
      </div>
      {!data.members && <div className="tl-host-empty">Drop networks and containers here</div>}
    </div>
  );
}

export const HostNode = memo(HostNodeView);
export default HostNode;

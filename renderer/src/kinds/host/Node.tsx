import { NodeResizer, useReactFlow, type NodeProps, type OnResize, type OnResizeEnd, type OnResizeStart } from '@xyflow/react';
import { memo, useCallback, useRef } from 'react';
import { HOST_MIN, sizeOf, type CanvasKind, type CanvasNode } from '../../canvas/mapping';
import { holds, memberLimits, resizeLayout, type Box, type Member } from '../../canvas/host-resize';
import { resizeHost } from '../../store/actions';
import { labStore } from '../../store';
import { ProblemBadge } from '../shared/badges';

/** A Docker host: a group box; networks and nodes dropped inside it belong to it.
 *  Selected, it shows resize handles; a resize is one edit of `layout.<host>`. */
function HostNodeView({ id, data, selected }: NodeProps<CanvasNode>) {
  const rf = useReactFlow<CanvasNode>();
  // What the resize started from: members keep their place on screen, so they are read once.
  const start = useRef<{ box: Box; members: Member[]; limits?: Box }>(undefined);

  const onResizeStart = useCallback<OnResizeStart>(() => {
    const self = rf.getInternalNode(id);
    if (!self) return;
    const box = { ...self.internals.positionAbsolute, width: self.measured.width ?? self.width ?? HOST_MIN.width, height: self.measured.height ?? self.height ?? HOST_MIN.height };
    const members = rf.getNodes().filter((n) => n.parentId === id).map((n): Member => {
      const abs = rf.getInternalNode(n.id)?.internals.positionAbsolute ?? n.position;
      const size = sizeOf(n.type as CanvasKind);
      return { id: n.id, box: { x: abs.x, y: abs.y, width: n.measured?.width ?? size.width, height: n.measured?.height ?? size.height } };
    });
    start.current = { box, members, limits: memberLimits(box, members) };
  }, [id, rf]);

  const shouldResize = useCallback((_: unknown, p: Parameters<OnResize>[1]) => holds(p, start.current?.limits), []);

  const onResizeEnd = useCallback<OnResizeEnd>((_, p) => {
    const s = start.current;
    start.current = undefined;
    if (!s) return;
    resizeHost(labStore, id, resizeLayout(id, s.box, p, s.members));
  }, [id]);

  return (
    <div className={`tl-host${selected ? ' selected' : ''}`} data-testid={`node-${data.id}`} data-state="none" data-kind="host">
      <NodeResizer
        isVisible={!!selected} minWidth={HOST_MIN.width} minHeight={HOST_MIN.height}
        lineClassName="tl-host-resize-line" handleClassName="tl-host-resize-handle"
        onResizeStart={onResizeStart} shouldResize={shouldResize} onResizeEnd={onResizeEnd}
      />
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

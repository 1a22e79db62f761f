import { Handle, NodeResizer, Position, useReactFlow, type NodeProps, type OnResize, type OnResizeEnd, type OnResizeStart } from '@xyflow/react';
import { memo, useCallback, useRef } from 'react';
import { HOST_MIN, sizeOf, type CanvasKind, type CanvasNode } from '../../canvas/mapping';
import { holds, memberLimits, resizeLayout, type Box, type Member } from '../../canvas/host-resize';
import { resizeHost } from '../../store/actions';
import { labStore } from '../../store';
import { ProblemBadge } from '../shared/badges';
import { hostLiveView } from './live';

/** A Docker host: a group box; networks and nodes dropped inside it belong to it.
 *  Selected, it shows resize handles; a resize is one edit of `layout.<host>`.
 *  A virtual host has a port on each side: drag from one to a local bridge to give it an
 *  underlay interface (its "physical" link); it shows its deploy state. */
const SIDE = { top: Position.Top, bottom: Position.Bottom, left: Position.Left, right: Position.Right } as const;

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

  const virtual = data.hostKind === 'virtual';
  const live = hostLiveView(data.hostLive);
  return (
    <div className={`tl-host host-${data.hostKind ?? 'local'}${selected ? ' selected' : ''}`} data-testid={`node-${data.id}`} data-state={data.hostLive?.state ?? 'none'} data-kind="host" data-host-kind={data.hostKind}>
      {/* Ports: connectable on a virtual host; on others they only anchor links the file has (which validation rejects). */}
      {(['bottom', 'top', 'left', 'right'] as const).map((side) => (
        <Handle key={side} type="source" id={side} position={SIDE[side]} isConnectable={virtual} className={virtual ? 'host-port' : 'host-port anchor'} title={virtual ? 'Drag to a local bridge: an underlay interface of this host' : undefined} />
      ))}
      <NodeResizer
        isVisible={!!selected} minWidth={HOST_MIN.width} minHeight={HOST_MIN.height}
        lineClassName="tl-host-resize-line" handleClassName="tl-host-resize-handle"
        onResizeStart={onResizeStart} shouldResize={shouldResize} onResizeEnd={onResizeEnd}
      />
      <div className="tl-host-head">
        <span className="tl-icon" aria-hidden>H</span>
        <span className="tl-title">{data.id}</span>
        {/* a host named after its kind ("local") needs no badge saying it again */}
        {data.id !== data.hostKind && <span className={`host-badge host-badge-${data.hostKind ?? 'local'}`} data-testid="host-kind-badge">{data.hostKind ?? 'local'}</span>}
        {live && <span className={`live-badge live-${live.cls}`} title={live.detail} data-testid="host-live-badge">{live.label}</span>}
        <ProblemBadge errors={data.errors} warnings={data.warnings} />
      </div>
      {live?.failed && <div className="tl-host-message" data-testid="host-live-message" title={live.detail}>{live.detail}</div>}
      {!data.members && <div className="tl-host-empty">Drop networks and containers here</div>}
      {virtual && !data.underlays && <div className="tl-host-hint">No underlay yet: drag from a port on the edge to a bridge outside</div>}
    </div>
  );
}

export const HostNode = memo(HostNodeView);
export default HostNode;

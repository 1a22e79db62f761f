// The canvas: React Flow showing the document. Nodes and edges are computed from
// the document (mapping.ts); React Flow's own node list is only a view cache that
// carries measured sizes and positions during a drag. Every change is an edit.
import { Background, Controls, ReactFlow, getViewportForBounds, useReactFlow, useStore, useStoreApi, applyNodeChanges, type Connection, type FinalConnectionState, type NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { Position } from '../../../electron/lab/model/edit';
import { KIND_BY_NAME, nodeTypes } from '../kinds/registry';
import { underlayCandidates } from '../kinds/host/underlay';
import { addItem, connectHostTo, connectTo } from '../store/actions';
import { labStore, useLab } from '../store';
import { pathNodeIds } from '../trace/stations';
import { TraceOverlay } from '../trace/TraceOverlay';
import { autoLayoutWithProgress } from './auto-layout';
import { commitDrop, dropEdits } from './drop';
import { focusGroup } from './focus';
import { useKeepCentreOnResize } from './keep-centre';
import { edgeTypes } from './InterfaceEdge';
import { usePasteTarget } from './paste-target';
import { FarView } from './far/FarView';
import { LabMiniMap } from './LabMiniMap';
import { boundsOf, placeBoxes } from './far/scene';
import { useSelection } from './use-selection';
import { HOST_MIN, sizeOf, toFlow, unplaced, type CanvasEdge, type CanvasKind, type CanvasNode } from './mapping';
import { useDecoratedEdges, useTraceAttributes } from './use-decorated-edges';

export const DRAG_MIME = 'application/x-topolab-kind';
const NETWORK_KINDS = new Set<string>(['bridge', 'overlay', 'macvlan', 'ipvlan', 'host-network', 'none']);
const MACHINE_KINDS = new Set<string>(['container', 'router']);
/** Shift-click adds to the selection, as in most drawing tools (React Flow's default is Ctrl/Meta only). */
const MULTI_SELECT_KEYS = ['Shift', 'Control', 'Meta'];
/** Below this zoom, node text is under ~6 px: the canvas draws the simpler far view. */
export const FAR_ZOOM = 0.45;
const MIN_ZOOM = 0.1;
const MAX_ZOOM = 2.5;
const FIT_MAX_ZOOM = 1.2;
const FIT_PADDING = 0.2;
const NO_EDGES: CanvasEdge[] = [];
/** Labs up to this size keep every object mounted near (tests and tools find them all in
 *  the page); bigger ones mount what is on screen, which keeps panning them smooth. */
const MOUNT_ALL_UP_TO = 250;

export function Canvas() {
  const s = useLab((st) => ({
    document: st.document, addressing: st.addressing, live: st.liveNodes, liveHosts: st.liveHosts, diagnostics: st.diagnostics,
    selected: st.selected, selectedEdge: st.selectedEdge, autoPositions: st.autoPositions,
    focus: st.focus, theme: st.theme, loadSeq: st.loadSeq, layingOut: st.layingOut, traceOpen: st.traceOpen,
    consolesShown: st.consolesShown, nsHighlight: st.nsHighlight,
  }));
  const rf = useReactFlow();
  // A boolean selector: the canvas re-renders when the threshold is crossed, not per zoom step.
  const far = useStore((flow) => flow.transform[2] < FAR_ZOOM);
  const wrapper = useRef<HTMLDivElement>(null);
  usePasteTarget(wrapper); // Ctrl+V pastes under the mouse
  useKeepCentreOnResize();
  const mapped = useMemo(
    () => toFlow({ document: s.document, addressing: s.addressing, live: s.live, hosts: s.liveHosts, diagnostics: s.diagnostics, selected: s.selected, selectedEdge: s.selectedEdge, autoPositions: s.autoPositions }),
    [s.document, s.addressing, s.live, s.liveHosts, s.diagnostics, s.selected, s.selectedEdge, s.autoPositions],
  );
  const edges = useDecoratedEdges(mapped.edges);
  const traceAttributes = useTraceAttributes();
  const [nodes, setNodes] = useState<CanvasNode[]>(mapped.nodes);
  const dragging = useRef(new Set<string>());
  const dragKey = useRef(0);

  useEffect(() => {
    setNodes((prev) => {
      const byId = new Map(prev.map((n) => [n.id, n]));
      return mapped.nodes.map((n) => {
        const p = byId.get(n.id);
        if (!p) return n;
        return { ...n, measured: p.measured, position: dragging.current.has(n.id) ? p.position : n.position };
      });
    });
  }, [mapped.nodes]);

  // Files without positions: lay the missing ones out (view only, not saved).
  const missing = useMemo(() => unplaced(s.document).join(','), [s.document]);
  useEffect(() => {
    const doc = labStore.getState().document;
    if (!missing || !doc) return;
    const known = labStore.getState().autoPositions;
    if (missing.split(',').every((id) => known[id])) return;
    let cancelled = false;
    autoLayoutWithProgress(doc).then((positions) => {
      if (cancelled) return;
      labStore.getState().setAutoPositions(positions);
      requestAnimationFrame(() => rf.fitView({ padding: FIT_PADDING, duration: 200, includeHiddenNodes: true }));
    }).catch(() => undefined);
    return () => { cancelled = true; };
  }, [missing, rf]);

  // After a load, fit the view before anything is drawn: the zoom decides whether the
  // lab is drawn near (DOM nodes) or far (one canvas), and mounting 2000 nodes only to
  // hide them again would cost seconds. An empty lab is left alone.
  const rfRef = useRef(rf);
  rfRef.current = rf;
  const flowStore = useStoreApi();
  const mappedRef = useRef(mapped);
  mappedRef.current = mapped;
  useLayoutEffect(() => {
    const bounds = boundsOf(placeBoxes(mappedRef.current.nodes));
    const { width, height } = flowStore.getState();
    if (!bounds) return;
    if (width > 0 && height > 0) void rfRef.current.setViewport(getViewportForBounds(bounds, width, height, MIN_ZOOM, FIT_MAX_ZOOM, FIT_PADDING));
    else {
      // The pane has not been measured yet (first load at start-up): fit once it has.
      const t = setTimeout(() => void rfRef.current.fitView({ padding: FIT_PADDING, maxZoom: FIT_MAX_ZOOM, includeHiddenNodes: true }), 60);
      return () => clearTimeout(t);
    }
  }, [s.loadSeq, flowStore]);

  // A new trace: bring its whole path into view (the drawer took some of the height).
  const trace = useLab((st) => (st.traceOpen ? st.trace : undefined));
  useEffect(() => {
    if (!trace) return;
    const ids = pathNodeIds(labStore.getState().stations, trace);
    const t = setTimeout(() => rfRef.current.fitView({ nodes: ids.map((id) => ({ id })), padding: 0.25, maxZoom: 1.2, duration: 300, includeHiddenNodes: true }), 60);
    return () => clearTimeout(t);
  }, [trace]);

  // The consoles or trace drawer took some of the height: keep the whole lab in view
  // (the trace's path is fitted again once a trace arrives).
  const drawerOpen = s.consolesShown || s.traceOpen;
  useEffect(() => {
    if (!drawerOpen) return;
    const t = setTimeout(() => {
      if (rfRef.current.getNodes().length > 0) rfRef.current.fitView({ padding: FIT_PADDING, maxZoom: FIT_MAX_ZOOM, duration: 200, includeHiddenNodes: true });
    }, 60);
    return () => clearTimeout(t);
  }, [drawerOpen]);

  useEffect(() => {
    if (!s.focus) return;
    const doc = labStore.getState().document;
    const group = new Set(s.focus.ids.flatMap((id) => focusGroup(doc, id)));
    rf.fitView({ nodes: [...group].map((id) => ({ id })), duration: 300, maxZoom: 1.2, padding: 0.25, includeHiddenNodes: true });
  }, [s.focus, rf]);

  // The Inspector's hovered namespace: its sharers get a class (view only, not React Flow state).
  const shown = useMemo(() => {
    if (s.nsHighlight.length === 0) return nodes;
    const lit = new Set(s.nsHighlight);
    return nodes.map((n) => (lit.has(n.id) ? { ...n, className: 'ns-highlight' } : n));
  }, [nodes, s.nsHighlight]);
  // Far out, React Flow keeps the nodes (fit view, the minimap, the trace rings read
  // them) but mounts none of them: the far view draws them all in one canvas.
  const flowNodes = useMemo(() => (far ? shown.map((n) => ({ ...n, hidden: true })) : shown), [far, shown]);

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    // Removal goes through the Delete shortcut (one edit); everything else is view state.
    setNodes((nds) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), nds));
  }, []);

  const { onSelectionChange, onPaneClick, onPointerDownCapture, onSelectionEnd } = useSelection(far, shown);

  const onNodeDragStart = useCallback((_: unknown, _node: CanvasNode, dragged: CanvasNode[]) => {
    dragKey.current++;
    dragging.current = new Set(dragged.map((n) => n.id));
  }, []);

  const onNodeDragStop = useCallback((_: unknown, _node: CanvasNode, dragged: CanvasNode[]) => {
    const hosts = rf.getNodes().filter((n) => n.type === 'host').map((h) => ({ id: h.id, ...h.position, width: h.width ?? 0, height: h.height ?? 0 }));
    const items = dragged.map((n) => ({
      id: n.id, kind: n.type as CanvasKind, parentId: n.parentId, position: n.position,
      absolute: rf.getInternalNode(n.id)?.internals.positionAbsolute ?? n.position,
    }));
    commitDrop(dropEdits(items, hosts, dragging.current), `drag:${dragKey.current}`);
    dragging.current = new Set();
  }, [rf]);

  // Double-click a container or router: a shell in it (the consoles drawer opens).
  const onNodeDoubleClick = useCallback((_: unknown, node: CanvasNode) => {
    if (MACHINE_KINDS.has(node.type ?? '')) labStore.getState().openConsole(node.id);
  }, []);

  // From a machine to a network it is not on yet; from a virtual host's box to a local
  // bridge it has no interface on yet (its underlay).
  const isValidConnection = useCallback((c: Connection | { source: string; target: string }) => {
    const doc = labStore.getState().document;
    if (doc?.hosts?.some((h) => h.id === c.source)) return underlayCandidates(doc, c.source).includes(c.target);
    const node = doc?.nodes?.find((n) => n.id === c.source);
    const net = doc?.networks?.find((n) => n.id === c.target);
    return !!node && !!net && !(node.interfaces ?? []).some((i) => i.network === net.id);
  }, []);

  const onConnect = useCallback((c: Connection) => {
    const { source, target } = c;
    const types = new Map(rf.getNodes().map((n) => [n.id, n.type]));
    if (MACHINE_KINDS.has(types.get(source) ?? '') && NETWORK_KINDS.has(types.get(target) ?? '')) connectTo(labStore, source, target);
    else if (types.get(source) === 'host' && underlayCandidates(labStore.getState().document, source).includes(target)) connectHostTo(labStore, source, target);
  }, [rf]);

  // Dropping a connection anywhere on a network counts, not only on its small handle:
  // that is what people try first.
  const onConnectEnd = useCallback((event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid || !state.fromNode) return;
    const point = 'changedTouches' in event ? event.changedTouches[0] : event;
    const element = document.elementFromPoint(point.clientX, point.clientY)?.closest('.react-flow__node');
    const target = element?.getAttribute('data-id');
    if (!target) return;
    const connection = { source: state.fromNode.id, target };
    if (isValidConnection(connection)) onConnect({ ...connection, sourceHandle: null, targetHandle: null });
  }, [isValidConnection, onConnect]);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DRAG_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback((e: DragEvent) => {
    const kind = e.dataTransfer.getData(DRAG_MIME) as CanvasKind;
    const def = KIND_BY_NAME[kind];
    if (!def) return;
    e.preventDefault();
    const point = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    const size = kind === 'host' ? HOST_MIN : sizeOf(kind); // a new host is drawn at its minimum size
    let at: Position = { x: point.x - size.width / 2, y: point.y - size.height / 2 };
    const value = def.defaults(labStore.getState().document);
    if (kind !== 'host') {
      const host = rf.getNodes().find((h) => h.type === 'host' && point.x >= h.position.x && point.y >= h.position.y && point.x <= h.position.x + (h.width ?? 0) && point.y <= h.position.y + (h.height ?? 0));
      if (host && kind !== 'overlay') {
        value.host = host.id;
        at = { x: Math.max(8, at.x - host.position.x), y: Math.max(40, at.y - host.position.y) };
      }
    }
    addItem(labStore, { section: def.section, value }, at, def.idBase);
  }, [rf]);

  return (
    // Focusable (tabIndex -1) so a terminal can hand the keyboard back to it (Escape).
    <div className={far ? 'canvas far' : 'canvas'} ref={wrapper} tabIndex={-1} onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas" onPointerDownCapture={onPointerDownCapture} {...traceAttributes}>
      <ReactFlow<CanvasNode>
        nodes={flowNodes}
        edges={far ? NO_EDGES : edges}
        // Near, a big lab mounts only what is on screen; far, nothing (see FarView).
        onlyRenderVisibleElements={shown.length > MOUNT_ALL_UP_TO}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onSelectionChange={onSelectionChange}
        onPaneClick={onPaneClick}
        onSelectionEnd={onSelectionEnd}
        onNodeDragStart={onNodeDragStart}
        onNodeDragStop={onNodeDragStop}
        onNodeDoubleClick={onNodeDoubleClick}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        deleteKeyCode={null}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        colorMode={s.theme}
        minZoom={MIN_ZOOM}
        maxZoom={MAX_ZOOM}
        snapToGrid
        snapGrid={[10, 10]}
        proOptions={{ hideAttribution: true }}
        defaultEdgeOptions={{ interactionWidth: 16 }}
      >
        <Background gap={20} />
        {/* With a drawer open the canvas is short: the minimap would hide the path or the nodes. */}
        {!s.traceOpen && !s.consolesShown && <LabMiniMap nodes={shown} theme={s.theme} minZoom={MIN_ZOOM} maxZoom={MAX_ZOOM} />}
        <Controls showInteractive={false} fitViewOptions={{ padding: 0.2, includeHiddenNodes: true }} />
        {far && <FarView nodes={shown} edges={edges} theme={s.theme} />}
        <TraceOverlay />
      </ReactFlow>
      {s.layingOut > 0 && (
        <div className="canvas-busy" role="status" data-testid="laying-out"><span className="spinner" aria-hidden />Laying out {s.layingOut} objects…</div>
      )}
      {(s.document?.nodes?.length ?? 0) + (s.document?.networks?.length ?? 0) + (s.document?.hosts?.length ?? 0) === 0 && (
        <div className="canvas-empty">Drag a network and some containers from the palette to start.</div>
      )}
    </div>
  );
}

// The canvas's selection → the store. Near, React Flow reports it. Far out it shows no
// nodes, so its idea of the selection is empty and is ignored: the far view selects by
// click itself, and a Shift-drag box selects what lies inside the box.
import { useReactFlow, type OnSelectionChangeParams } from '@xyflow/react';
import { useCallback, useRef, type MouseEvent as ReactMouseEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { labStore } from '../store';
import { boxesInside, placeBoxes } from './far/scene';
import type { CanvasNode } from './mapping';

export function useSelection(far: boolean, nodes: CanvasNode[]) {
  const rf = useReactFlow();
  const farRef = useRef(far);
  farRef.current = far;
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;

  const onSelectionChange = useCallback(({ nodes: sel, edges: selEdges }: OnSelectionChangeParams) => {
    if (farRef.current) return;
    labStore.getState().select(sel.map((n) => n.id), sel.length === 0 ? selEdges[0]?.id : undefined);
  }, []);

  // A click on the bare pane (beyond the far view's picture) clears the selection.
  const onPaneClick = useCallback(() => {
    if (farRef.current) labStore.getState().select([]);
  }, []);

  // Where the last press was, in flow coordinates: a box selection starts there (React
  // Flow reports its start only once the pointer has moved, and may auto-pan meanwhile).
  const pressedAt = useRef<{ x: number; y: number }>(undefined);
  const onPointerDownCapture = useCallback((e: ReactPointerEvent) => {
    pressedAt.current = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY }, { snapToGrid: false });
  }, [rf]);

  const onSelectionEnd = useCallback((e: ReactMouseEvent) => {
    const a = pressedAt.current;
    if (!farRef.current || !a) return;
    const b = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY }, { snapToGrid: false });
    const rect = { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
    labStore.getState().select(boxesInside(placeBoxes(nodesRef.current), rect).map((box) => box.id));
  }, [rf]);

  return { onSelectionChange, onPaneClick, onPointerDownCapture, onSelectionEnd };
}

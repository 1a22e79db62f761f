// Where Ctrl+V puts copies: under the mouse when it is over the canvas, else at the
// viewport centre; into the host box under that point. The shortcut handler lives
// outside React Flow's provider, so the canvas registers this lookup for it.
import { useReactFlow } from '@xyflow/react';
import { useEffect, type RefObject } from 'react';
import type { PasteTarget } from '../store/actions';
import type { CanvasNode } from './mapping';

let provider: (() => PasteTarget | undefined) | undefined;

/** The current paste target, or undefined when no canvas is shown. */
export function pasteTarget(): PasteTarget | undefined {
  return provider?.();
}

/** Tracks the pointer over the canvas element and answers `pasteTarget()`. */
export function usePasteTarget(wrapper: RefObject<HTMLElement | null>): void {
  const rf = useReactFlow<CanvasNode>();
  useEffect(() => {
    const el = wrapper.current;
    if (!el) return;
    let pointer: { x: number; y: number } | undefined;
    const onMove = (e: PointerEvent) => { pointer = { x: e.clientX, y: e.clientY }; };
    const onLeave = () => { pointer = undefined; };
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerleave', onLeave);
    const lookup = (): PasteTarget => {
      const r = el.getBoundingClientRect();
      const point = rf.screenToFlowPosition(pointer ?? { x: r.left + r.width / 2, y: r.top + r.height / 2 });
      const host = rf.getNodes().filter((n) => n.type === 'host').reverse().find((h) => {
        const w = h.measured?.width ?? h.width ?? 0;
        const ht = h.measured?.height ?? h.height ?? 0;
        return point.x >= h.position.x && point.y >= h.position.y && point.x <= h.position.x + w && point.y <= h.position.y + ht;
      });
      return { point, host: host ? { id: host.id, position: host.position } : undefined };
    };
    provider = lookup;
    return () => {
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerleave', onLeave);
      if (provider === lookup) provider = undefined;
    };
  }, [wrapper, rf]);
}

// When the pane changes size (the sidebar widens for the Inspector or a guide, the
// window is resized), keep what was in the middle of the canvas in the middle. React
// Flow keeps the top-left corner fixed, so a widening sidebar would slide the right
// part of the lab out of sight.
import { useReactFlow, useStore } from '@xyflow/react';
import { useEffect, useRef } from 'react';

export function useKeepCentreOnResize(): void {
  const rf = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const last = useRef({ width, height });
  useEffect(() => {
    const before = last.current;
    last.current = { width, height };
    // The first measurement is not a resize; a load fits the view by itself.
    if (before.width === 0 || before.height === 0 || (before.width === width && before.height === height)) return;
    const { x, y, zoom } = rf.getViewport();
    void rf.setViewport({ x: x + (width - before.width) / 2, y: y + (height - before.height) / 2, zoom });
  }, [rf, width, height]);
}

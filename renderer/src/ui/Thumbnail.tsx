import { useMemo } from 'react';
import { parseLab } from '../../../electron/lab/model/parse';
import { sizeOf, toFlow } from '../canvas/mapping';

/** A small drawing of a lab from its text (written layout, else a grid). */
export function Thumbnail({ text }: { text?: string }) {
  const flow = useMemo(() => {
    if (!text) return undefined;
    const parsed = parseLab(text);
    return parsed.ok ? toFlow({ document: parsed.document }) : undefined;
  }, [text]);
  if (!flow || flow.nodes.length === 0) return <div className="thumb thumb-empty" />;
  const pos = new Map(flow.nodes.map((n) => [n.id, n.position]));
  const boxes = flow.nodes.map((n) => ({ ...n.position, ...(n.type === 'host' ? { width: n.width ?? 0, height: n.height ?? 0 } : sizeOf(n.type!)), type: n.type!, id: n.id }));
  const minX = Math.min(...boxes.map((b) => b.x)) - 20;
  const minY = Math.min(...boxes.map((b) => b.y)) - 20;
  const maxX = Math.max(...boxes.map((b) => b.x + b.width)) + 20;
  const maxY = Math.max(...boxes.map((b) => b.y + b.height)) + 20;
  const center = (id: string) => {
    const b = boxes.find((x) => x.id === id)!;
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  };
  return (
    <svg className="thumb" viewBox={`${minX} ${minY} ${maxX - minX} ${maxY - minY}`} preserveAspectRatio="xMidYMid meet" aria-hidden>
      {flow.edges.map((e) => {
        if (!pos.has(e.source) || !pos.has(e.target)) return null;
        const a = center(e.source);
        const b = center(e.target);
        return <line key={e.id} x1={a.x} y1={a.y} x2={b.x} y2={b.y} className="thumb-edge" />;
      })}
      {boxes.map((b) => <rect key={b.id} x={b.x} y={b.y} width={b.width} height={b.height} rx={8} className={`thumb-${b.type}`} />)}
    </svg>
  );
}

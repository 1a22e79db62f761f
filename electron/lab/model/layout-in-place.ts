// Moving objects on the canvas without re-reading the file (pure). A drag ends in a
// layout edit; done through the YAML document it costs two parses and two renderings
// of the whole file (half a second at 500 objects), although all that changes is a
// number or two on one line per object. When every moved object already has its own
// one-line entry (`  id: {x: 10, y: 20}`, as topolab writes them), those lines are
// rewritten in place: same result as applyEdits(text, setLayout(text, positions)),
// no line added or removed, so every other line and line number stays put.
import { roundPixel, type Position } from './edit';

const LAYOUT_KEY = /^layout:[ \t]*(#.*)?\r?$/;
/** indent, key (plain or quoted), the colon and spaces, the flow map's inside, and what follows it */
const ENTRY = /^([ \t]+)("[^"]*"|'[^']*'|[^\s:#{}[\],'"][^:#{}[\],]*?)(:[ \t]*)\{([^{}]*)\}([ \t]*(?:#.*)?\r?)$/;
const FIELD = /^\s*(x|y|width|height):\s*(-?\d+)\s*$/;

function unquote(key: string): string {
  return (key.startsWith('"') && key.endsWith('"')) || (key.startsWith("'") && key.endsWith("'")) ? key.slice(1, -1) : key;
}

/** The rounded fields of a position, in the order the entry already has them; undefined if they differ. */
function rewrite(inside: string, at: Position): string | undefined {
  const parts = inside.split(',');
  const fields = parts.map((p) => FIELD.exec(p));
  if (fields.some((f) => !f)) return undefined;
  const keys = fields.map((f) => f![1]);
  const wanted: Record<string, number> = { x: roundPixel(at.x), y: roundPixel(at.y) };
  if (at.width !== undefined) wanted.width = roundPixel(at.width);
  if (at.height !== undefined) wanted.height = roundPixel(at.height);
  // a key to add (or one the edit would keep that the line lacks) needs the full path
  if (Object.keys(wanted).some((k) => !keys.includes(k))) return undefined;
  return parts.map((part, i) => {
    const key = keys[i];
    if (!(key in wanted)) return part;
    return part.replace(/-?\d+(\s*)$/, `${wanted[key]}$1`);
  }).join(',');
}

/** The text with the positions written into their existing layout lines, or undefined when that is not possible. */
export function moveInPlace(text: string, positions: Record<string, Position>): string | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => LAYOUT_KEY.test(l));
  if (start < 0) return undefined;
  const lineOf = new Map<string, number>();
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    if (!/^[ \t]/.test(line)) break; // the next top-level key: the layout block ended
    const m = ENTRY.exec(line);
    if (m) {
      const id = unquote(m[2].trim());
      if (lineOf.has(id)) return undefined; // a duplicate key: let the YAML path report it
      lineOf.set(id, i);
    }
  }
  for (const [id, at] of Object.entries(positions)) {
    const index = lineOf.get(id);
    if (index === undefined) return undefined;
    const m = ENTRY.exec(lines[index])!;
    const inside = rewrite(m[4], at);
    if (inside === undefined) return undefined;
    lines[index] = `${m[1]}${m[2]}${m[3]}{${inside}}${m[5]}`;
  }
  return lines.join('\n');
}

// Draws a far-view scene into a 2D canvas context: links as one batched path per
// style, then boxes in the colours the near view uses (the theme's CSS variables),
// so crossing the zoom threshold changes detail, not colours.
import type { CanvasKind } from '../mapping';
import type { Rect, Scene, SceneBox } from './scene';

export interface Palette {
  kind: Record<CanvasKind, string>;
  /** A node's fill far out: its kind colour mixed into the node background. */
  fill: Record<CanvasKind, string>;
  node: string;
  border: string;
  edge: string;
  accent: string;
  error: string;
  warning: string;
  state: Record<string, string>;
  hostFill: string;
  /** The minimap's veil over what the viewport does not show. */
  mask: string;
}

const KIND_VARIABLE: Record<CanvasKind, string> = {
  bridge: '--net-bridge', overlay: '--net-overlay', macvlan: '--net-macvlan', ipvlan: '--net-ipvlan',
  'host-network': '--net-host', none: '--net-none', container: '--machine', router: '--router', host: '--host-border',
};

type LinkStyle = 'interface' | 'share' | 'underlay' | 'selected' | 'trace' | 'current';
const LINK_ORDER: readonly LinkStyle[] = ['interface', 'share', 'underlay', 'selected', 'trace', 'current'];
/** Screen pixels. */
const BASE_WIDTH: Record<LinkStyle, number> = { interface: 1, share: 1, underlay: 2, selected: 2, trace: 2, current: 3 };

/** How much of the kind colour a far node's fill takes (as `.canvas.far .tl-node` did). */
const FILL_SHARE = 0.28;

/** The theme's colours, read from the CSS variables in force on an element. */
export function readPalette(element: Element): Palette {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const node = read('--node', '#ffffff');
  const kind = Object.fromEntries(Object.entries(KIND_VARIABLE).map(([k, v]) => [k, read(v, '#888888')])) as Record<CanvasKind, string>;
  const fill = Object.fromEntries(Object.entries(kind).map(([k, c]) => [k, mix(c, node, FILL_SHARE)])) as Record<CanvasKind, string>;
  return {
    kind, fill, node,
    border: read('--border-strong', '#b9c0cc'), edge: read('--edge', '#8b95a7'), accent: read('--accent', '#2f6fdf'),
    error: read('--error', '#d64545'), warning: read('--warning', '#c98a12'),
    state: {
      running: read('--running', '#1f9d55'), created: read('--created', '#2f6fdf'), exited: read('--exited', '#7b8494'),
      paused: read('--exited', '#7b8494'), restarting: read('--warning', '#c98a12'), error: read('--error', '#d64545'), dead: read('--error', '#d64545'),
    },
    hostFill: mix(kind.host, read('--bg', '#f4f5f7'), 0.12),
    mask: withAlpha(read('--panel', '#ffffff'), 0.5),
  };
}

/** `share` of colour a over colour b, both #rrggbb (anything else: a). */
export function mix(a: string, b: string, share: number): string {
  const pa = parseHex(a);
  const pb = parseHex(b);
  if (!pa || !pb) return a;
  const c = pa.map((v, i) => Math.round(v * share + pb[i] * (1 - share)));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** #rrggbb or #rgb at an opacity, as rgba(); anything else unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const rgb = parseHex(color);
  return rgb ? `rgba(${rgb.join(', ')}, ${alpha})` : color;
}

function parseHex(color: string): [number, number, number] | undefined {
  const m = /^#([0-9a-f]{6})$/i.exec(color) ?? /^#([0-9a-f]{3})$/i.exec(color);
  if (!m) return undefined;
  const hex = m[1].length === 3 ? m[1].replace(/./g, (d) => d + d) : m[1];
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/**
 * Paints `scene` so that flow point (view.x, view.y) lands on the canvas's top-left
 * pixel, `scale` canvas pixels per flow unit. Line widths are given in screen pixels
 * (`screenPixel` canvas pixels each), so they stay hairlines however far out.
 */
export function paintScene(ctx: CanvasRenderingContext2D, scene: Scene, palette: Palette, view: Rect, scale: number, screenPixel: number, detail: 'far' | 'mini' = 'far'): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(scale, 0, 0, scale, -view.x * scale, -view.y * scale);
  const px = screenPixel / scale; // one screen pixel, in flow units

  // Hosts under everything.
  for (const b of scene.boxes) if (b.kind === 'host') paintHost(ctx, b, palette, px);

  // Links: one path per style and width, stroked once (thousands of curves cost one
  // draw call per batch). A link carrying traffic is as wide as near, so the load reads.
  const batches = new Map<string, { style: LinkStyle; path: Path2D; width: number; color: string; dash?: number[] }>();
  for (const link of scene.links) {
    const style: LinkStyle = link.trace === 'current' ? 'current' : link.trace ? 'trace' : link.selected ? 'selected' : link.kind;
    const width = Math.max(BASE_WIDTH[style], link.load ?? 0);
    const key = `${style}@${width}`;
    let batch = batches.get(key);
    if (!batch) {
      batch = {
        style, path: new Path2D(), width,
        color: style === 'current' || style === 'trace' || style === 'selected' ? palette.accent : palette.edge,
        ...(style === 'share' ? { dash: [6 * px, 4 * px] } : {}),
      };
      batches.set(key, batch);
    }
    batch.path.addPath(new Path2D(link.path));
  }
  // Emphasised styles last, on top of the plain ones; within a style, thin under thick.
  const ordered = [...batches.values()].sort((a, b) => LINK_ORDER.indexOf(a.style) - LINK_ORDER.indexOf(b.style) || a.width - b.width);
  for (const batch of ordered) {
    ctx.lineWidth = batch.width * px;
    ctx.strokeStyle = batch.color;
    ctx.setLineDash(batch.dash ?? []);
    ctx.stroke(batch.path);
  }
  ctx.setLineDash([]);

  for (const b of scene.boxes) if (b.kind !== 'host') (detail === 'mini' ? paintSpeck : paintItem)(ctx, b, palette, px);
}

/** In the minimap a node is a few pixels: its kind colour, outlined only when selected. */
function paintSpeck(ctx: CanvasRenderingContext2D, b: SceneBox, palette: Palette, px: number): void {
  ctx.fillStyle = b.errors ? palette.error : palette.kind[b.kind];
  ctx.fillRect(b.x, b.y, b.width, b.height);
  if (!b.selected) return;
  ctx.lineWidth = 2 * px;
  ctx.strokeStyle = palette.accent;
  ctx.strokeRect(b.x, b.y, b.width, b.height);
}

function paintHost(ctx: CanvasRenderingContext2D, b: SceneBox, palette: Palette, px: number): void {
  ctx.fillStyle = palette.hostFill;
  ctx.fillRect(b.x, b.y, b.width, b.height);
  ctx.lineWidth = (b.selected ? 3 : 2) * px;
  ctx.strokeStyle = b.selected ? palette.accent : b.errors ? palette.error : b.state ? palette.state[b.state] ?? palette.kind.host : palette.kind.host;
  ctx.strokeRect(b.x, b.y, b.width, b.height);
}

function paintItem(ctx: CanvasRenderingContext2D, b: SceneBox, palette: Palette, px: number): void {
  ctx.fillStyle = palette.fill[b.kind];
  ctx.fillRect(b.x, b.y, b.width, b.height);
  // The kind's stripe, as near: networks on the left, machines on top.
  ctx.fillStyle = palette.kind[b.kind];
  if (b.kind === 'container' || b.kind === 'router') ctx.fillRect(b.x, b.y, b.width, Math.max(3, 2 * px));
  else ctx.fillRect(b.x, b.y, Math.max(5, 2 * px), b.height);
  // The outline says what matters most: selected, broken, then the engine's state.
  const outline = b.selected ? palette.accent : b.errors ? palette.error : b.warnings ? palette.warning : b.state ? palette.state[b.state] : undefined;
  ctx.lineWidth = (outline ? (b.selected ? 3 : 2) : 1) * px;
  ctx.strokeStyle = outline ?? palette.border;
  ctx.strokeRect(b.x, b.y, b.width, b.height);
}

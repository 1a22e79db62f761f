/// <reference lib="dom" />
// Driving the canvas in a Chromium page for bench/ui.ts: open the app, load a lab and
// wait until it is painted, pan and drag at mouse rate while timing frames, find a node
// near the middle, zoom in to it. What to measure and report stays in ui.ts.
import type { Browser, Page } from 'playwright-core';
import type { UiLab } from './ui-labs';

export const SECONDS = Number(process.env.BENCH_UI_SECONDS ?? 3);
/** Extra CSS for experiments (what does the paint cost come from?). */
const EXTRA_CSS = process.env.BENCH_UI_CSS ?? '';
export const VIEWPORT = { width: 1600, height: 1000 };
/** A mouse reports every 8 ms (125 Hz); Chromium coalesces moves to frames as usual. */
export const MOUSE_INTERVAL_MS = 8;

export interface Motion { frames: number; fps: number; p50FrameMs: number; p95FrameMs: number; maxFrameMs: number; longFrames: number; longTaskMs: number; moved: boolean }

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export function withTimeout<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1, colorScheme: 'light' });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  // tsx compiles the functions handed to page.evaluate with esbuild's keepNames.
  await page.addInitScript('window.__name = (f) => f;');
  if (EXTRA_CSS) await page.addInitScript(`addEventListener('DOMContentLoaded', () => { const s = document.createElement('style'); s.textContent = ${JSON.stringify(EXTRA_CSS)}; document.head.append(s); });`);
  await page.goto(url);
  await page.waitForFunction(() => !!(window as unknown as { __topolab?: unknown }).__topolab && !!document.querySelector('.react-flow__pane'));
  // Frame and long-task recorders, started and stopped around each motion.
  await page.evaluate(() => {
    const w = window as unknown as { __bench: { frames: number[]; on: boolean; longTasks: number } };
    w.__bench = { frames: [], on: false, longTasks: 0 };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (w.__bench.on) w.__bench.longTasks += e.duration;
    }).observe({ type: 'longtask', buffered: false });
  });
  return page;
}

/** load() the lab, wait until every node and edge is in the DOM, then for the paint. */
export async function loadLab(page: Page, lab: UiLab, path: string): Promise<{ total: number; call: number; nodes: number; edges: number }> {
  return withTimeout(150_000, 'loading the lab', page.evaluate(({ text, path, objects, edges }) => new Promise<{ total: number; call: number; nodes: number; edges: number }>((done, fail) => {
    const store = (window as unknown as { __topolab: { getState(): { load(text: string, path?: string): void } } }).__topolab;
    requestAnimationFrame(() => {
      const t0 = performance.now();
      store.getState().load(text, path);
      const call = performance.now() - t0;
      const check = () => {
        // Near, every object is a DOM node; far (where these labs fit), one canvas painted them all.
        const painted = Number(document.querySelector<HTMLElement>('[data-testid=far-view]')?.dataset.painted ?? 0);
        const n = Math.max(document.querySelectorAll('.react-flow__node').length, painted);
        const e = painted >= objects ? edges : document.querySelectorAll('.react-flow__edge').length;
        if (n >= objects && e >= edges) {
          // In a rAF callback: this frame paints next; a task queued now runs after it.
          setTimeout(() => done({ total: performance.now() - t0, call, nodes: n, edges: e }), 0);
        } else if (performance.now() - t0 > 120_000) fail(new Error(`not rendered in 120 s: ${n}/${objects} nodes, ${e}/${edges} edges`));
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  }), { text: lab.yaml, path, objects: lab.objects, edges: lab.edges }));
}

/** Lets the post-load fitView (60 ms) and any transition settle. */
export async function settle(page: Page): Promise<void> {
  await sleep(400);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function startFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const b = (window as unknown as { __bench: { frames: number[]; on: boolean; longTasks: number } }).__bench;
    b.frames = [];
    b.longTasks = 0;
    b.on = true;
    const loop = (t: number) => {
      b.frames.push(t);
      if (b.on) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
}

async function stopFrames(page: Page): Promise<{ frames: number[]; longTasks: number }> {
  return page.evaluate(() => {
    const b = (window as unknown as { __bench: { frames: number[]; on: boolean; longTasks: number } }).__bench;
    b.on = false;
    return { frames: b.frames, longTasks: b.longTasks };
  });
}

function motion(frames: number[], longTaskMs: number, moved: boolean): Motion {
  const deltas = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
  const span = frames[frames.length - 1] - frames[0];
  const pct = (p: number) => deltas[Math.min(deltas.length - 1, Math.floor(p * deltas.length))] ?? 0;
  return {
    frames: frames.length, fps: round(deltas.length / (span / 1000)),
    p50FrameMs: round(pct(0.5)), p95FrameMs: round(pct(0.95)), maxFrameMs: round(deltas[deltas.length - 1] ?? 0),
    longFrames: deltas.filter((d) => d > 50).length, longTaskMs: Math.round(longTaskMs), moved,
  };
}

/** Moves the pressed mouse in a circle around (x, y) for SECONDS, at mouse rate. */
async function circle(page: Page, x: number, y: number, radius: number): Promise<void> {
  const start = Date.now();
  let next = start;
  while (Date.now() - start < SECONDS * 1000) {
    const a = ((Date.now() - start) / 1000) * Math.PI * 2 * 0.7; // 0.7 turns a second
    await page.mouse.move(x + radius * Math.sin(a), y + radius * (1 - Math.cos(a)));
    next += MOUSE_INTERVAL_MS;
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait);
    else next = Date.now();
  }
}

const viewportTransform = (page: Page) => page.evaluate(() => document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '');

/** Pan: press on empty canvas (the pane) and drag it around. */
export async function pan(page: Page): Promise<Motion> {
  const spot = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
    const cx = pane.left + pane.width / 2;
    const cy = pane.top + pane.height / 2;
    // Rings outward from the middle: the first point on bare pane wins.
    for (let r = 0; r < Math.min(pane.width, pane.height) / 2 - 40; r += 6) {
      for (let i = 0; i < 8 + r / 2; i++) {
        const a = (i / (8 + r / 2)) * Math.PI * 2;
        const x = cx + r * Math.cos(a);
        const y = cy + r * Math.sin(a);
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      }
    }
    return undefined;
  });
  if (!spot) throw new Error('no empty spot on the canvas to pan from');
  const before = await viewportTransform(page);
  await page.mouse.move(spot.x, spot.y);
  await startFrames(page);
  await page.mouse.down();
  await circle(page, spot.x, spot.y, 150);
  await page.mouse.up();
  const { frames, longTasks } = await stopFrames(page);
  const after = await viewportTransform(page);
  return motion(frames, longTasks, before !== after);
}

/** The node nearest the middle of the canvas (a third down), and where to press on it. */
export async function nodeNearMiddle(page: Page): Promise<{ id: string; x: number; y: number }> {
  const target = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
    const cx = pane.left + pane.width / 2;
    const cy = pane.top + pane.height / 3;
    let best: { id: string; x: number; y: number; d: number } | undefined;
    const consider = (id: string, x: number, y: number, hits: (el: Element | null) => boolean) => {
      if (x < pane.left || x > pane.right || y < pane.top || y > pane.bottom) return;
      if (!hits(document.elementFromPoint(x, y))) return;
      const d = Math.hypot(x - cx, y - cy);
      if (!best || d < best.d) best = { id, x, y, d };
    };
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.react-flow__node'))) {
      const r = el.getBoundingClientRect();
      // the title row, clear of the top and bottom handles
      consider(el.dataset.id!, r.left + r.width / 2, r.top + r.height * 0.4, (hit) => el.contains(hit));
    }
    // Far out the nodes are drawn in one canvas: aim at a node's middle from the layout
    // (these labs have no hosts, so layout positions are absolute) and the viewport transform.
    const far = document.querySelector('[data-testid=far-view]');
    if (far) {
      const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([\d.]+)\)/.exec(document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform);
      const layout = (window as unknown as { __topolab: { getState(): { document?: { layout?: Record<string, { x: number; y: number }> } } } }).__topolab.getState().document?.layout ?? {};
      if (m) {
        const [tx, ty, z] = [Number(m[1]), Number(m[2]), Number(m[3])];
        for (const [id, p] of Object.entries(layout)) consider(id, pane.left + tx + (p.x + 80) * z, pane.top + ty + (p.y + 28) * z, (hit) => hit === far);
      }
    }
    return best as { id: string; x: number; y: number; d: number } | undefined;
  });
  if (!target) throw new Error('no node near the middle of the canvas');
  return target;
}

/** Far out, double-click the node near the middle: the canvas zooms in to it (zoom 1). */
export async function zoomInToNode(page: Page): Promise<void> {
  const target = await nodeNearMiddle(page);
  await page.mouse.dblclick(target.x, target.y);
  await page.waitForFunction(() => / scale\(1\)$/.test(document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? ''));
  await settle(page);
}

/** Drag the node nearest the middle of the canvas around, then drop it. */
export async function dragNode(page: Page): Promise<{ motion: Motion; dropMs: number }> {
  const target = await nodeNearMiddle(page);
  const layoutOf = () => page.evaluate((id) => JSON.stringify((window as unknown as { __topolab: { getState(): { document?: { layout?: Record<string, unknown> } } } }).__topolab.getState().document?.layout?.[id]), target.id);
  const before = await layoutOf();
  await page.mouse.move(target.x, target.y);
  await startFrames(page);
  await page.mouse.down();
  await circle(page, target.x, target.y, 120);
  const { frames, longTasks } = await stopFrames(page);
  // The drop: pointer up → the edit (YAML rewritten, re-parsed) → next painted frame.
  await page.evaluate(() => {
    const b = (window as unknown as { __bench: { drop?: Promise<number> } }).__bench;
    b.drop = new Promise((done) => {
      window.addEventListener('pointerup', () => {
        const t0 = performance.now();
        requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
      }, { capture: true, once: true });
    });
  });
  await page.mouse.up();
  const dropMs = await withTimeout(60_000, 'the drop', page.evaluate(() => (window as unknown as { __bench: { drop: Promise<number> } }).__bench.drop));
  const after = await layoutOf();
  return { motion: motion(frames, longTasks, before !== after), dropMs: round(dropMs) };
}

/// <reference lib="dom" />
// npm run bench:ui: the canvas with generated labs of 100, 500 and 2000 objects
// (1.6 interface edges per object, see ui-labs.ts) in Debian's Chromium, headless.
// Per size: time from load() to the first painted frame showing every object (DOM
// nodes near; the far view's one canvas when the fitted zoom is far out, as it is for
// these labs) = first interactive canvas; frames per second and p95 frame time while
// panning and while dragging one node (~3 s each, requestAnimationFrame timing) at the
// fitted zoom and again at zoom 1 (double-click on a node); the time from dropping the
// node to the next painted frame (one edit: the YAML is rewritten and re-parsed); and,
// for the same labs without a layout section, how long the elkjs auto-layout takes. Builds the renderer, serves it with the web bridge
// (no engine needed). Writes bench/results/ui.json and a screenshot per size to
// test-results/bench/. Numbers, never assertions.
//
// Environment: BENCH_UI_SIZES=100,500,2000  BENCH_UI_REPS=3 (loads per size)
//   BENCH_UI_GPU=both|on|off (Chromium with and/or without --disable-gpu)
//   BENCH_UI_SECONDS=3  BENCH_UI_SKIP_BUILD=1  BENCH_UI_CHROMIUM=/usr/bin/chromium
//   BENCH_UI_OUT=bench/results/ui.json  BENCH_UI_CSS='<css injected into the page>'
//   BENCH_UI_AB='{"name":"<css>",…}' (instead of the full run: per size, one loaded page,
//   the CSS variants taken in turn for BENCH_UI_REPS rounds of pan and drag; interleaving
//   keeps this VM's ±5 fps drift out of the comparison; prints medians, writes nothing;
//   BENCH_UI_AB_NEAR=1 compares at zoom 1 instead of the fitted zoom)
//   BENCH_UI_TRACE=1 (a Chromium performance trace of each pan and drag, written to
//   test-results/bench/trace-<size>-<motion>.json; open it in DevTools' Performance tab)
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { uiLab, type UiLab } from './ui-labs';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const SIZES = (process.env.BENCH_UI_SIZES ?? '100,500,2000').split(',').map(Number);
const REPS = Number(process.env.BENCH_UI_REPS ?? 3);
const SECONDS = Number(process.env.BENCH_UI_SECONDS ?? 3);
const GPU = process.env.BENCH_UI_GPU ?? 'both';
const CHROMIUM = process.env.BENCH_UI_CHROMIUM ?? '/usr/bin/chromium';
const OUT = resolve(REPO, process.env.BENCH_UI_OUT ?? 'bench/results/ui.json');
/** Extra CSS for experiments (what does the paint cost come from?). */
const EXTRA_CSS = process.env.BENCH_UI_CSS ?? '';
const TRACE = !!process.env.BENCH_UI_TRACE;
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'blink', 'cc', 'gpu', 'viz', 'toplevel'];
const SCREENS = resolve(REPO, 'test-results/bench');
const VIEWPORT = { width: 1600, height: 1000 };
const BASE_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
/** A mouse reports every 8 ms (125 Hz); Chromium coalesces moves to frames as usual. */
const MOUSE_INTERVAL_MS = 8;

interface Motion { frames: number; fps: number; p50FrameMs: number; p95FrameMs: number; maxFrameMs: number; longFrames: number; longTaskMs: number; moved: boolean }
interface SizeResult {
  objects: number; networks: number; routers: number; containers: number; edges: number;
  /** load() → every node and edge in the DOM and the frame painted (median of REPS). */
  firstInteractiveMs: number;
  firstInteractiveSamples: number[];
  /** The synchronous part of load(): parse, validate, plan addresses. */
  loadCallMs: number;
  domNodes: number; domEdges: number;
  pan: Motion;
  drag: Motion;
  /** Mouse up after the node drag → next painted frame (the move is one edit). */
  dropMs: number;
  /** The same motions zoomed in to zoom 1 (double-click on a node), where nodes are DOM
   *  elements with their text; pan and drag above are at the fitted zoom. */
  near: { pan: Motion; drag: Motion; dropMs: number };
}
interface LayoutResult { objects: number; edges: number; autoLayoutMs: number; paintedMs: number }
interface Variant { name: string; args: string[]; sizes: SizeResult[]; autoLayout: LayoutResult[] }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function withTimeout<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function buildRenderer(): void {
  if (process.env.BENCH_UI_SKIP_BUILD) return;
  console.log('building the renderer…');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
}

/** The web bridge (node --import tsx: one process to stop); resolves with its URL. */
function startBridge(workspace: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/lab/bridge/web.ts', '--port', '0', '--workspace', workspace], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the bridge printed no URL in 30 s:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, url: m[1] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the bridge exited (${code}):\n${out}`)); });
  });
}

async function openPage(browser: Browser, url: string): Promise<Page> {
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
async function loadLab(page: Page, lab: UiLab, path: string): Promise<{ total: number; call: number; nodes: number; edges: number }> {
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
async function settle(page: Page): Promise<void> {
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
async function pan(page: Page): Promise<Motion> {
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
async function nodeNearMiddle(page: Page): Promise<{ id: string; x: number; y: number }> {
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
async function zoomInToNode(page: Page): Promise<void> {
  const target = await nodeNearMiddle(page);
  await page.mouse.dblclick(target.x, target.y);
  await page.waitForFunction(() => / scale\(1\)$/.test(document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? ''));
  await settle(page);
}

/** Drag the node nearest the middle of the canvas around, then drop it. */
async function dragNode(page: Page): Promise<{ motion: Motion; dropMs: number }> {
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

/** With BENCH_UI_TRACE, records a Chromium performance trace around one motion, and a
 *  JavaScript CPU profile beside it (.cpuprofile: DevTools or speedscope open it). */
async function traced<T>(browser: Browser, page: Page, file: string, run: () => Promise<T>): Promise<T> {
  if (!TRACE) return run();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await browser.startTracing(page, { path: join(SCREENS, file), categories: TRACE_CATEGORIES });
  await cdp.send('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(join(SCREENS, file.replace(/\.json$/, '.cpuprofile')), JSON.stringify(profile));
    await browser.stopTracing();
    await cdp.detach();
  }
}

async function measureSize(browser: Browser, url: string, workspace: string, objects: number): Promise<SizeResult> {
  const lab = uiLab(objects);
  const path = join(workspace, `${lab.name}.yaml`);
  const samples: number[] = [];
  const calls: number[] = [];
  let page: Page | undefined;
  let dom = { nodes: 0, edges: 0 };
  for (let rep = 0; rep < REPS; rep++) {
    await page?.close();
    page = await openPage(browser, url);
    const r = await loadLab(page, lab, path);
    samples.push(round(r.total));
    calls.push(r.call);
    dom = { nodes: r.nodes, edges: r.edges };
  }
  await settle(page!);
  // What the measured canvas looks like (far out, 500 and 2000 objects draw the far view).
  mkdirSync(SCREENS, { recursive: true });
  await page!.screenshot({ path: join(SCREENS, `ui-${objects}.png`) });
  const panned = await traced(browser, page!, `trace-${objects}-pan.json`, () => pan(page!));
  await settle(page!);
  const dragged = await traced(browser, page!, `trace-${objects}-drag.json`, () => dragNode(page!));
  // The same lab at zoom 1, where every object on screen is a DOM node with its text.
  await settle(page!);
  await zoomInToNode(page!);
  await page!.screenshot({ path: join(SCREENS, `ui-${objects}-near.png`) });
  const pannedNear = await pan(page!);
  await settle(page!);
  const draggedNear = await dragNode(page!);
  await page!.close();
  return {
    objects, networks: lab.networks, routers: lab.routers, containers: lab.containers, edges: lab.edges,
    firstInteractiveMs: median(samples), firstInteractiveSamples: samples, loadCallMs: round(median(calls)),
    domNodes: dom.nodes, domEdges: dom.edges,
    pan: panned, drag: dragged.motion, dropMs: dragged.dropMs,
    near: { pan: pannedNear, drag: draggedNear.motion, dropMs: draggedNear.dropMs },
  };
}

/** The lab without positions: load() → elkjs positions in the store → painted frame. */
async function measureLayout(browser: Browser, url: string, workspace: string, objects: number): Promise<LayoutResult> {
  const lab = uiLab(objects, { layout: false });
  const page = await openPage(browser, url);
  const r = await withTimeout(320_000, 'the auto-layout', page.evaluate(({ text, path }) => new Promise<{ layout: number; painted: number }>((done, fail) => {
    type S = { load(text: string, path?: string): void; autoPositions: Record<string, unknown> };
    const store = (window as unknown as { __topolab: { getState(): S; subscribe(f: (s: S) => void): () => void } }).__topolab;
    const t0 = performance.now();
    const timer = setTimeout(() => fail(new Error('no auto-layout in 300 s')), 300_000);
    const stop = store.subscribe((s) => {
      if (Object.keys(s.autoPositions).length === 0) return;
      const layout = performance.now() - t0;
      stop();
      clearTimeout(timer);
      requestAnimationFrame(() => setTimeout(() => done({ layout, painted: performance.now() - t0 }), 0));
    });
    store.getState().load(text, path);
  }), { text: lab.yaml, path: join(workspace, `${lab.name}.yaml`) }));
  await page.close();
  return { objects, edges: lab.edges, autoLayoutMs: round(r.layout), paintedMs: round(r.painted) };
}

function table(variants: Variant[]): string {
  const rows: string[][] = [['chromium', 'objects', 'edges', 'first interactive ms', 'pan fps', 'pan p95 ms', 'drag fps', 'drag p95 ms', 'drop ms', 'near pan fps', 'near drag fps', 'auto-layout ms']];
  for (const v of variants) {
    for (const s of v.sizes) {
      const l = v.autoLayout.find((x) => x.objects === s.objects);
      rows.push([v.name, String(s.objects), String(s.edges), String(s.firstInteractiveMs), String(s.pan.fps), String(s.pan.p95FrameMs), String(s.drag.fps), String(s.drag.p95FrameMs), String(s.dropMs), String(s.near.pan.fps), String(s.near.drag.fps), l ? String(l.autoLayoutMs) : '-']);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i < 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}

/** BENCH_UI_AB: CSS variants compared on one page, interleaved round by round. */
async function abCompare(browser: Browser, url: string, workspace: string, objects: number, variants: Record<string, string>): Promise<void> {
  const lab = uiLab(objects);
  const page = await openPage(browser, url);
  await loadLab(page, lab, join(workspace, `${lab.name}.yaml`));
  await settle(page);
  if (process.env.BENCH_UI_AB_NEAR) await zoomInToNode(page);
  await sleep(1000);
  const results: Record<string, { pan: number[]; drag: number[] }> = {};
  for (let round = 0; round < REPS; round++) {
    for (const [name, css] of Object.entries(variants)) {
      await page.evaluate((text) => {
        let style = document.getElementById('bench-ab');
        if (!style) {
          style = document.createElement('style');
          style.id = 'bench-ab';
          document.head.append(style);
        }
        style.textContent = text;
      }, css);
      await settle(page);
      const entry = (results[name] ??= { pan: [], drag: [] });
      entry.pan.push((await pan(page)).fps);
      await settle(page);
      entry.drag.push((await dragNode(page)).motion.fps);
    }
  }
  console.log(`${objects} objects (${REPS} rounds, medians; every round in brackets)`);
  for (const [name, r] of Object.entries(results)) {
    console.log(`  ${name.padEnd(24)} pan ${String(median(r.pan)).padStart(5)} [${r.pan.join(' ')}]   drag ${String(median(r.drag)).padStart(5)} [${r.drag.join(' ')}]`);
  }
  await page.close();
}

async function main(): Promise<void> {
  buildRenderer();
  const workspace = mkdtempSync(join(tmpdir(), 'topolab-bench-ui-'));
  let bridge: { child: ChildProcess; url: string } | undefined;
  let browser: Browser | undefined;
  const variants: Variant[] = [];
  try {
    for (const size of SIZES) {
      writeFileSync(join(workspace, `${uiLab(size).name}.yaml`), uiLab(size).yaml);
      writeFileSync(join(workspace, `${uiLab(size, { layout: false }).name}.yaml`), uiLab(size, { layout: false }).yaml);
    }
    bridge = await startBridge(workspace);
    if (process.env.BENCH_UI_AB) {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BASE_ARGS });
      for (const size of SIZES) await abCompare(browser, bridge.url, workspace, size, JSON.parse(process.env.BENCH_UI_AB) as Record<string, string>);
      return;
    }
    const choices = GPU === 'on' ? [false] : GPU === 'off' ? [true] : [false, true];
    for (const disableGpu of choices) {
      const args = [...BASE_ARGS, ...(disableGpu ? ['--disable-gpu'] : [])];
      const name = disableGpu ? '--disable-gpu' : 'default (gpu)';
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args });
      const variant: Variant = { name, args, sizes: [], autoLayout: [] };
      for (const size of SIZES) {
        console.log(`${name}: ${size} objects…`);
        variant.sizes.push(await measureSize(browser, bridge.url, workspace, size));
        variant.autoLayout.push(await measureLayout(browser, bridge.url, workspace, size));
      }
      variants.push(variant);
      await browser.close();
      browser = undefined;
    }
    const version = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, `${JSON.stringify({
      date: new Date().toISOString(), chromium: version, headless: true, viewport: VIEWPORT, cpus: cpus().length, cpu: cpus()[0]?.model,
      seconds: SECONDS, reps: REPS, mouseIntervalMs: MOUSE_INTERVAL_MS,
      targets: { fps500: 60, fps2000: 30, firstInteractive500Ms: 1500 },
      variants,
    }, null, 2)}\n`);
    console.log(`\n${table(variants)}\n\nwritten to ${OUT}`);
  } finally {
    await browser?.close().catch(() => undefined);
    if (bridge?.child.pid && bridge.child.exitCode === null) {
      bridge.child.kill('SIGTERM');
      await new Promise((r) => { bridge!.child.once('exit', r); setTimeout(r, 5000); });
    }
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

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
import { uiLab } from './ui-labs';
import { MOUSE_INTERVAL_MS, SECONDS, VIEWPORT, dragNode, loadLab, median, openPage, pan, round, settle, sleep, withTimeout, zoomInToNode, type Motion } from './ui-page';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const SIZES = (process.env.BENCH_UI_SIZES ?? '100,500,2000').split(',').map(Number);
const REPS = Number(process.env.BENCH_UI_REPS ?? 3);
const GPU = process.env.BENCH_UI_GPU ?? 'both';
const CHROMIUM = process.env.BENCH_UI_CHROMIUM ?? '/usr/bin/chromium';
const OUT = resolve(REPO, process.env.BENCH_UI_OUT ?? 'bench/results/ui.json');
const TRACE = !!process.env.BENCH_UI_TRACE;
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'blink', 'cc', 'gpu', 'viz', 'toplevel'];
const SCREENS = resolve(REPO, 'test-results/bench');
const BASE_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

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

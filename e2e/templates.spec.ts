// Every template in templates/ (listed when the tests are collected), opened from the
// gallery the way a user does, one browser page for all of them: each one's nodes,
// networks and hosts are on the canvas and in view once it has fitted, the canvas reads
// well (no boxes overlapping, no edge through a box it does not end at, no crossed
// edges, no edge labels on top of each other), and its guide opens beside the canvas
// at its first heading. A screenshot of each is kept (template-<id>.png): they are the
// project's shop window. Pure UI: nothing is deployed, the engine is not needed.
import { expect, test, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { screenshot } from './canvas-helpers';

const TEMPLATES = fileURLToPath(new URL('../templates/', import.meta.url));

interface Template {
  id: string;
  name: string;
  nodes: { id: string; interfaces?: { network: string }[]; sharesNetworkWith?: string }[];
  networks: { id: string }[];
  hosts: { id: string; interfaces?: { network: string }[] }[];
  guide?: string;
}

/** The template's lab file and guide, as the gallery will offer them. */
function readTemplate(id: string): Template {
  const doc = parse(readFileSync(join(TEMPLATES, `${id}.yaml`), 'utf8')) as Partial<Template>;
  const guideFile = join(TEMPLATES, `${id}.md`);
  return {
    id, name: doc.name ?? id, nodes: doc.nodes ?? [], networks: doc.networks ?? [], hosts: doc.hosts ?? [],
    guide: existsSync(guideFile) ? readFileSync(guideFile, 'utf8') : undefined,
  };
}

/** The guide's first heading as it reads on screen (no Markdown marks). */
function firstHeading(guide: string): string | undefined {
  const line = /^#{1,4}\s+(.+?)\s*#*$/m.exec(guide)?.[1];
  return line?.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*_]/g, '').trim();
}

/** Every edge the canvas draws for the template, by React Flow id, with its two ends. */
function edgeEnds(t: Template): Record<string, [string, string]> {
  const networks = new Set(t.networks.map((n) => n.id));
  const ends: Record<string, [string, string]> = {};
  for (const node of t.nodes) {
    (node.interfaces ?? []).forEach((iface, j) => {
      if (networks.has(iface.network)) ends[`if:${node.id}:${j}`] = [node.id, iface.network];
    });
    if (node.sharesNetworkWith) ends[`share:${node.id}`] = [node.id, node.sharesNetworkWith];
  }
  // a virtual host's underlay interfaces: from its box to the bridge
  for (const host of t.hosts) {
    (host.interfaces ?? []).forEach((iface, j) => {
      if (networks.has(iface.network)) ends[`hif:${host.id}:${j}`] = [host.id, iface.network];
    });
  }
  return ends;
}

const ids = readdirSync(TEMPLATES)
  .filter((name) => name.endsWith('.yaml') && statSync(join(TEMPLATES, name)).isFile())
  .map((name) => name.slice(0, -'.yaml'.length))
  .sort();

/** The viewport's transform and every node's box, in screen pixels. */
async function canvasGeometry(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
    const transform = (document.querySelector('.react-flow__viewport') as HTMLElement | null)?.style.transform ?? '';
    const nodes = [...document.querySelectorAll('.react-flow__node')].map((el) => {
      const r = el.getBoundingClientRect();
      return { id: el.getAttribute('data-id')!, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    });
    return { canvas: { left: canvas.left, top: canvas.top, right: canvas.right, bottom: canvas.bottom }, transform, nodes };
  });
}

/** What reads badly on the canvas, in words: overlapping boxes, an edge through a box it
 *  does not end at, two edges crossing, edge labels on top of each other. Hosts are
 *  frames around their members, so only their frames' edges are left out of it. */
async function layoutProblems(page: Page, ends: Record<string, [string, string]>, hosts: string[]): Promise<string[]> {
  return page.evaluate(({ ends, hosts }) => {
    type Box = { left: number; top: number; right: number; bottom: number };
    const GAP = 6; // screen px two boxes keep apart
    const hit = (a: Box, b: Box, gap: number) => a.left < b.right + gap && b.left < a.right + gap && a.top < b.bottom + gap && b.top < a.bottom + gap;
    const inside = (p: DOMPoint, b: Box, inset: number) => p.x > b.left + inset && p.x < b.right - inset && p.y > b.top + inset && p.y < b.bottom - inset;
    const problems: string[] = [];
    const boxes = [...document.querySelectorAll<HTMLElement>('.react-flow__node')]
      .filter((el) => !hosts.includes(el.getAttribute('data-id')!))
      .map((el) => ({ id: el.getAttribute('data-id')!, ...el.getBoundingClientRect().toJSON() as Box }));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) if (hit(boxes[i], boxes[j], GAP)) problems.push(`${boxes[i].id} and ${boxes[j].id} overlap`);
    }
    // Each edge as a polyline in screen pixels, sampled along its path.
    const lines = new Map<string, DOMPoint[]>();
    for (const g of document.querySelectorAll<SVGGElement>('.react-flow__edge')) {
      const id = g.getAttribute('data-id')!;
      const path = g.querySelector<SVGPathElement>('path.react-flow__edge-path');
      const ctm = path?.getScreenCTM();
      if (!path || !ctm) continue;
      const length = path.getTotalLength();
      const points: DOMPoint[] = [];
      for (let at = 0; at <= length; at += 4) points.push(path.getPointAtLength(at).matrixTransform(ctm));
      points.push(path.getPointAtLength(length).matrixTransform(ctm));
      lines.set(id, points);
      const [from, to] = ends[id] ?? [];
      for (const box of boxes) {
        if (box.id === from || box.id === to) continue;
        if (points.some((p) => inside(p, box, 2))) problems.push(`edge ${id} (${from} → ${to}) runs through ${box.id}`);
      }
    }
    const cross = (a: DOMPoint, b: DOMPoint, c: DOMPoint, d: DOMPoint) => {
      const side = (p: DOMPoint, q: DOMPoint, r: DOMPoint) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
      return side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0;
    };
    const edgeIds = [...lines.keys()];
    for (let i = 0; i < edgeIds.length; i++) {
      for (let j = i + 1; j < edgeIds.length; j++) {
        const [a, b] = [edgeIds[i], edgeIds[j]];
        // Edges meeting at one node share its handle: they touch there, which is fine.
        if ((ends[a] ?? []).some((end) => (ends[b] ?? []).includes(end))) continue;
        const p = lines.get(a)!;
        const q = lines.get(b)!;
        let crossed = false;
        for (let k = 1; k < p.length && !crossed; k++) for (let m = 1; m < q.length && !crossed; m++) crossed = cross(p[k - 1], p[k], q[m - 1], q[m]);
        if (crossed) problems.push(`edges ${a} and ${b} cross`);
      }
    }
    const labels = [...document.querySelectorAll('.react-flow__edge')].flatMap((g) => {
      const bg = g.querySelector('.react-flow__edge-textbg');
      return bg ? [{ id: g.getAttribute('data-id')!, ...bg.getBoundingClientRect().toJSON() as Box }] : [];
    });
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) if (hit(labels[i], labels[j], 0)) problems.push(`the labels of ${labels[i].id} and ${labels[j].id} overlap`);
      // Edges are drawn under the nodes: a label under a box cannot be read.
      for (const box of boxes) if (hit(labels[i], box, 0)) problems.push(`the label of ${labels[i].id} is under ${box.id}`);
    }
    return problems;
  }, { ends, hosts });
}

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await page.goto(process.env.TOPOLAB_E2E_URL!);
  await expect(page.getByTestId('canvas')).toBeVisible();
});

test.afterAll(async () => {
  await page?.close();
});

test('the gallery offers every template in templates/', async () => {
  expect(ids.length).toBeGreaterThan(0);
  await page.getByTestId('templates').click();
  await expect(page.getByTestId('templates-dialog')).toBeVisible();
  const cards = page.getByTestId('templates-dialog').locator('[data-testid^="template-"][role="option"]');
  await expect(cards).toHaveCount(ids.length);
  const offered = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('template-'.length)));
  expect(offered.sort()).toEqual(ids);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('templates-dialog')).toBeHidden();
});

for (const id of ids) {
  test(`template ${id}: opened from the gallery, every object on the canvas, its guide beside it`, async () => {
    const t = readTemplate(id);
    const objects = [...t.hosts, ...t.networks, ...t.nodes].map((o) => o.id);

    await page.getByTestId('templates').click();
    const dialog = page.getByTestId('templates-dialog');
    await expect(dialog).toBeVisible();
    await page.getByTestId(`template-${id}`).click();
    await expect(page.getByTestId('template-preview')).toHaveAttribute('data-template', id);
    await page.getByTestId('template-open').click();
    await expect(dialog).toBeHidden();

    // Every object of the file, and nothing else (the last template's nodes are gone).
    const canvas = page.getByTestId('canvas');
    for (const object of objects) {
      await expect(canvas.locator(`.react-flow__node[data-id="${object}"]`), `${object} on the canvas`).toBeVisible();
      await expect(canvas.getByTestId(`node-${object}`)).toContainText(object);
    }
    await expect(canvas.locator('.react-flow__node')).toHaveCount(objects.length);
    const ends = edgeEnds(t);
    await expect(canvas.locator('.react-flow__edge')).toHaveCount(Object.keys(ends).length);
    await expect(page.getByTestId('laying-out')).toHaveCount(0);

    // Fitted: the viewport has settled and every box is inside the canvas.
    let last = '';
    await expect.poll(async () => {
      const g = await canvasGeometry(page);
      const settled = g.transform !== '' && g.transform === last;
      last = g.transform;
      const outside = g.nodes.filter((n) => n.left < g.canvas.left || n.top < g.canvas.top || n.right > g.canvas.right || n.bottom > g.canvas.bottom).map((n) => n.id);
      return settled ? outside : ['(still moving)'];
    }, { message: `${id} fitted in view`, intervals: [100] }).toEqual([]);

    if (t.guide) {
      const heading = firstHeading(t.guide);
      await expect(page.getByTestId('guide-tab')).toHaveAttribute('aria-selected', 'true');
      expect(heading, `${id}.md has a heading`).toBeTruthy();
      await expect(page.getByTestId('guide').getByRole('heading', { name: heading }).first()).toBeVisible();
    } else {
      await expect(page.getByTestId('guide-tab')).toHaveCount(0);
    }

    await screenshot(page, `template-${id}`);
    expect(await layoutProblems(page, ends, t.hosts.map((h) => h.id)), `${id}: how its canvas reads`).toEqual([]);
  });
}

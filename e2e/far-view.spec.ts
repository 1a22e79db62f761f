// Zoomed far out, the canvas draws the lab into one <canvas> (canvas/far/FarView.tsx):
// no DOM node or SVG edge per object, yet objects can still be picked, dragged (one
// undoable edit, host membership by where they land) and double-clicked to zoom in.
// The minimap is a canvas too. No engine objects are created.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { uiLab } from '../bench/ui-labs';
import { mix } from '../renderer/src/canvas/far/paint';
import { farPoint, labDoc, screenshot, storeState, zoomOf } from './canvas-helpers';

async function open(page: Page, text: string): Promise<void> {
  await page.goto(process.env.TOPOLAB_E2E_URL!);
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.evaluate((yaml) => (window as unknown as { __topolab: { getState(): { load(text: string): void } } }).__topolab.getState().load(yaml), text);
}

/** The far canvas's pixel under a screen point, as [r, g, b]. */
async function pixelAt(page: Page, point: { x: number; y: number }): Promise<number[]> {
  return page.getByTestId('far-view').evaluate((el, p) => {
    const canvas = el as HTMLCanvasElement;
    const r = canvas.getBoundingClientRect();
    const x = Math.floor(((p.x - r.left) * canvas.width) / r.width);
    const y = Math.floor(((p.y - r.top) * canvas.height) / r.height);
    return Array.from(canvas.getContext('2d')!.getImageData(x, y, 1, 1).data.slice(0, 3));
  }, point);
}

const hex = (color: string) => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));

test('a 500-object lab far out: one canvas, a node picked, dragged, undone, zoomed into; the minimap pans', async ({ page }) => {
  const lab = uiLab(500);
  await open(page, lab.yaml);
  const far = page.getByTestId('far-view');
  await expect(far).toHaveAttribute('data-painted', '500');
  await expect(far).toHaveAttribute('data-links', String(lab.edges));
  // Nothing of the lab is mounted as DOM nodes or SVG edges.
  expect(await page.locator('.react-flow__node').count()).toBe(0);
  expect(await page.locator('.react-flow__edge').count()).toBe(0);
  expect(await zoomOf(page)).toBeLessThan(0.45);

  // A container is drawn in its kind's far colour, as the theme defines it.
  const at = await farPoint(page, 'c5');
  const colours = await page.evaluate(() => {
    const s = getComputedStyle(document.querySelector('.canvas')!);
    return { machine: s.getPropertyValue('--machine').trim(), node: s.getPropertyValue('--node').trim() };
  });
  const expected = hex(mix(colours.machine, colours.node, 0.28));
  const seen = await pixelAt(page, at);
  seen.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(6));
  await screenshot(page, 'far-1-500-objects');

  // The dark theme repaints in its own colours.
  await page.getByTestId('theme').click();
  const dark = await page.evaluate(() => {
    const s = getComputedStyle(document.querySelector('.canvas')!);
    return { machine: s.getPropertyValue('--machine').trim(), node: s.getPropertyValue('--node').trim() };
  });
  expect(dark.node).not.toBe(colours.node);
  const darkFill = hex(mix(dark.machine, dark.node, 0.28));
  await expect.poll(async () => (await pixelAt(page, at)).every((v, i) => Math.abs(v - darkFill[i]) <= 6)).toBe(true);
  // …the minimap too: its veil is the dark panel's colour, not the light one's.
  const panel = hex(await page.evaluate(() => getComputedStyle(document.querySelector('.canvas')!).getPropertyValue('--panel').trim()));
  const veil = () => page.getByTestId('minimap').evaluate((el) => Array.from((el as HTMLCanvasElement).getContext('2d')!.getImageData(1, 1, 1, 1).data.slice(0, 3)));
  await expect.poll(async () => (await veil()).every((v, i) => Math.abs(v - panel[i]) <= 6)).toBe(true);
  await screenshot(page, 'far-1-dark');
  await page.getByTestId('theme').click();
  await expect.poll(() => pixelAt(page, at)).toEqual(seen);

  const zoomNow = await zoomOf(page);
  // Hover: its name, kind and state beside it (no label is readable this far out).
  await page.mouse.move(at.x, at.y);
  await expect(page.getByTestId('far-hover')).toHaveText('c5 container');
  await screenshot(page, 'far-1-hover');

  // Click: selected, its panel opens.
  await page.mouse.click(at.x, at.y);
  await expect(page.getByTestId('properties')).toContainText('Container · c5');

  // Shift-drag a box around the first two rows: everything wholly inside is selected.
  const rowA = await farPoint(page, 'n0');
  const rowB = await farPoint(page, 'c20');
  const box = { x0: rowA.x - 140 * zoomNow, y0: rowA.y - 60 * zoomNow }; // left of n0, whose middle rowA is
  await page.keyboard.down('Shift');
  await page.mouse.move(box.x0, box.y0);
  await page.mouse.down();
  await page.mouse.move(box.x0 + 5000 * zoomNow, rowB.y + 50 * zoomNow, { steps: 8 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  const picked = await storeState<string[]>(page, 'selected');
  expect(picked.length).toBeGreaterThan(10);
  expect(picked).toContain('n0');
  await expect(page.getByTestId('properties')).toContainText(`${picked.length} selected`);
  await screenshot(page, 'far-1-box-selected');
  // The box selection may have auto-panned: find c5 again. A click on it picks it alone.
  const c5 = await farPoint(page, 'c5');
  await page.mouse.click(c5.x, c5.y);
  await expect.poll(() => storeState<string[]>(page, 'selected')).toEqual(['c5']);

  // Drag to bare canvas below the grid: one edit of its layout, by the screen distance
  // over the zoom, on the 10 grid.
  const zoom = await zoomOf(page);
  const before = (await labDoc(page)).layout!.c5;
  const bottom = Math.max(...Object.values((await labDoc(page)).layout!).map((p) => p.y));
  const dy = Math.round((bottom - before.y + 150) * zoom);
  await page.mouse.move(c5.x, c5.y);
  await page.mouse.down();
  await page.mouse.move(c5.x + 40, c5.y + dy, { steps: 10 });
  await page.mouse.up();
  await expect.poll(async () => (await labDoc(page)).layout!.c5).not.toEqual(before);
  const after = (await labDoc(page)).layout!.c5;
  expect(Math.abs(after.x - before.x - 40 / zoom)).toBeLessThanOrEqual(10);
  expect(Math.abs(after.y - before.y - dy / zoom)).toBeLessThanOrEqual(10);
  expect(after.x % 10).toBe(0);
  // …and the picture follows: the node is drawn at its new place.
  const moved = await farPoint(page, 'c5');
  await expect.poll(() => pixelAt(page, moved)).toEqual(seen);
  await screenshot(page, 'far-2-dragged');
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await labDoc(page)).layout!.c5).toEqual(before);

  // The minimap is one canvas; a click on it moves the view there.
  const minimap = page.getByTestId('minimap');
  await expect(minimap).toBeVisible();
  const transform = () => page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  const viewBefore = await transform();
  const mini = (await minimap.boundingBox())!;
  await page.mouse.click(mini.x + 20, mini.y + 20);
  await expect.poll(transform).not.toBe(viewBefore);
  await page.getByTestId('fit-view').click();

  // Double-click: zoomed in to it, drawn near again (a DOM node with its text).
  await page.waitForTimeout(400); // the fit's animation
  const again = await farPoint(page, 'c5');
  await page.mouse.dblclick(again.x, again.y);
  await expect(page.getByTestId('node-c5')).toBeVisible();
  await expect(far).toHaveCount(0);
  await expect.poll(() => zoomOf(page)).toBe(1);
  // Near, only what is on screen is mounted.
  expect(await page.locator('.react-flow__node').count()).toBeLessThan(100);
  // The minimap still shows the whole lab, the part off screen under a light veil: far
  // more drawn pixels than the few nodes inside the viewport's outline.
  const drawn = () => page.getByTestId('minimap').evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && Math.min(d[i], d[i + 1], d[i + 2]) < 200) n++;
    return n;
  });
  await expect.poll(drawn).toBeGreaterThan(1000);
  await screenshot(page, 'far-3-zoomed-in');
});

test('far out, a container dragged out of its host leaves it, and dragged back joins it again', async ({ page }) => {
  await open(page, readFileSync(new URL('../templates/overlay-two-hosts.yaml', import.meta.url), 'utf8'));
  await expect(page.getByTestId('node-web')).toBeVisible();
  // Zoom out with the wheel until the far view takes over.
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  while ((await zoomOf(page)) >= 0.4) {
    await page.mouse.wheel(0, 200);
    await page.waitForTimeout(50);
  }
  await expect(page.getByTestId('far-view')).toBeVisible();
  await page.waitForTimeout(300); // the resolution catches up with the zoom
  await screenshot(page, 'far-4-hosts');

  const from = await farPoint(page, 'web');
  const hostBox = (await labDoc(page)).layout!.host1;
  const zoom = await zoomOf(page);
  // Up and out of host1's box: 200 flow units above its top edge.
  const to = { x: from.x, y: from.y - ((await labDoc(page)).layout!.web.y + 200) * zoom };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
  await expect.poll(async () => (await labDoc(page)).nodes!.find((n) => n.id === 'web')!.host).toBeUndefined();
  const out = (await labDoc(page)).layout!.web;
  expect(out.y).toBeLessThan(hostBox.y);
  await screenshot(page, 'far-5-out-of-host');

  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await labDoc(page)).nodes!.find((n) => n.id === 'web')!.host).toBe('host1');
});

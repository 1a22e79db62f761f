// Shared steps for the browser e2e specs: drop from the palette, connect by dragging
// from a handle, read the store's document, keep screenshots.
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const SHOTS = 'test-results/e2e/screens';

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

interface Doc {
  nodes?: { id: string; host?: string; interfaces?: { network: string; ip?: string }[] }[];
  networks?: { id: string; host?: string }[];
  hosts?: { id: string }[];
  layout?: Record<string, { x: number; y: number; width?: number; height?: number }>;
}

/** The lab document in the store (window.__topolab, read-only by convention). */
export async function labDoc(page: Page): Promise<Doc> {
  return page.evaluate(() => {
    const store = (window as unknown as { __topolab: { getState(): { document?: unknown } } }).__topolab;
    return JSON.parse(JSON.stringify(store.getState().document ?? {}));
  });
}

export async function storeState<T>(page: Page, pick: string): Promise<T> {
  return page.evaluate((key) => {
    const store = (window as unknown as { __topolab: { getState(): Record<string, unknown> } }).__topolab;
    return JSON.parse(JSON.stringify(store.getState()[key] ?? null));
  }, pick);
}

export async function drop(page: Page, kind: string, x: number, y: number): Promise<void> {
  const canvas = page.getByTestId('canvas');
  const box = (await canvas.boundingBox())!;
  await page.getByTestId(`palette-${kind}`).dragTo(canvas, { targetPosition: { x: x - box.x, y: y - box.y } });
}

/** Drags from a machine's handle onto a network node: that makes an interface. */
export async function connect(page: Page, node: string, network: string): Promise<void> {
  const handle = page.getByTestId(`node-${node}`).locator('.react-flow__handle').first();
  const from = (await handle.boundingBox())!;
  const to = (await page.getByTestId(`node-${network}`).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** Drags a node by its title bar to a screen point (its centre lands near there). */
export async function dragNode(page: Page, id: string, x: number, y: number): Promise<void> {
  const box = (await page.getByTestId(`node-${id}`).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 12);
  await page.mouse.down();
  await page.mouse.move(x, y - box.height / 2 + 12, { steps: 15 });
  await page.mouse.up();
}

/** Clicks an empty spot of the canvas: clears the selection and takes focus out of fields. */
export async function clickPane(page: Page, x: number, y: number): Promise<void> {
  await page.mouse.click(x, y);
}

/** The viewport's pan and zoom (from its transform) and the pane's place on screen. */
export async function viewport(page: Page): Promise<{ x: number; y: number; zoom: number; pane: { left: number; top: number; width: number; height: number } }> {
  return page.evaluate(() => {
    const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([\d.]+)\)/.exec(document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform)!;
    const r = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
    return { x: Number(m[1]), y: Number(m[2]), zoom: Number(m[3]), pane: { left: r.left, top: r.top, width: r.width, height: r.height } };
  });
}

/** The viewport's zoom. */
export async function zoomOf(page: Page): Promise<number> {
  return (await viewport(page)).zoom;
}

/** Far out the lab is one canvas: the screen point of an object's middle, from its
 *  layout (plus its host's, for a member) and the viewport. */
export async function farPoint(page: Page, id: string): Promise<{ x: number; y: number }> {
  const [view, doc] = await Promise.all([viewport(page), labDoc(page)]);
  const item = doc.nodes?.find((n) => n.id === id) ?? doc.networks?.find((n) => n.id === id);
  const own = doc.layout![id];
  const host = item?.host ? doc.layout![item.host] : { x: 0, y: 0 };
  const machine = !!doc.nodes?.some((n) => n.id === id);
  const mid = machine ? { x: 90, y: 31 } : { x: 110, y: 29 }; // half of the near view's node sizes
  return { x: view.pane.left + view.x + (host.x + own.x + mid.x) * view.zoom, y: view.pane.top + view.y + (host.y + own.y + mid.y) * view.zoom };
}

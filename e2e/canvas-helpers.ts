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

/** Far out the lab is one canvas: the screen point of an object's middle, from its
 *  layout (plus its host's, for a member) and the viewport's transform. */
export async function farPoint(page: Page, id: string): Promise<{ x: number; y: number }> {
  return page.evaluate((target) => {
    type D = { layout?: Record<string, { x: number; y: number }>; nodes?: { id: string; host?: string }[]; networks?: { id: string; host?: string; driver: string }[] };
    const doc = (window as unknown as { __topolab: { getState(): { document: D } } }).__topolab.getState().document;
    const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([\d.]+)\)/.exec(document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform)!;
    const [tx, ty, z] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
    const item = doc.nodes?.find((n) => n.id === target) ?? doc.networks?.find((n) => n.id === target);
    const own = doc.layout![target];
    const host = item?.host ? doc.layout![item.host] : { x: 0, y: 0 };
    const machine = !!doc.nodes?.some((n) => n.id === target);
    const mid = machine ? { x: 90, y: 31 } : { x: 110, y: 29 }; // half of the near view's node sizes
    return { x: pane.left + tx + (host.x + own.x + mid.x) * z, y: pane.top + ty + (host.y + own.y + mid.y) * z };
  }, id);
}

/** The viewport's zoom, from its transform. */
export async function zoomOf(page: Page): Promise<number> {
  const transform = await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  return Number(/scale\(([\d.]+)\)/.exec(transform)![1]);
}

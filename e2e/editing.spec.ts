// Editing in the browser, no engine objects created: drop, connect, undo/redo with the
// keyboard, multi-select copy/paste/delete, the Problems list focusing the offending
// node, and host boxes (members join and leave by dragging; resizing by hand).
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { clickPane, connect, drop, dragNode, labDoc, screenshot, storeState, viewport } from './canvas-helpers';

async function fresh(page: Page) {
  await page.goto(process.env.TOPOLAB_E2E_URL!);
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.getByTestId('new').click();
}

const edgeCount = (page: Page) => page.locator('.react-flow__edge').count();

test('keyboard editing: undo/redo a connection, copy/paste/delete a multi-selection, problems focus', async ({ page }) => {
  await fresh(page);
  await drop(page, 'bridge', 700, 220);
  await drop(page, 'container', 500, 480);
  await drop(page, 'container', 900, 480);
  const doc = await labDoc(page);
  const net = doc.networks![0].id;
  const [a, b] = doc.nodes!.map((n) => n.id);

  // Connect, then Ctrl+Z takes the interface away and Ctrl+Shift+Z brings it back.
  await connect(page, a, net);
  await expect.poll(() => edgeCount(page)).toBe(1);
  await clickPane(page, 700, 800);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await labDoc(page)).nodes!.find((n) => n.id === a)!.interfaces ?? []).toEqual([]);
  await expect.poll(() => edgeCount(page)).toBe(0);
  await screenshot(page, 'editing-1-undone');
  await page.keyboard.press('Control+Shift+Z');
  await expect.poll(async () => (await labDoc(page)).nodes!.find((n) => n.id === a)!.interfaces).toEqual([{ network: net }]);
  await expect.poll(() => edgeCount(page)).toBe(1);
  await expect(page.locator('.react-flow__edge-text').first()).toContainText('(auto)');
  await screenshot(page, 'editing-2-redone');

  // Shift-click selects both containers; Ctrl+C, then Ctrl+V under the mouse makes two more there.
  await page.getByTestId(`node-${a}`).click();
  await page.getByTestId(`node-${b}`).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('properties')).toContainText('2 selected');
  await page.keyboard.press('Control+c');
  await page.mouse.move(700, 700);
  await page.keyboard.press('Control+v');
  await expect.poll(async () => (await labDoc(page)).nodes!.length).toBe(4);
  const pasted = (await storeState<string[]>(page, 'selected'));
  expect(pasted).toHaveLength(2);
  expect(pasted).not.toContain(a);
  // the copies are centred on the mouse: the point lies between them, on their row
  const boxes = await Promise.all(pasted.map(async (id) => (await page.getByTestId(`node-${id}`).boundingBox())!));
  expect(Math.min(...boxes.map((x) => x.x))).toBeLessThan(700);
  expect(Math.max(...boxes.map((x) => x.x + x.width))).toBeGreaterThan(700);
  for (const box of boxes) expect(Math.abs(box.y + box.height / 2 - 700)).toBeLessThan(20);
  await screenshot(page, 'editing-3-pasted');

  // Delete removes the pasted pair (still selected), nothing else.
  await page.keyboard.press('Delete');
  await expect.poll(async () => (await labDoc(page)).nodes!.map((n) => n.id)).toEqual([a, b]);
  await screenshot(page, 'editing-4-deleted');

  // An invalid IP shows in Problems; clicking the entry selects the node and shows its panel.
  await page.getByTestId(`node-${a}`).click();
  await page.getByTestId('field-interfaces.0.ip').fill('10.1.2');
  await expect(page.getByTestId('diagnostics')).toContainText('error');
  await clickPane(page, 700, 800);
  await expect(page.getByTestId('properties').locator('h2')).toHaveText('Lab');
  await page.getByTestId('diagnostics').locator('button.diag.sev-error').first().click();
  await expect(page.getByTestId('properties').locator('h2')).toHaveText(`Container · ${a}`);
  await expect(page.getByTestId('field-interfaces.0.ip')).toHaveValue('10.1.2');
  await expect(page.getByTestId(`node-${a}`)).toHaveClass(/selected/);
  await page.waitForTimeout(400); // the focus animation
  await screenshot(page, 'editing-5-problem-focused');
});

test('hosts: drop into, drag out and back, paste into, resize by hand (one undo step)', async ({ page }) => {
  await fresh(page);
  await drop(page, 'host', 600, 400);
  const host = (await labDoc(page)).hosts![0].id;
  await drop(page, 'container', 600, 430);
  const node = (await labDoc(page)).nodes![0].id;
  expect((await labDoc(page)).nodes![0].host).toBe(host);
  await screenshot(page, 'editing-6-host-member');

  // Out of the host: `host:` goes; back in: it returns.
  await dragNode(page, node, 1000, 700);
  await expect.poll(async () => (await labDoc(page)).nodes![0].host).toBeUndefined();
  await dragNode(page, node, 560, 420);
  await expect.poll(async () => (await labDoc(page)).nodes![0].host).toBe(host);

  // Resize: select the host by its header, drag the bottom-right handle.
  const hostBox = (await page.getByTestId(`node-${host}`).boundingBox())!;
  await page.mouse.click(hostBox.x + hostBox.width - 30, hostBox.y + 14);
  const handle = page.locator(`.react-flow__node[data-id="${host}"] .react-flow__resize-control.handle.bottom.right`);
  await expect(handle).toBeVisible();
  const before = (await labDoc(page)).layout![host];
  const past = await storeState<unknown[]>(page, 'past');
  const h = (await handle.boundingBox())!;
  await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
  await page.mouse.down();
  await page.mouse.move(h.x + 120, h.y + 80, { steps: 10 });
  await page.mouse.up();
  await expect.poll(async () => (await labDoc(page)).layout![host].width ?? 0).toBeGreaterThan(hostBox.width + 100);
  const after = (await labDoc(page)).layout![host];
  expect(after.height).toBeGreaterThan(hostBox.height + 60);
  expect((await storeState<unknown[]>(page, 'past')).length).toBe(past.length + 1);
  await clickPane(page, 700, 800);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await labDoc(page)).layout![host]).toEqual(before);
  await page.keyboard.press('Control+Shift+Z');
  await expect.poll(async () => (await labDoc(page)).layout![host]).toEqual(after);

  // From the top-left corner: the host grows up and left, its member stays where it is on screen.
  await page.mouse.click(hostBox.x + 200, hostBox.y + 14);
  const memberAt = (await page.getByTestId(`node-${node}`).boundingBox())!;
  const tl = (await page.locator(`.react-flow__node[data-id="${host}"] .react-flow__resize-control.handle.top.left`).boundingBox())!;
  await page.mouse.move(tl.x + tl.width / 2, tl.y + tl.height / 2);
  await page.mouse.down();
  await page.mouse.move(tl.x - 60, tl.y - 40, { steps: 10 });
  await page.mouse.up();
  await expect.poll(async () => (await labDoc(page)).layout![host].x).toBeLessThan(after.x - 40);
  const memberNow = (await page.getByTestId(`node-${node}`).boundingBox())!;
  expect(Math.abs(memberNow.x - memberAt.x) + Math.abs(memberNow.y - memberAt.y)).toBeLessThan(2);
  expect((await labDoc(page)).nodes![0].host).toBe(host);

  // Paste with the mouse over the host: the copy belongs to it.
  await page.getByTestId(`node-${node}`).click();
  await page.keyboard.press('Control+c');
  await page.mouse.move(600, 540);
  await page.keyboard.press('Control+v');
  await expect.poll(async () => (await labDoc(page)).nodes!.length).toBe(2);
  expect((await labDoc(page)).nodes![1].host).toBe(host);
  // …and over empty canvas: it does not.
  await page.mouse.move(950, 650);
  await page.keyboard.press('Control+v');
  await expect.poll(async () => (await labDoc(page)).nodes!.length).toBe(3);
  expect((await labDoc(page)).nodes![2].host).toBeUndefined();

  await clickPane(page, 700, 800);
  await screenshot(page, 'editing-7-host-resized-and-pasted');
});

test('the middle of the canvas stays in the middle when the sidebar widens for the Inspector', async ({ page }) => {
  await fresh(page);
  await page.evaluate((yaml) => (window as unknown as { __topolab: { getState(): { load(text: string): void } } }).__topolab.getState().load(yaml), readFileSync(new URL('../templates/two-lans.yaml', import.meta.url), 'utf8'));
  await expect(page.getByTestId('node-r1')).toBeVisible();
  // The flow point at the middle of the pane.
  const middle = async () => {
    const v = await viewport(page);
    return { x: (v.pane.width / 2 - v.x) / v.zoom, y: (v.pane.height / 2 - v.y) / v.zoom, width: v.pane.width };
  };
  const before = await middle();
  await page.getByTestId('sidebar-inspector').click();
  await expect.poll(async () => (await middle()).width).toBeLessThan(before.width);
  const after = await middle();
  expect(Math.abs(after.x - before.x)).toBeLessThan(2);
  expect(Math.abs(after.y - before.y)).toBeLessThan(2);
  await screenshot(page, 'editing-sidebar-widened');
});

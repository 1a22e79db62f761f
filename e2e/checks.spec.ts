// The template gallery and the Checks tab end to end, against the real engine: two-lans
// is picked in the gallery (its guide shown beside the list when templates/two-lans.md
// exists), opened, and its three expectations run for real (the run deploys the lab);
// every row turns green, and a row's click selects its nodes on the canvas.
import { expect, test, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { screenshot } from './canvas-helpers';
import { cleanupLab } from './engine-helpers';

const LAB = 'two-lans';
const BAD = 'e2e-checks-bad';
const GUIDE_FILE = fileURLToPath(new URL('../templates/two-lans.md', import.meta.url));

/** The guide's first heading as it reads on screen (no Markdown marks), if there is a guide. */
function guideHeading(): string | undefined {
  if (!existsSync(GUIDE_FILE)) return undefined;
  const line = /^#{1,4}\s+(.+?)\s*#*$/m.exec(readFileSync(GUIDE_FILE, 'utf8'))?.[1];
  return line?.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*_]/g, '').trim();
}

test.describe.configure({ mode: 'serial' });
let page: Page;

const setTheme = (theme: 'light' | 'dark') => page.evaluate((t) => (window as unknown as { __topolab: { getState(): { setTheme(t: string): void } } }).__topolab.getState().setTheme(t), theme);

test.beforeAll(async ({ browser }) => {
  cleanupLab(LAB);
  cleanupLab(BAD);
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page?.close();
  cleanupLab(LAB);
  cleanupLab(BAD);
});

test('the gallery shows the picked template with its guide and counts, and opens it', async () => {
  await page.goto(process.env.TOPOLAB_E2E_URL!);
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.getByTestId('templates').click();
  await expect(page.getByTestId('templates-dialog')).toBeVisible();
  await page.getByTestId(`template-${LAB}`).click();
  const preview = page.getByTestId('template-preview');
  await expect(preview).toHaveAttribute('data-template', LAB);
  await expect(page.getByTestId('template-counts')).toHaveText('3 nodes · 2 networks · 3 checks');
  const heading = guideHeading();
  if (heading) {
    await expect(page.getByTestId('template-guide').getByRole('heading', { name: heading }).first()).toBeVisible();
  } else {
    await expect(page.getByTestId('template-description')).toHaveText('Two user-defined bridges joined by a router with static routes.');
  }
  await screenshot(page, 'checks-gallery-guide');
  await setTheme('dark'); // the dialog covers the toolbar's button
  await screenshot(page, 'checks-gallery-guide-dark');
  await setTheme('light');

  await page.getByTestId('template-open').click();
  await expect(page.getByTestId('templates-dialog')).toBeHidden();
  await expect(page.getByTestId('node-client')).toBeVisible();
  if (heading) {
    // A template with a guide opens with it beside the canvas.
    await expect(page.getByTestId('guide-tab')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('guide').getByRole('heading', { name: heading }).first()).toBeVisible();
    await screenshot(page, 'checks-guide-tab');
  } else {
    await expect(page.getByTestId('guide-tab')).toHaveCount(0);
  }
});

test('Run checks deploys the lab and fills every row in: 3 of 3 hold', async () => {
  test.setTimeout(300_000);
  await page.getByTestId('checks-tab').click();
  const checks = page.getByTestId('checks');
  await expect(checks).toBeVisible();
  await expect(page.getByTestId('check-0')).toContainText('client → server is reachable through 1 router');
  await expect(page.getByTestId('check-1')).toContainText('client has a route to 10.71.2.0/24 via 10.71.1.254');
  await expect(page.getByTestId('check-2')).toContainText('server → client TCP 22 is not reachable');
  await expect(page.getByTestId('check-0')).toHaveAttribute('data-state', 'pending');

  await page.getByTestId('checks-run').click();
  await expect(page.getByTestId('checks-run')).toBeDisabled();
  await expect(page.getByTestId('checks-progress')).toBeVisible();
  // A row being checked has a spinner; it may pass too quickly to catch, which is fine.
  await page.locator('.check-running').waitFor({ timeout: 60_000 }).then(() => screenshot(page, 'checks-running')).catch(() => undefined);
  const summary = page.getByTestId('checks-summary');
  await expect(summary).toContainText('3 of 3 hold', { timeout: 240_000 });
  await expect(summary).toHaveAttribute('data-ok', 'true');
  for (const i of [0, 1, 2]) await expect(page.getByTestId(`check-${i}`)).toHaveAttribute('data-state', 'pass');
  // What the engine saw is under each row: the route found, for one.
  await expect(page.getByTestId('check-detail-1')).toContainText('10.71.2.0/24 via 10.71.1.254');
  await expect(page.getByTestId('checks-error')).toHaveCount(0);
  await expect(page.getByTestId('checks-tab').locator('.tab-dot.ok')).toHaveCount(1);
  // The run deployed the lab: the canvas shows its nodes running.
  await expect(page.getByTestId('node-client')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await screenshot(page, 'checks-panel-run');
  await page.getByTestId('theme').click();
  await screenshot(page, 'checks-panel-run-dark');
  await page.getByTestId('theme').click();
});

test('a row selects its nodes on the canvas', async () => {
  await page.getByTestId('check-0').click();
  await expect(page.getByTestId('node-client')).toHaveClass(/selected/);
  await expect(page.getByTestId('node-server')).toHaveClass(/selected/);
  await page.getByTestId('check-1').click();
  await expect(page.getByTestId('node-client')).toHaveClass(/selected/);
  await expect(page.getByTestId('node-server')).not.toHaveClass(/selected/);
  await page.waitForTimeout(400); // the focus animation
  await screenshot(page, 'checks-row-focus');
  if (guideHeading()) {
    await page.getByTestId('guide-tab').click();
    await expect(page.getByTestId('guide')).toBeVisible();
    await page.getByTestId('theme').click();
    await screenshot(page, 'checks-guide-tab-dark');
    await page.getByTestId('theme').click();
  }
  // Four tabs fit the narrow Properties sidebar too.
  await page.getByTestId('sidebar-properties').click();
  await expect(page.getByTestId('properties')).toBeVisible();
  await screenshot(page, 'checks-tabs-properties');
});

const load = (text: string) => page.evaluate((t) => (window as unknown as { __topolab: { getState(): { load(t: string): void } } }).__topolab.getState().load(t), text);

test('a lab that cannot be checked says why; one with no expectations says how to add them', async () => {
  // A claim about a node the lab does not have: the engine refuses before deploying anything.
  await load(`topolab: 1\nname: ${BAD}\nnodes:\n  - id: a\nexpectations:\n  - {from: a, to: ghost, reachable: true}\n`);
  // The guide was two-lans': its tab goes, and the sidebar falls back to Properties.
  await expect(page.getByTestId('guide-tab')).toHaveCount(0);
  await expect(page.getByTestId('properties')).toBeVisible();
  await page.getByTestId('checks-tab').click();
  await expect(page.getByTestId('checks')).toBeVisible();
  await expect(page.getByTestId('checks-summary')).toHaveCount(0); // the old run was two-lans'
  await expect(page.getByTestId('check-0')).toContainText('a → ghost is reachable');
  await page.getByTestId('checks-run').click();
  const error = page.getByTestId('checks-error');
  await expect(error).toContainText('The lab has problems to fix first, so nothing was deployed or checked');
  await expect(error).toContainText('there is no node ghost in this lab');
  await expect(page.getByTestId('check-0')).toHaveAttribute('data-state', 'pending');
  await screenshot(page, 'checks-invalid');

  await load('topolab: 1\nname: e2e-checks-empty\nnodes:\n  - id: web\n  - id: db\n');
  await expect(page.getByTestId('checks-empty')).toContainText('{from: web, to: db, reachable: true}');
  await expect(page.getByTestId('checks-run')).toBeDisabled();
  await page.getByTestId('theme').click();
  await screenshot(page, 'checks-empty-dark');
  await page.getByTestId('theme').click();
});

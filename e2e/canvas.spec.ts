// The canvas end to end, in Chromium, against the real engine through the bridge:
// draw two containers and a bridge, connect them, set an IP, deploy, see both
// running, check they reach each other, add a third, redeploy (only it is created),
// save and reopen the file, destroy. A screenshot of every step is kept.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, drop } from './canvas-helpers';
import { cleanupLab, docker } from './engine-helpers';

const LAB = 'e2e-canvas';
const SHOTS = 'test-results/e2e/screens';
const labContainers = () => docker('ps', '-a', '--filter', `label=io.topolab.lab=${LAB}`, '--format', '{{.Names}}').split('\n').filter(Boolean);

const cleanup = () => cleanupLab(LAB);

let step = 0;
async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${String(++step).padStart(2, '0')}-${name}.png`) });
}

/** Ids of the lab's nodes and networks, straight from the store's document. */
async function labIds(page: Page): Promise<{ nodes: string[]; networks: string[] }> {
  return page.evaluate(() => {
    const store = (window as unknown as { __topolab: { getState(): { document?: { nodes?: { id: string }[]; networks?: { id: string }[] } } } }).__topolab;
    const doc = store.getState().document;
    return { nodes: (doc?.nodes ?? []).map((n) => n.id), networks: (doc?.networks ?? []).map((n) => n.id) };
  });
}

async function deploy(page: Page): Promise<string[]> {
  await page.getByTestId('deploy').click();
  const preview = page.getByTestId('plan-preview');
  await expect(preview).toBeVisible();
  await expect(page.getByTestId('plan-confirm')).toBeEnabled();
  const changes = await preview.locator('[data-testid^="change-"]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-action')} ${e.getAttribute('data-testid')}`));
  await shot(page, 'plan-preview');
  await page.getByTestId('plan-confirm').click();
  await expect(page.getByTestId('deploy-progress')).toHaveAttribute('data-phase', 'ok', { timeout: 120_000 });
  await shot(page, 'deploy-progress');
  await page.getByTestId('plan-close').click();
  return changes;
}

test.beforeAll(cleanup);
test.afterAll(cleanup);

test('draw, deploy, edit, redeploy, save, reopen, destroy', async ({ page }) => {
  const url = process.env.TOPOLAB_E2E_URL!;
  await page.goto(url);
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.getByTestId('new').click();
  await page.getByTestId('field-lab-name').fill(LAB);
  await shot(page, 'empty-canvas');

  // Draw: a bridge and two containers, connected.
  await drop(page, 'bridge', 700, 220);
  await drop(page, 'container', 500, 480);
  await drop(page, 'container', 900, 480);
  const drawn = await labIds(page);
  expect(drawn.networks).toHaveLength(1);
  expect(drawn.nodes).toHaveLength(2);
  const [net] = drawn.networks;
  const [a, b] = drawn.nodes;
  await connect(page, a, net);
  await connect(page, b, net);
  await shot(page, 'drawn-and-connected');

  // A subnet and a fixed IP for the first container.
  await page.getByTestId(`node-${net}`).click();
  await page.getByTestId('field-subnet').fill('10.95.1.0/24');
  await page.getByTestId(`node-${a}`).click();
  await page.getByTestId('field-interfaces.0.ip').fill('10.95.1.10');
  await expect(page.getByTestId('diagnostics')).toContainText('No problems');
  await shot(page, 'ip-set');

  // Deploy: everything is created, both nodes run.
  const first = await deploy(page);
  expect(first.filter((c) => c.startsWith('create'))).toHaveLength(3);
  await expect(page.getByTestId(`node-${a}`)).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await expect(page.getByTestId(`node-${b}`)).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  // Interface labels now show the engine's addresses, not the plan: b's was "(auto)".
  const bIp = docker('inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', `topolab-${LAB}-${b}`);
  await expect(page.getByTestId(`rf__edge-if:${b}:0`).locator('.react-flow__edge-text')).toHaveText(`eth0 · ${bIp}`);
  await expect(page.getByTestId(`rf__edge-if:${a}:0`).locator('.react-flow__edge-text')).toHaveText('eth0 · 10.95.1.10');
  await shot(page, 'running');

  // Reachability, checked on the engine itself.
  execFileSync('docker', ['exec', `topolab-${LAB}-${b}`, 'ping', '-c', '1', '-W', '2', '10.95.1.10']);

  // Edit the running lab: a third container; only it is created.
  await drop(page, 'container', 700, 650);
  const third = (await labIds(page)).nodes.find((n) => n !== a && n !== b)!;
  await connect(page, third, net);
  const second = await deploy(page);
  expect(second).toEqual([`create change-node-${third}`]);
  await expect(page.getByTestId(`node-${third}`)).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  expect(labContainers()).toHaveLength(3);
  await shot(page, 'third-running');

  // Save, start afresh, reopen: the same lab comes back.
  await page.getByTestId('save').click();
  await page.getByTestId('field-file-name').fill('e2e-canvas.yaml');
  await page.getByTestId('save-confirm').click();
  const saved = join(process.env.TOPOLAB_E2E_WORKSPACE!, 'e2e-canvas.yaml');
  await expect.poll(() => existsSync(saved)).toBe(true);
  expect(readFileSync(saved, 'utf8')).toContain(`name: ${LAB}`);
  await page.getByTestId('new').click();
  expect((await labIds(page)).nodes).toHaveLength(0);
  await page.getByTestId('open').click();
  await page.getByTestId('file-e2e-canvas.yaml').click();
  await expect(page.getByTestId(`node-${third}`)).toBeVisible();
  expect((await labIds(page)).nodes.sort()).toEqual([a, b, third].sort());
  await shot(page, 'reopened');

  // Destroy: the engine is clean.
  await page.getByTestId('destroy').click();
  await page.getByTestId('destroy-confirm').click();
  await expect(page.getByTestId('destroy-result')).toBeVisible({ timeout: 60_000 });
  await shot(page, 'destroyed');
  expect(labContainers()).toEqual([]);
  expect(docker('network', 'ls', '--filter', `label=io.topolab.lab=${LAB}`, '--format', '{{.Name}}')).toBe('');
});

// A two-host overlay lab built by dragging, in Chromium, against the real engine: two
// virtual hosts (nested Docker engines) joined by an underlay bridge on the local engine,
// an overlay across them, a container in each. Deploy (the preview lists the host starts),
// see hosts and nodes running, destroy. Only the lab e2e-mh is touched; subnets stay in
// 10.75.0.0/16. Screenshots of every step are kept in test-results/e2e/screens.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { clickPane, connect, drop, labDoc, screenshot } from './canvas-helpers';
import { cleanupLab, docker } from './engine-helpers';

const LAB = 'e2e-mh';
const labContainers = () => docker('ps', '-a', '--filter', `label=io.topolab.lab=${LAB}`, '--format', '{{.Names}}').split('\n').filter(Boolean);

function teardown(): void {
  // the lab's own `down` knows virtual hosts; removing by label catches whatever is left
  try {
    execFileSync(process.execPath, ['bin/topolab.mjs', 'down', '--lab', LAB], { stdio: 'ignore', timeout: 120_000 });
  } catch { /* the label sweep below still runs */ }
  cleanupLab(LAB);
}

test.beforeAll(teardown);
test.afterAll(teardown);

/** Drags from a port on a host box's edge onto a network: an underlay interface of the host. */
async function connectHost(page: Page, host: string, network: string, side: 'bottom' | 'top' | 'left' | 'right' = 'bottom'): Promise<void> {
  const port = page.getByTestId(`node-${host}`).locator(`.react-flow__handle.host-port.react-flow__handle-${side}`);
  const from = (await port.boundingBox())!;
  const to = (await page.getByTestId(`node-${network}`).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
  await page.mouse.up();
}

/** Selects a host by its title bar (its middle may be a member). */
async function selectHost(page: Page, host: string): Promise<void> {
  await page.getByTestId(`node-${host}`).locator('.tl-host-head .tl-title').click();
  await expect(page.getByTestId('properties').locator('h2')).toHaveText(`Host · ${host}`);
}

async function rename(page: Page, from: string, to: string): Promise<void> {
  await page.getByTestId(`node-${from}`).locator('.tl-title').first().click();
  await page.getByTestId('field-id').fill(to);
  await page.getByTestId('field-id').press('Enter');
  await expect(page.getByTestId(`node-${to}`)).toBeVisible();
}

test('two virtual hosts, an underlay and an overlay, built by dragging; deploy, running, destroy', async ({ page }) => {
  test.setTimeout(360_000);
  await page.goto(process.env.TOPOLAB_E2E_URL!);
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.getByTestId('new').click();
  await page.getByTestId('field-lab-name').fill(LAB);
  await page.getByTestId('field-lab-name').press('Enter');
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  const cx = canvas.x + canvas.width / 2;

  // Two hosts side by side, both made virtual in their panels.
  await drop(page, 'host', cx - 200, canvas.y + 300);
  await drop(page, 'host', cx + 200, canvas.y + 300);
  const hosts = (await labDoc(page)).hosts!.map((h) => h.id);
  expect(hosts).toEqual(['host1', 'host2']);
  for (const host of hosts) {
    await selectHost(page, host);
    await page.getByTestId('field-kind').selectOption('virtual');
    await expect(page.getByTestId(`node-${host}`)).toHaveAttribute('data-host-kind', 'virtual');
    await expect(page.getByTestId(`node-${host}`).getByTestId('host-kind-badge')).toHaveText('virtual');
  }

  // The underlay: a bridge on the local canvas, below the hosts; the overlay above them.
  await drop(page, 'bridge', cx, canvas.y + 600);
  await drop(page, 'overlay', cx, canvas.y + 90);
  // A container inside each host: it runs there.
  // low in the boxes (they grow to fit), so the links' labels sit inside, clear of the title bars
  await drop(page, 'container', cx - 200, canvas.y + 380);
  await drop(page, 'container', cx + 200, canvas.y + 380);
  let doc = await labDoc(page);
  expect(doc.networks!.map((n) => [n.id, n.host])).toEqual([['lan1', undefined], ['overlay1', undefined]]);
  expect(doc.nodes!.map((n) => [n.id, n.host])).toEqual([['node1', 'host1'], ['node2', 'host2']]);
  await screenshot(page, 'mh-01-dropped');

  // Wiring: the containers onto the overlay, each host's port onto the underlay bridge.
  await connect(page, 'node1', 'overlay1');
  await connect(page, 'node2', 'overlay1');
  await connectHost(page, 'host1', 'lan1');
  await connectHost(page, 'host2', 'lan1');
  doc = await labDoc(page);
  expect(doc.hosts!.map((h) => (h as { interfaces?: unknown }).interfaces)).toEqual([[{ network: 'lan1' }], [{ network: 'lan1' }]]);
  await expect(page.getByTestId('rf__edge-hif:host1:0')).toBeVisible();
  await expect(page.getByTestId('rf__edge-hif:host1:0')).toHaveClass(/underlay/);

  // Names that read well; renaming the underlay follows into the hosts' interfaces.
  await rename(page, 'lan1', 'underlay');
  await rename(page, 'overlay1', 'ovl');
  await rename(page, 'node1', 'web');
  await rename(page, 'node2', 'db');
  doc = await labDoc(page);
  expect(doc.hosts!.map((h) => (h as { interfaces?: unknown }).interfaces)).toEqual([[{ network: 'underlay' }], [{ network: 'underlay' }]]);

  // Subnets in 10.75.0.0/16 only.
  await page.getByTestId('node-underlay').click();
  await page.getByTestId('field-subnet').fill('10.75.0.0/24');
  await page.getByTestId('node-ovl').click();
  await page.getByTestId('field-subnet').fill('10.75.10.0/24');

  // host1's address on the underlay, in its panel; undo and redo it with the keyboard.
  await selectHost(page, 'host1');
  await expect(page.getByTestId('field-interfaces.0.network')).toHaveValue('underlay');
  await page.getByTestId('field-interfaces.0.ip').fill('10.75.0.11');
  await expect(page.getByTestId('rf__edge-hif:host1:0').locator('.react-flow__edge-text')).toHaveText('eth0 · 10.75.0.11');
  await clickPane(page, canvas.x + 60, canvas.y + canvas.height - 60);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await labDoc(page)).hosts![0]).toMatchObject({ interfaces: [{ network: 'underlay' }] });
  await expect(page.getByTestId('rf__edge-hif:host1:0').locator('.react-flow__edge-text')).toContainText('(auto)');
  await page.keyboard.press('Control+Shift+Z');
  await expect.poll(async () => (await labDoc(page)).hosts![0]).toMatchObject({ interfaces: [{ network: 'underlay', ip: '10.75.0.11' }] });
  await selectHost(page, 'host1');
  await expect(page.getByTestId('field-interfaces.0.ip')).toHaveValue('10.75.0.11');
  await screenshot(page, 'mh-02a-host-panel');
  await clickPane(page, canvas.x + 60, canvas.y + canvas.height - 60);

  await expect(page.getByTestId('diagnostics')).toContainText('No problems');
  await page.waitForTimeout(300);
  await screenshot(page, 'mh-02-built');

  // Deploy: the preview lists the virtual hosts being started.
  await page.getByTestId('deploy').click();
  const preview = page.getByTestId('plan-preview');
  await expect(page.getByTestId('plan-confirm')).toBeEnabled({ timeout: 60_000 });
  await expect(preview.getByTestId('change-host-host1')).toHaveAttribute('data-action', 'create');
  await expect(preview.getByTestId('change-host-host2')).toHaveAttribute('data-action', 'create');
  await expect(preview.getByTestId('plan-hosts')).toContainText('start virtual host host1 on 10.75.0.11');
  await expect(preview.getByTestId('plan-hosts')).toContainText('start virtual host host2');
  await screenshot(page, 'mh-03-preview');
  await page.getByTestId('plan-confirm').click();
  // while it runs, a host box says what it is doing
  await expect(page.getByTestId('node-host1')).toHaveAttribute('data-state', /starting|running/, { timeout: 60_000 });
  await screenshot(page, 'mh-03a-deploying');
  await expect(page.getByTestId('deploy-progress')).toHaveAttribute('data-phase', 'ok', { timeout: 150_000 });
  await screenshot(page, 'mh-04-deployed-progress');
  await page.getByTestId('plan-close').click();

  // Hosts and their nodes run.
  for (const host of hosts) await expect(page.getByTestId(`node-${host}`)).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await expect(page.getByTestId('node-web')).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
  await expect(page.getByTestId('node-db')).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
  expect(labContainers()).toEqual(expect.arrayContaining([`topolab-${LAB}-host1`, `topolab-${LAB}-host2`]));
  await page.waitForTimeout(500);
  await screenshot(page, 'mh-05-running');

  // Destroy: the engine has nothing of the lab left.
  await page.getByTestId('destroy').click();
  await page.getByTestId('destroy-confirm').click();
  await expect(page.getByTestId('destroy-result')).toBeVisible({ timeout: 120_000 });
  await screenshot(page, 'mh-06-destroyed');
  expect(labContainers()).toEqual([]);
  expect(docker('network', 'ls', '--filter', `label=io.topolab.lab=${LAB}`, '--format', '{{.Name}}')).toBe('');
  await expect(page.getByTestId('node-host1')).toHaveAttribute('data-state', 'none');
});

// A trace across virtual hosts, run from the drawer: its hops and VXLAN headers are
// checked in test/integration/multi-host-trace.test.ts; this keeps the picture of it.
const TRACE_LAB = `topolab: 1
name: ${LAB}
hosts:
  - id: host1
    kind: virtual
    interfaces: [{network: underlay, ip: 10.75.0.11}]
  - id: host2
    kind: virtual
    interfaces: [{network: underlay, ip: 10.75.0.12}]
networks:
  - {id: underlay, driver: bridge, subnet: 10.75.0.0/24}
  - {id: ovl, driver: overlay, subnet: 10.75.10.0/24}
nodes:
  - {id: web, host: host1, interfaces: [{network: ovl, ip: 10.75.10.10}]}
  - {id: db, host: host2, interfaces: [{network: ovl, ip: 10.75.10.20}]}
layout:
  ovl: {x: 300, y: -200}
  host1: {x: 0, y: 0, width: 320, height: 230}
  web: {x: 70, y: 120}
  host2: {x: 420, y: 0, width: 320, height: 230}
  db: {x: 70, y: 120}
  underlay: {x: 260, y: 380}
`;

test('a trace from web to db across the hosts (picture only)', async ({ page }) => {
  test.setTimeout(360_000);
  await page.goto(process.env.TOPOLAB_E2E_URL!);
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.evaluate((text) => (window as unknown as { __topolab: { getState(): { load(t: string): void } } }).__topolab.getState().load(text), TRACE_LAB);
  await expect(page.getByTestId('diagnostics')).toContainText('No problems');
  await page.getByTestId('deploy').click();
  await expect(page.getByTestId('plan-confirm')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('plan-confirm').click();
  await expect(page.getByTestId('deploy-progress')).toHaveAttribute('data-phase', 'ok', { timeout: 150_000 });
  await page.getByTestId('plan-close').click();
  for (const node of ['web', 'db']) await expect(page.getByTestId(`node-${node}`)).toHaveAttribute('data-state', 'running', { timeout: 60_000 });

  await page.getByTestId('trace-open').click();
  await page.getByTestId('trace-from').selectOption('web');
  await page.getByTestId('trace-to').selectOption('db');
  await page.getByTestId('trace-protocol').selectOption('icmp');
  await expect(page.getByTestId('trace-run')).toBeEnabled();
  await page.getByTestId('trace-run').click();
  await expect(page.getByTestId('trace-verdict').or(page.getByTestId('trace-error'))).toBeVisible({ timeout: 150_000 });
  await page.waitForTimeout(1500); // a few steps of the animation
  await screenshot(page, 'mh-07-trace');

  await page.getByTestId('destroy').click();
  await page.getByTestId('destroy-confirm').click();
  await expect(page.getByTestId('destroy-result')).toBeVisible({ timeout: 120_000 });
  expect(labContainers()).toEqual([]);
});

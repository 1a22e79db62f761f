// The Inspector and consoles end to end, against the real engine: two nodes and a router
// on a bridge, a second bridge behind the router. A's namespaces are inspected (its
// address, its veth's host end); an ARP entry appears in b after a ping inside the lab
// and lights up; the bridge is read as a network and the host's bridges and Docker
// rules with the lab's marked; a console in a runs `ip -br addr`, and Escape gives the
// keyboard back to the canvas.
import { expect, test, type Page } from '@playwright/test';
import { cleanupLab, docker } from './engine-helpers';
import { screenshot } from './canvas-helpers';

const LAB = 'e2e-inspect';

const cleanup = () => cleanupLab(LAB);

const TEXT = `topolab: 1
name: ${LAB}
networks:
  - id: lan
    driver: bridge
    subnet: 10.98.1.0/24
  - id: lan2
    driver: bridge
    subnet: 10.98.2.0/24
nodes:
  - id: a
    interfaces:
      - {network: lan, ip: 10.98.1.10}
    routes:
      - {to: 10.98.2.0/24, via: 10.98.1.254}
  - id: b
    interfaces:
      - {network: lan, ip: 10.98.1.11}
  - id: r1
    kind: router
    interfaces:
      - {network: lan, ip: 10.98.1.254}
      - {network: lan2, ip: 10.98.2.254}
layout:
  lan: {x: 0, y: 0}
  lan2: {x: 520, y: 0}
  r1: {x: 300, y: 140}
  a: {x: 0, y: 280}
  b: {x: 240, y: 280}
`;

test.describe.configure({ mode: 'serial' });
let page: Page;

test.beforeAll(async ({ browser }) => {
  cleanup();
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page?.close();
  cleanup();
});

const row = (section: string, key: string) => page.getByTestId(`inspect-row-${section}-${key}`);

test('inspect a node live: its addresses, its veth on the bridge, a new ARP entry lit up', async () => {
  await page.goto(process.env.TOPOLAB_E2E_URL!);
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.evaluate((text) => (window as unknown as { __topolab: { getState(): { load(t: string): void } } }).__topolab.getState().load(text), TEXT);

  // Before deploying: the Inspector says what to do instead of failing.
  await page.getByTestId('node-a').click();
  await page.getByTestId('inspector-open').click();
  await expect(page.getByTestId('inspector')).toBeVisible();
  await expect(page.getByTestId('inspect-blocker')).toHaveText('Deploy the lab to inspect it.');
  await expect(page.getByTestId('inspector-console')).toBeDisabled();

  await page.getByTestId('deploy').click();
  await expect(page.getByTestId('plan-confirm')).toBeEnabled();
  await page.getByTestId('plan-confirm').click();
  await expect(page.getByTestId('deploy-result')).toHaveText('Deployed.', { timeout: 120_000 });
  await page.getByTestId('plan-close').click();
  for (const node of ['a', 'b', 'r1']) await expect(page.getByTestId(`node-${node}`)).toHaveAttribute('data-state', 'running', { timeout: 30_000 });

  // a: its address on eth0, and eth0's other end: a host veth on the lab's bridge for lan.
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-target', 'node:a');
  await expect(row('interfaces', 'eth0')).toContainText('10.98.1.10/24', { timeout: 30_000 });
  await expect(page.getByTestId('inspect-peer-eth0')).toHaveText(/^↔ host veth\w+ on br-[0-9a-f]{12} \(lan\)$/);
  await expect(row('routes', 'main|10.98.2.0/24|eth0')).toContainText('10.98.2.0/24 via 10.98.1.254 dev eth0');
  await expect(page.getByTestId('inspect-section-firewall')).toBeVisible();
  await expect(page.getByTestId('dns-embedded')).toContainText("Docker's embedded resolver");
  // Namespaces every container shares (user): hovering lights the sharers up on the canvas.
  await expect(row('namespaces', 'user')).toContainText(/shared with .*b/);
  await row('namespaces', 'user').hover();
  await expect(page.locator('.react-flow__node.ns-highlight')).toHaveCount(2);
  await expect(page.locator('.react-flow__node.ns-highlight [data-testid="node-b"]')).toHaveCount(1);
  await screenshot(page, 'inspect-namespace-hover');
  await page.getByTestId('inspect-section-interfaces').hover();
  await expect(page.locator('.react-flow__node.ns-highlight')).toHaveCount(0);

  // b with an empty ARP cache: a ping to a inside the lab adds a's entry, which lights up.
  docker('exec', `topolab-${LAB}-b`, 'ip', 'neigh', 'flush', 'all');
  await page.getByTestId('node-b').click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-target', 'node:b');
  await expect(row('interfaces', 'eth0')).toContainText('10.98.1.11/24', { timeout: 30_000 });
  const arp = row('neighbours', '10.98.1.10|eth0');
  await expect(arp).toHaveCount(0);
  docker('exec', `topolab-${LAB}-b`, 'ping', '-c', '2', '-i', '0.2', '-W', '1', '10.98.1.10');
  await expect(arp).toHaveAttribute('data-new', 'true', { timeout: 15_000 });
  await expect(arp).toContainText(/([0-9a-f]{2}:){5}[0-9a-f]{2}/);
  await expect(arp.locator('.row-chip')).toHaveText(/new|changed/);
  await expect(page.getByTestId('inspect-section-neighbours').locator('.new-chip')).toBeVisible();
  await arp.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'inspect-node-arp');
  await page.getByTestId('theme').click();
  await screenshot(page, 'inspect-node-arp-dark');
  await page.getByTestId('theme').click();
});

test('a network: Docker beside the kernel; the host: the lab\'s bridges and rules marked', async () => {
  await page.getByTestId('node-lan').click();
  const net = page.getByTestId('inspect-network');
  await expect(net).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('inspect-section-docker')).toContainText('10.98.1.0/24');
  await expect(page.getByTestId('inspect-bridge')).toHaveAttribute('data-device', /^br-[0-9a-f]{12}$/);
  for (const node of ['a', 'b', 'r1']) {
    await expect(row('containers', node)).toContainText(/10\.98\.1\.\d+/);
    await expect(page.getByTestId('inspect-section-ports').locator('tr', { hasText: `↔ ${node}` })).toHaveCount(1);
  }
  await expect(page.getByTestId('inspect-section-ports').locator('tr', { hasText: '↔ a' })).toContainText('forwarding');
  await screenshot(page, 'inspect-network');
  const bridge = await page.getByTestId('inspect-bridge').getAttribute('data-device');

  await page.getByTestId('inspector-host').click();
  await expect(page.getByTestId('inspector-host')).toHaveAttribute('aria-pressed', 'true');
  const host = page.getByTestId('inspect-host');
  await expect(host).toBeVisible({ timeout: 30_000 });
  const labBridges = host.locator('[data-testid^="inspect-row-bridges-"][data-lab="true"]');
  await expect(labBridges).toHaveCount(2);
  await expect(labBridges.first()).toContainText(/lan2?/);
  await expect(row('bridges', bridge!)).toHaveAttribute('data-lab', 'true');
  await expect(host.locator('[data-testid^="inspect-row-veths-"][data-lab="true"]')).toHaveCount(4);
  await expect(host.locator('[data-testid^="inspect-row-hostfw-"][data-lab="true"]').first()).toBeVisible();
  await expect(host.locator('[data-testid^="inspect-row-hostfw-nat/POSTROUTING/"][data-lab="true"]').first()).toContainText('MASQUERADE');
  await screenshot(page, 'inspect-host');
  await page.getByTestId('theme').click();
  await screenshot(page, 'inspect-host-dark');
  await page.getByTestId('theme').click();
});

test('a console in a node: typed commands run there; Escape gives the keyboard back to the canvas', async () => {
  await page.getByTestId('node-a').dblclick();
  const tab = page.getByTestId('console-tab-a');
  await expect(tab).toBeVisible();
  await expect(tab).toHaveAttribute('data-status', 'open', { timeout: 30_000 });
  const terminal = page.getByTestId('console-a');
  await expect(terminal.locator('textarea')).toBeFocused();
  // The selection moved to a: the Host view gave way to it.
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-target', 'node:a');

  // Keys typed in the terminal are the shell's: Backspace does not delete the selected node.
  await page.keyboard.type('x');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('ip -br addr');
  await page.keyboard.press('Enter');
  await expect(terminal.locator('.xterm-rows')).toContainText('10.98.1.10/24', { timeout: 15_000 });
  await expect(page.getByTestId('node-a')).toBeVisible();
  await screenshot(page, 'inspect-console');
  await page.getByTestId('theme').click();
  await screenshot(page, 'inspect-console-dark');
  await page.getByTestId('theme').click();

  // Back in the terminal (the theme button had the focus), then Escape: the canvas has the
  // keyboard again, and its shortcuts work (Delete, then Ctrl+Z).
  await terminal.click();
  await expect(terminal.locator('textarea')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('canvas')).toBeFocused();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-a')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('node-a')).toBeVisible();
  // A click on the canvas takes the keyboard back too.
  await terminal.click();
  await page.getByTestId('node-b').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-b')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('node-b')).toBeVisible();

  // Dragging the drawer taller gives the shell more rows (consoleResize).
  const size = async (): Promise<number> => {
    await terminal.click();
    await page.keyboard.type('echo SIZE $(stty size)');
    await page.keyboard.press('Enter');
    let rows = 0;
    await expect.poll(async () => {
      const found = [...(await terminal.locator('.xterm-rows').innerText()).matchAll(/SIZE (\d+) (\d+)/g)];
      rows = Number(found.at(-1)?.[1] ?? 0);
      return found.length;
    }).toBeGreaterThan(0);
    return rows;
  };
  const before = await size();
  expect(before).toBeGreaterThan(5);
  const edge = (await page.locator('.console-resize').boundingBox())!;
  await page.mouse.move(edge.x + 400, edge.y + edge.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge.x + 400, edge.y - 150, { steps: 8 });
  await page.mouse.up();
  await expect.poll(size, { timeout: 10_000 }).toBeGreaterThan(before + 5);

  // A second console, then closing both; the drawer goes with the last.
  await page.getByTestId('node-b').dblclick();
  await expect(page.getByTestId('console-tab-b')).toHaveAttribute('data-status', 'open', { timeout: 30_000 });
  await expect(page.getByTestId('console-tab-b')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('console-close-b').click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('console-close-a').click();
  await expect(page.getByTestId('console-drawer')).toHaveCount(0);

  // One bottom drawer at a time: the trace takes the consoles' place, and back.
  await page.getByTestId('consoles-open').click();
  await expect(page.getByTestId('console-drawer')).toContainText('Double-click a running node');
  await page.getByTestId('trace-open').click();
  await expect(page.getByTestId('trace-panel')).toBeVisible();
  await expect(page.getByTestId('console-drawer')).toHaveCount(0);
  await page.getByTestId('consoles-open').click();
  await expect(page.getByTestId('trace-panel')).toHaveCount(0);
  await page.getByTestId('consoles-open').click();
});

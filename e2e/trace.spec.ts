// Trace and live traffic end to end, against the real engine: a client and a server on
// two bridges joined by a router. One ping is traced and replayed on the canvas hop by
// hop, its headers read at the server; a TCP connect to a closed port stops at the
// server; then live rates show on the client's edge while it pings (inside the lab only).
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cleanupLab } from './engine-helpers';
import { screenshot } from './canvas-helpers';

const LAB = 'e2e-trace';

const cleanup = () => cleanupLab(LAB);

const TEXT = `topolab: 1
name: ${LAB}
networks:
  - id: lan1
    driver: bridge
    subnet: 10.97.1.0/24
  - id: lan2
    driver: bridge
    subnet: 10.97.2.0/24
nodes:
  - id: client
    interfaces:
      - {network: lan1, ip: 10.97.1.10}
    routes:
      - {to: 10.97.2.0/24, via: 10.97.1.254}
  - id: r1
    kind: router
    interfaces:
      - {network: lan1, ip: 10.97.1.254}
      - {network: lan2, ip: 10.97.2.254}
  - id: server
    interfaces:
      - {network: lan2, ip: 10.97.2.10}
    routes:
      - {to: 10.97.1.0/24, via: 10.97.2.254}
layout:
  lan1: {x: 0, y: 0}
  r1: {x: 290, y: 170}
  lan2: {x: 560, y: 0}
  client: {x: 20, y: 320}
  server: {x: 580, y: 320}
`;

/** The path there and back, as canvas ids, in the order the packet takes it. */
const THERE = ['if:client:0', 'lan1', 'if:r1:0', 'if:r1:1', 'lan2', 'if:server:0'];
const BACK = ['if:server:0', 'lan2', 'if:r1:1', 'if:r1:0', 'lan1', 'if:client:0'];

// One page and one deployed lab for both tests, in order: the second watches the lab the first deployed.
test.describe.configure({ mode: 'serial' });
let page: Page;

test.beforeAll(async ({ browser }) => {
  cleanup();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

test.afterAll(async () => {
  await page?.close();
  cleanup();
});

async function stations(): Promise<string[]> {
  return ((await page.getByTestId('canvas').getAttribute('data-trace-stations')) ?? '').split(',');
}

async function step(): Promise<number> {
  return Number(await page.getByTestId('canvas').getAttribute('data-trace-step'));
}

/** Index of the first hop matching, from the trace in the store. */
async function hopIndex(match: { place: string; role: string; direction: string }): Promise<number> {
  return page.evaluate((m) => {
    const store = (window as unknown as { __topolab: { getState(): { trace?: { hops: { index: number; place: string; role: string; direction: string }[] } } } }).__topolab;
    return store.getState().trace?.hops.find((h) => h.place === m.place && h.role === m.role && h.direction === m.direction)?.index ?? -1;
  }, match);
}

test('trace a ping hop by hop, then a connection to a closed port', async () => {
  await page.goto(process.env.TOPOLAB_E2E_URL!);
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.evaluate((text) => (window as unknown as { __topolab: { getState(): { load(t: string): void } } }).__topolab.getState().load(text), TEXT);

  // Before deploying, the drawer opens but cannot trace, and says why.
  await page.getByTestId('trace-open').click();
  await expect(page.getByTestId('trace-panel')).toBeVisible();
  await expect(page.getByTestId('trace-run')).toBeDisabled();
  await expect(page.getByTestId('trace-run')).toHaveAttribute('title', /Deploy the lab first/);
  await expect(page.getByTestId('traffic-toggle')).toBeDisabled();

  await page.getByTestId('deploy').click();
  await expect(page.getByTestId('plan-confirm')).toBeEnabled();
  await page.getByTestId('plan-confirm').click();
  await expect(page.getByTestId('deploy-result')).toHaveText('Deployed.', { timeout: 120_000 });
  await page.getByTestId('plan-close').click();
  for (const node of ['client', 'r1', 'server']) await expect(page.getByTestId(`node-${node}`)).toHaveAttribute('data-state', 'running', { timeout: 30_000 });

  // ICMP client → server: delivered, there and back through r1.
  await page.getByTestId('trace-from').selectOption('client');
  await page.getByTestId('trace-to').selectOption('server');
  await page.getByTestId('trace-protocol').selectOption('icmp');
  await expect(page.getByTestId('trace-run')).toBeEnabled();
  await page.getByTestId('trace-run').click();
  await expect(page.getByTestId('trace-phase')).toBeVisible();
  const verdict = page.getByTestId('trace-verdict');
  await expect(verdict).toHaveAttribute('data-outcome', 'delivered', { timeout: 90_000 });
  await expect(verdict).toContainText(/Delivered: server \(10\.97\.2\.10\) answered in [\d.]+ ms\./);
  expect(await stations()).toEqual([...THERE, ...BACK]);

  // It plays by itself: catch it mid-way, the packet on an edge of the path.
  await expect(page.getByTestId('trace-play')).toHaveAttribute('aria-pressed', 'true');
  const dotOnEdge = async () => (await step()) >= 2 && (await page.getByTestId('trace-dot').count()) === 1;
  await expect.poll(dotOnEdge, { intervals: [50] }).toBe(true);
  await screenshot(page, 'trace-animating');

  // Step by hand from the start.
  await page.getByTestId('trace-restart').click();
  await expect(page.getByTestId('trace-play')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-trace-step', '0');
  const clientEdge = page.getByTestId('rf__edge-if:client:0');
  await expect(clientEdge).toHaveAttribute('data-trace-role', 'request');
  await expect(clientEdge).toHaveAttribute('data-trace-current', 'true');
  await page.getByTestId('trace-step').click();
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-trace-step', '1');
  await expect(page.getByTestId('trace-ring-lan1')).toHaveAttribute('data-trace-current', 'true');
  await expect(clientEdge).not.toHaveAttribute('data-trace-current', 'true');
  await page.getByTestId('trace-step').click();
  await expect(page.getByTestId('rf__edge-if:r1:0')).toHaveAttribute('data-trace-current', 'true');
  await expect(page.getByTestId('rf__edge-if:r1:0')).toHaveAttribute('data-trace-role', 'request');
  for (let i = 3; i <= 6; i++) await page.getByTestId('trace-step').click();
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-trace-step', '6');
  const serverEdge = page.getByTestId('rf__edge-if:server:0');
  await expect(serverEdge).toHaveAttribute('data-trace-current', 'true');
  await expect(serverEdge).toHaveAttribute('data-trace-role', 'reply');
  await page.getByTestId('trace-back').click();
  await expect(serverEdge).toHaveAttribute('data-trace-role', 'request');

  // The event list: the request arriving at the server, one router later: TTL 63.
  const atServer = await hopIndex({ place: 'server', role: 'request', direction: 'in' });
  expect(atServer).toBeGreaterThan(0);
  await expect(page.getByTestId('trace-events').locator('tr.event')).toHaveCount(await page.evaluate(() => (window as unknown as { __topolab: { getState(): { trace: { hops: unknown[] } } } }).__topolab.getState().trace.hops.length));
  await page.getByTestId(`trace-event-${atServer}`).click();
  await expect(page.getByTestId(`trace-event-${atServer}`)).toHaveAttribute('aria-selected', 'true');
  const layers = page.getByTestId('trace-layers');
  await expect(layers).toHaveAttribute('data-hop', String(atServer));
  await expect(layers.locator('[data-layer="Ethernet II"] summary')).toBeVisible();
  await expect(layers.locator('[data-layer="IPv4"] [data-field="TTL"] dd')).toHaveText('63');
  await expect(layers.locator('[data-layer="IPv4"] [data-field="Destination"] dd')).toHaveText('10.97.2.10');
  await expect(layers.locator('[data-layer="ICMP"]')).toContainText('echo request');
  // the packet moved to the server's edge and waits there
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-trace-step', '5');
  await expect(page.getByTestId('trace-routes')).toContainText('r1');
  await screenshot(page, 'trace-layers');

  // Exports: the capture as a pcap file (its magic number), the trace as JSON.
  const [pcap] = await Promise.all([page.waitForEvent('download'), page.getByTestId('trace-export-pcap').click()]);
  expect(pcap.suggestedFilename()).toBe(`${LAB}-trace.pcap`);
  expect([...readFileSync(await pcap.path()).subarray(0, 4)]).toEqual([0xd4, 0xc3, 0xb2, 0xa1]);
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('trace-export-json').click()]);
  expect(json.suggestedFilename()).toBe(`${LAB}-trace.json`);
  const exported = JSON.parse(readFileSync(await json.path(), 'utf8'));
  expect(exported.verdict.outcome).toBe('delivered');
  expect(exported.pcapBase64).toBeUndefined();

  // TCP to a port nothing listens on: refused at the server, marked there.
  await page.getByTestId('trace-protocol').selectOption('tcp');
  await page.getByTestId('trace-port').fill('9');
  await page.getByTestId('trace-run').click();
  await expect(verdict).toHaveAttribute('data-outcome', 'port-closed', { timeout: 90_000 });
  await expect(verdict).toContainText('refused the connection');
  await expect(page.getByTestId('trace-stop')).toBeVisible();
  await expect(page.getByTestId('trace-stop')).toHaveAttribute('data-node', 'server');
  await page.getByTestId('trace-speed').selectOption('4');
  await expect(page.getByTestId('trace-play')).toHaveAttribute('aria-pressed', 'false', { timeout: 15_000 });
  await screenshot(page, 'trace-port-closed');
  await page.getByTestId('theme').click();
  await screenshot(page, 'trace-port-closed-dark');
  await page.getByTestId('theme').click();
});

test('live traffic: rates and moving dots on the edges while the client pings', async () => {
  const clientEdge = page.getByTestId('rf__edge-if:client:0');
  await page.getByTestId('trace-open').click();
  await expect(page.getByTestId('trace-panel')).toBeHidden();
  await expect(page.getByTestId('canvas')).not.toHaveAttribute('data-trace-stations', /.*/);
  const toggle = page.getByTestId('traffic-toggle');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  let ping: ChildProcess | undefined;
  try {
    ping = spawn('docker', ['exec', `topolab-${LAB}-client`, 'ping', '-c', '20', '-i', '0.2', '10.97.2.10'], { stdio: 'ignore' });
    const rate = () => clientEdge.getAttribute('data-rate-bps').then(Number);
    await expect.poll(rate, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('traffic-label-if:client:0')).toContainText(/↑ \d+ pps · [\d.]+ [kM]?b\/s/);
    await expect(clientEdge.locator('.traffic-dots').first()).toBeAttached();
    await expect(page.getByTestId('rf__edge-if:r1:1')).toHaveAttribute('data-rate-bps', /^[1-9]/);
    await screenshot(page, 'trace-traffic');
    await page.getByTestId('theme').click();
    await screenshot(page, 'trace-traffic-dark');
    await page.getByTestId('theme').click();
  } finally {
    ping?.kill();
  }
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(clientEdge).not.toHaveAttribute('data-rate-bps', /.*/);
});

// Live state from the engine: a container whose process fails shows "error" with the
// engine's message (its exit code) on the badge tooltip and in the properties panel.
import { expect, test } from '@playwright/test';
import { cleanupLab, docker } from './engine-helpers';
import { screenshot } from './canvas-helpers';

const LAB = 'e2e-live';

const cleanup = () => cleanupLab(LAB);

const TEXT = `topolab: 1
name: ${LAB}
networks:
  - id: lan
    driver: bridge
    subnet: 10.96.1.0/24
nodes:
  - id: ok
    interfaces: [{network: lan}]
  - id: crash
    command: ["sh", "-c", "sleep 4; exit 3"]
    interfaces: [{network: lan}]
layout:
  lan: {x: 200, y: 100}
  ok: {x: 100, y: 300}
  crash: {x: 400, y: 300}
`;

test.beforeAll(cleanup);
test.afterAll(cleanup);

test('a failing container shows the engine message; deployed labels show live addresses', async ({ page }) => {
  await page.goto(process.env.TOPOLAB_E2E_URL!);
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.evaluate((text) => (window as unknown as { __topolab: { getState(): { load(t: string): void } } }).__topolab.getState().load(text), TEXT);
  await expect(page.getByTestId('rf__edge-if:ok:0').locator('.react-flow__edge-text')).toContainText('(auto)');

  await page.getByTestId('deploy').click();
  await expect(page.getByTestId('plan-confirm')).toBeEnabled();
  await page.getByTestId('plan-confirm').click();
  await expect(page.getByTestId('deploy-result')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('plan-close').click();

  // the planned "(auto)" label gives way to the address the engine gave
  const okIp = docker('inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', `topolab-${LAB}-ok`);
  await expect(page.getByTestId('rf__edge-if:ok:0').locator('.react-flow__edge-text')).toHaveText(`eth0 · ${okIp}`);

  // the crash: state from the event stream, the exit code in words
  const crash = page.getByTestId('node-crash');
  await expect(crash).toHaveAttribute('data-state', 'exited', { timeout: 30_000 });
  const badge = crash.getByTestId('live-badge');
  await expect(badge).toHaveText('error');
  await expect(badge).toHaveAttribute('title', 'exited with code 3');
  // exited, it has no address any more: its label is the plan again
  await expect(page.getByTestId('rf__edge-if:crash:0').locator('.react-flow__edge-text')).toContainText('(auto)');
  await crash.click();
  await expect(page.getByTestId('live-message')).toHaveText('exited with code 3');
  await screenshot(page, 'live-exited');
});

// LabApi against the real engine, no mocks: the service as the UI uses it (plan,
// deploy with progress events, live labState from the engine's event stream, status,
// destroy), then the same service behind the WebSocket bridge, driven by a ws client.
// Traffic stays inside the lab; everything is removed by label afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { DeployProgressEvent, LabStateEvent } from '../../electron/lab/api';
import { createLabApiService, type LabApiService } from '../../electron/lab/api-service';
import { startBridge, type Bridge } from '../../electron/lab/bridge/server';
import { cleanupLab, docker, labContainers, labNetworks, REPO, waitFor } from './support/harness';

const LAB = 'itest-api';
const YAML = `topolab: 1
name: ${LAB}
networks:
  - {id: lan, driver: bridge, subnet: 10.94.1.0/24}
nodes:
  - {id: a, interfaces: [{network: lan, ip: 10.94.1.10}]}
  - {id: b, interfaces: [{network: lan, ip: 10.94.1.11}]}
`;

let service: LabApiService;
let bridge: Bridge | undefined;
const progress: DeployProgressEvent[] = [];
const states: LabStateEvent[] = [];


beforeAll(async () => {
  await cleanupLab(LAB);
  const workspace = mkdtempSync(join(tmpdir(), 'topolab-api-ws-'));
  service = createLabApiService({ workspace, templatesDir: join(REPO, 'templates') });
  service.on('deployProgress', (e) => progress.push(e));
  service.on('labState', (e) => states.push(e));
});

afterAll(async () => {
  await bridge?.close().catch(() => undefined);
  await service?.close().catch(() => undefined);
  await cleanupLab(LAB); // by label, with the plain docker CLI, whatever happened above
});

describe('LabApi service on the real engine', () => {
  it('engineInfo reaches the engine', async () => {
    const info = await service.engineInfo({});
    expect(info.reachable, info.message).toBe(true);
    expect(info.version).toMatch(/^\d+\./);
    expect(info.endpoint).toBeTruthy();
  });

  it('labPlan says what deploying would create, and changes nothing', async () => {
    const outcome = await service.labPlan({ text: YAML });
    expect(outcome.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const kinds = outcome.plan!.operations.map((op) => op.kind).sort();
    expect(kinds).toEqual(['container.create', 'container.create', 'network.create']);
    expect(await labContainers(LAB)).toEqual([]);
  });

  it('labDeploy emits progress per operation, refuses a concurrent deploy, and ends ok', async () => {
    expect(await service.labWatch({ lab: LAB, watch: true })).toEqual({ watching: true });
    const running = service.labDeploy({ text: YAML });
    await expect(service.labDeploy({ text: YAML })).rejects.toMatchObject({ code: 'busy' });
    const outcome = await running;
    expect(outcome.ok, JSON.stringify(outcome.failed)).toBe(true);
    expect(outcome.completed).toHaveLength(3);
    const mine = progress.filter((e) => e.lab === LAB);
    expect(mine.filter((e) => e.type === 'started')).toHaveLength(3);
    expect(mine.filter((e) => e.type === 'finished')).toHaveLength(3);
    expect(mine.at(-1)).toMatchObject({ type: 'done', counts: { total: 3, done: 3, failed: 0, running: 0 } });
    expect(mine.find((e) => e.key?.startsWith('network.create'))?.label).toBe('create network lan (bridge 10.94.1.0/24)');
    expect(await labContainers(LAB)).toEqual([`topolab-${LAB}-a`, `topolab-${LAB}-b`]);
  });

  it('labWatch reports nodes running, then a killed node exited with its code', async () => {
    await waitFor(states, (s) => s.node === 'a' && s.state === 'running', 'a running');
    await waitFor(states, (s) => s.node === 'b' && s.state === 'running', 'b running');
    await docker('kill', `topolab-${LAB}-a`);
    const died = await waitFor(states, (s) => s.node === 'a' && s.state === 'exited' && !!s.message?.includes('code'), 'a exited');
    expect(died.message).toBe('exited with code 137');
    expect(states.every((s) => s.lab === LAB)).toBe(true);
  });

  it('labStatus shows the engine state of each node with addresses', async () => {
    const status = await service.labStatus({ text: YAML });
    expect(status.lab).toBe(LAB);
    const byId = Object.fromEntries(status.nodes.map((n) => [n.id, n]));
    expect(byId.b).toMatchObject({ state: 'running', interfaces: [{ network: 'lan', ip: '10.94.1.11' }] });
    expect(byId.a.state).toBe('exited');
    expect(status.networks).toEqual([{ id: 'lan', driver: 'bridge', state: 'present', subnets: ['10.94.1.0/24'] }]);
  });

  it('labWatch stops on request', async () => {
    expect(await service.labWatch({ lab: LAB, watch: false })).toEqual({ watching: false });
    const before = states.length;
    await docker('restart', '-t', '0', `topolab-${LAB}-b`);
    await new Promise((r) => setTimeout(r, 1000));
    expect(states.length).toBe(before);
  });

  it('labDestroy removes the lab and nothing else', async () => {
    const outcome = await service.labDestroy({ lab: LAB });
    expect(outcome.failed).toEqual([]);
    expect(outcome.removedContainers.sort()).toEqual([`topolab-${LAB}-a`, `topolab-${LAB}-b`]);
    expect(outcome.removedNetworks).toEqual([`topolab-${LAB}-lan`]);
    expect(await labContainers(LAB)).toEqual([]);
    expect(await labNetworks(LAB)).toEqual([]);
  });
});

describe('the bridge end to end', () => {
  it('a ws client with the token deploys and receives deployProgress events', async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'topolab-api-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
    bridge = await startBridge({ service, staticDir });
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/api?token=${bridge.token}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const frames: Record<string, unknown>[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    const call = async (id: number, method: string, params: unknown) => {
      ws.send(JSON.stringify({ id, method, params }));
      return waitFor(frames, (f) => f.id === id, `answer ${id}`, 120_000);
    };

    expect(await call(1, 'engineInfo', {})).toMatchObject({ ok: true, result: { reachable: true } });
    const deployed = await call(2, 'labDeploy', { text: YAML });
    expect(deployed, JSON.stringify(deployed)).toMatchObject({ ok: true, result: { ok: true } });
    const events = frames.filter((f) => f.event === 'deployProgress').map((f) => f.payload as DeployProgressEvent);
    expect(events.filter((e) => e.type === 'finished')).toHaveLength(3);
    expect(events.at(-1)?.type).toBe('done');
    expect(await labContainers(LAB)).toHaveLength(2);

    const destroyed = await call(3, 'labDestroy', { lab: LAB });
    expect(destroyed).toMatchObject({ ok: true, result: { failed: [] } });
    expect(await labContainers(LAB)).toEqual([]);
    ws.close();
  });
});

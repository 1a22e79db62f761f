// labTrace and labTraffic as the UI calls them, against the real engine: a trace comes
// back with each hop's packet layers, its phases as events and a pcap; live traffic
// reports the rates of real packets (sent inside the lab) on the right edge, read from
// the nodes' /proc/<pid>/net/dev.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceProgressEvent, TrafficEvent } from '../../electron/lab/api';
import { createLabApiService, type LabApiService } from '../../electron/lab/api-service';
import { PcapStreamReader } from '../../electron/lab/trace/pcap';
import { cleanupLab, dockerExec, REPO } from './support/harness';

const LAB = 'itest-trace-api';
const YAML = `topolab: 1
name: ${LAB}
networks:
  - {id: lan, driver: bridge, subnet: 10.93.1.0/24}
nodes:
  - {id: a, interfaces: [{network: lan, ip: 10.93.1.10}]}
  - {id: b, interfaces: [{network: lan, ip: 10.93.1.11}]}
`;

let service: LabApiService;
const phases: TraceProgressEvent[] = [];
const traffic: TrafficEvent[] = [];

beforeAll(async () => {
  await cleanupLab(LAB);
  service = createLabApiService({ workspace: mkdtempSync(join(tmpdir(), 'topolab-trace-api-')), templatesDir: join(REPO, 'templates') });
  service.on('traceProgress', (e) => phases.push(e));
  service.on('traffic', (e) => traffic.push(e));
  const deployed = await service.labDeploy({ text: YAML });
  expect(deployed.ok, JSON.stringify(deployed.failed)).toBe(true);
}, 120_000);

afterAll(async () => {
  await service?.labTraffic({ lab: LAB, watch: false }).catch(() => undefined);
  await service?.labDestroy({ lab: LAB }).catch(() => undefined);
  await service?.close();
  await cleanupLab(LAB);
});

describe('labTrace', () => {
  it('returns hops with their packet layers, the phases as events, and a capture that parses', async () => {
    const view = await service.labTrace({ text: YAML, from: 'a', to: 'b', protocol: 'icmp' });
    expect(view.verdict.outcome, view.verdict.text).toBe('delivered');
    expect(view.targetIp).toBe('10.93.1.11');
    const first = view.hops.find((h) => h.role === 'request')!;
    expect(first.layers.map((l) => l.name)).toEqual(expect.arrayContaining(['Ethernet II', 'IPv4']));
    expect(first.layers.find((l) => l.name === 'IPv4')?.fields).toEqual(expect.arrayContaining([expect.arrayContaining([expect.stringMatching(/TTL|Time to live/i)])]));
    expect(phases.filter((p) => p.lab === LAB).map((p) => p.phase)).toEqual(['sidecars', 'listening', 'probing', 'collecting']);
    const frames = new PcapStreamReader().push(new Uint8Array(Buffer.from(view.pcapBase64, 'base64')));
    expect(frames.length).toBe(view.captures.reduce((n, c) => n + c.frames, 0));
  });

  it('refuses a TCP trace without a port, naming the field', async () => {
    const { handleLabApiCall } = await import('../../electron/lab/api-dispatch');
    const answer = await handleLabApiCall(service, 'labTrace', { text: YAML, from: 'a', to: 'b', protocol: 'tcp' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/port/) } });
  });

  it('says what to do when the source is not running', async () => {
    await expect(service.labTrace({ text: YAML, from: 'nobody', to: 'b', protocol: 'icmp' })).rejects.toThrow(/nobody is not running.*deploy/i);
  });
});

describe('labTraffic', () => {
  it('reports the rates of real packets on the interface that carries them, once a second', async () => {
    const answer = await service.labTraffic({ lab: LAB, watch: true });
    expect(answer).toEqual({ watching: true, source: 'proc' });
    // 20 pings in 2 s inside the lab: a → b
    await dockerExec(`topolab-${LAB}-a`, ['ping', '-n', '-q', '-c', '20', '-i', '0.1', '10.93.1.11']);
    const busy = traffic.filter((e) => e.lab === LAB).flatMap((e) => e.links).filter((l) => l.node === 'a' && l.txPps > 0);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]).toMatchObject({ network: 'lan', iface: 'eth0' });
    expect(Math.max(...busy.map((l) => l.txPps))).toBeGreaterThanOrEqual(5);
    const intervals = traffic.filter((e) => e.lab === LAB).map((e) => e.intervalMs).filter((ms) => ms > 0);
    expect(Math.min(...intervals)).toBeGreaterThan(800);
    await service.labTraffic({ lab: LAB, watch: false });
    const count = traffic.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(traffic.length).toBe(count);
  });
});

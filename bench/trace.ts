// npm run bench:trace: trace latency on a 20-node lab whose probe crosses 4 routed hops
// (client → r1 → r2 → r3 → r4 → server), cold (no capture sidecars yet) and warm (the
// sidecars of the previous trace kept); capture latency (kernel timestamp of a packet →
// the engine process has it); and the engine's CPU while live traffic samples ~100
// interfaces. Writes bench/results/trace.json. Numbers, never assertions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { connectEngine } from '../electron/lab/docker/engine';
import { removeSidecars } from '../electron/lab/docker/sidecars';
import { startTrafficSampler } from '../electron/lab/docker/traffic';
import { applyPrepared, checkLabText, downLab, prepareUp } from '../electron/lab/lab-service';
import type { LabDocument } from '../electron/lab/model/schema';
import { traceLab } from '../electron/lab/trace-service';
import { chainLab, wideLab } from './trace-labs';

const REPS = Number(process.env.BENCH_REPS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function up(docker: Parameters<typeof prepareUp>[0], text: string): Promise<LabDocument> {
  const prepared = await prepareUp(docker, text);
  if (!('plan' in prepared)) throw new Error(`bench lab invalid: ${prepared.diagnostics.map((d) => d.message).join('; ')}`);
  const result = await applyPrepared(docker, prepared);
  if (!result.ok) throw new Error(`bench lab failed: ${result.failed.map((f) => f.message).join('; ')}`);
  return checkLabText(text).document!;
}

async function main() {
  const { docker } = await connectEngine();
  const out: Record<string, unknown> = { date: new Date().toISOString(), cpus: cpus().length, cpu: cpus()[0]?.model, reps: REPS, targets: { warmTraceMs: 1000, packetToUiP95Ms: 50, liveTrafficCpuPercentOfOneCore: 5 } };
  try {
    console.log('deploying the 20-node chain lab…');
    const doc = await up(docker, chainLab());
    const cold: number[] = [];
    const warm: number[] = [];
    const setupWarm: number[] = [];
    const latencies: number[] = [];
    let hops = 0;
    for (let i = 0; i < REPS; i++) {
      await removeSidecars(docker, doc.name);
      const c = await traceLab(docker, doc, { from: 'client', to: 'server', protocol: 'icmp' });
      if (c.verdict.outcome !== 'delivered') throw new Error(`the bench trace was not delivered: ${c.verdict.text}`);
      cold.push(c.timings.totalMs);
      const w = await traceLab(docker, doc, { from: 'client', to: 'server', protocol: 'icmp' }, {
        onFrame: (_place, _iface, timeMicros) => latencies.push(Date.now() - timeMicros / 1000),
      });
      warm.push(w.timings.totalMs);
      setupWarm.push(w.timings.setupMs);
      hops = new Set(w.hops.filter((h) => h.role === 'request' && h.place !== 'host').map((h) => h.place)).size - 1;
    }
    out.trace = {
      lab: '20 nodes, 5 networks, client → r1 → r2 → r3 → r4 → server',
      routedHops: hops,
      coldMs: { median: median(cold), samples: cold },
      warmMs: { median: median(warm), samples: warm, setupMedian: median(setupWarm) },
      captureLatencyMs: { p50: round(pct(latencies, 0.5)), p95: round(pct(latencies, 0.95)), max: round(Math.max(...latencies)), frames: latencies.length },
    };
    console.log(JSON.stringify(out.trace, null, 2));
    await downLab(docker, doc.name);

    console.log('deploying the 50-container traffic lab…');
    const wide = await up(docker, wideLab());
    let events = 0;
    let links = 0;
    const sampler = await startTrafficSampler(docker, wide.name, (e) => { events++; links = e.links.length; });
    await new Promise((r) => setTimeout(r, 2000)); // the first reading and a refresh settle
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 10_000));
    const used = process.cpuUsage(cpu0);
    const wall = performance.now() - t0;
    sampler.stop();
    out.liveTraffic = {
      source: sampler.source, interfaces: links, seconds: round(wall / 1000), events,
      engineCpuPercentOfOneCore: round(((used.user + used.system) / 1000 / wall) * 100, 2),
    };
    console.log(JSON.stringify(out.liveTraffic, null, 2));
    await downLab(docker, wide.name);
  } finally {
    await downLab(docker, 'bench-trace').catch(() => undefined);
    await downLab(docker, 'bench-traffic').catch(() => undefined);
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/trace.json', `${JSON.stringify(out, null, 2)}\n`);
  console.log('written to bench/results/trace.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

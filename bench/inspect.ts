// npm run bench:inspect: time from "inspect this node" to the complete inspection, cold
// (no sidecar yet) and warm (the Inspector already open on it), and what a live refresh
// once a second costs: its duration, and the CPU of this process and of the engine
// (dockerd + containerd, read from /proc) over 10 s. A 20-node lab (the one of
// bench:trace). Writes bench/results/inspect.json. Numbers, never assertions.
import { readFile, readdir } from 'node:fs/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { connectEngine } from '../electron/lab/docker/engine';
import { removeSidecars } from '../electron/lab/docker/sidecars';
import { inspectNode } from '../electron/lab/inspect-service';
import { applyPrepared, checkLabText, downLab, prepareUp } from '../electron/lab/lab-service';
import { chainLab } from './trace-labs';

const REPS = Number(process.env.BENCH_REPS ?? 5);
const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** CPU seconds (user + system) used so far by the processes with these names. */
async function cpuOf(names: string[]): Promise<number> {
  let ticks = 0;
  for (const pid of (await readdir('/proc')).filter((d) => /^\d+$/.test(d))) {
    const stat = (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).trim();
    const m = /^\d+ \((.*)\) \S+ (.*)$/.exec(stat);
    if (!m || !names.includes(m[1])) continue;
    const fields = m[2].split(' ');
    ticks += Number(fields[10]) + Number(fields[11]); // utime, stime
  }
  return ticks / TICKS_PER_SECOND;
}

async function main() {
  const { docker } = await connectEngine();
  const text = chainLab();
  const prepared = await prepareUp(docker, text);
  if (!('plan' in prepared)) throw new Error('bench lab invalid');
  await applyPrepared(docker, prepared);
  const doc = checkLabText(text).document!;
  const out: Record<string, unknown> = { date: new Date().toISOString(), cpus: cpus().length, cpu: cpus()[0]?.model, reps: REPS, targets: { warmMs: 300, coldMs: 1000 } };
  try {
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < REPS; i++) {
      await removeSidecars(docker, doc.name);
      let t0 = performance.now();
      await inspectNode(docker, doc, 'r2');
      cold.push(round(performance.now() - t0));
      t0 = performance.now();
      await inspectNode(docker, doc, 'r2');
      warm.push(round(performance.now() - t0));
    }
    // a live refresh: once a second for 10 s, as the open Inspector does
    const engine = ['dockerd', 'containerd', 'containerd-shim', 'containerd-shim-runc-v2', 'runc'];
    const e0 = await cpuOf(engine);
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const refresh: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await inspectNode(docker, doc, 'r2');
      refresh.push(round(performance.now() - t));
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - t))));
    }
    const wall = (performance.now() - w0) / 1000;
    const own = process.cpuUsage(c0);
    out.inspect = {
      lab: '20 nodes (bench:trace chain lab), inspecting router r2',
      coldMs: { median: median(cold), samples: cold },
      warmMs: { median: median(warm), samples: warm },
      liveRefresh: {
        hz: 1, seconds: round(wall), durationMsMedian: median(refresh),
        topolabCpuPercentOfOneCore: round(((own.user + own.system) / 1e6 / wall) * 100, 2),
        engineCpuPercentOfOneCore: round((((await cpuOf(engine)) - e0) / wall) * 100, 2),
      },
    };
    console.log(JSON.stringify(out.inspect, null, 2));
  } finally {
    await downLab(docker, doc.name).catch(() => undefined);
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/inspect.json', `${JSON.stringify(out, null, 2)}\n`);
  console.log('written to bench/results/inspect.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

// npm run bench:hosts: bring up 2 and 4 virtual hosts with an overlay and 2 containers
// on each — cold (no virtual host yet: hosts start, images are copied in, the swarm
// forms) and warm (hosts running with their images; every container replaced) — then
// tear down. Writes bench/results/hosts.json. Numbers, never assertions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { connectEngine } from '../electron/lab/docker/engine';
import { applyPrepared, downLab, prepareUp } from '../electron/lab/lab-service';
import type { ApplyEvent } from '../electron/lab/docker/apply';

const REPS = Number(process.env.BENCH_REPS ?? 2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** hosts × 2 containers on one overlay, the hosts on one underlay; `generation` changes every container. */
function multiHostLab(name: string, hosts: number, generation: number): string {
  const ids = Array.from({ length: hosts }, (_, i) => `h${i + 1}`);
  return [
    'topolab: 1',
    `name: ${name}`,
    'hosts:',
    '  - {id: local}',
    ...ids.map((h, i) => `  - {id: ${h}, kind: virtual, interfaces: [{network: underlay, ip: 10.78.0.${11 + i}}]}`),
    'networks:',
    '  - {id: underlay, driver: bridge, host: local, internal: true, subnet: 10.78.0.0/24}',
    '  - {id: ovl, driver: overlay, subnet: 10.78.10.0/24}',
    'nodes:',
    ...ids.flatMap((h, i) => [1, 2].map((k) => `  - {id: ${h}c${k}, host: ${h}, env: {GEN: "${generation}"}, interfaces: [{network: ovl, ip: 10.78.10.${10 + i * 10 + k}}]}`)),
    '',
  ].join('\n');
}

async function up(docker: Parameters<typeof prepareUp>[0], text: string): Promise<{ ms: number; phases: Record<string, number> }> {
  const started = performance.now();
  const prepared = await prepareUp(docker, text);
  if (!('plan' in prepared)) throw new Error(`bench lab invalid: ${prepared.diagnostics.map((d) => d.message).join('; ')}`);
  const phases: Record<string, number> = {};
  const startedAt = new Map<string, number>();
  const onEvent = (e: ApplyEvent) => {
    if ('key' in e && e.type === 'started') startedAt.set(e.key, performance.now());
    if ('key' in e && e.type === 'finished') {
      const kind = e.kind.startsWith('host.') || e.kind === 'images.copy' || e.kind === 'swarm.form' ? e.kind : 'nested and local objects';
      phases[kind] = Math.max(phases[kind] ?? 0, performance.now() - (startedAt.get(e.key) ?? started));
    }
  };
  const result = await applyPrepared(docker, prepared, { onEvent });
  if (!result.ok) throw new Error(`bench lab failed: ${result.failed.map((f) => f.message).join('; ')}`);
  return { ms: performance.now() - started, phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, seconds(v)])) };
}

async function main() {
  const { docker } = await connectEngine();
  const results: Record<string, unknown>[] = [];
  for (const hosts of [2, 4]) {
    const lab = `bench-hosts-${hosts}`;
    const cold: number[] = [];
    const warm: number[] = [];
    const down: number[] = [];
    let phases: Record<string, number> = {};
    await downLab(docker, lab);
    for (let rep = 0; rep < REPS; rep++) {
      console.log(`${hosts} virtual hosts, run ${rep + 1}/${REPS}: cold up…`);
      const c = await up(docker, multiHostLab(lab, hosts, 0));
      cold.push(c.ms);
      phases = c.phases;
      console.log(`  warm up (every container replaced)…`);
      warm.push((await up(docker, multiHostLab(lab, hosts, rep + 1))).ms);
      console.log('  down…');
      const t0 = performance.now();
      const removed = await downLab(docker, lab);
      down.push(performance.now() - t0);
      if (removed.failed.length) throw new Error(`down failed: ${removed.failed.map((f) => f.message).join('; ')}`);
    }
    results.push({ hosts, containers: hosts * 2, coldUpS: seconds(median(cold)), warmUpS: seconds(median(warm)), downS: seconds(median(down)), coldPhasesS: phases, samples: { cold: cold.map(seconds), warm: warm.map(seconds), down: down.map(seconds) } });
    console.log(JSON.stringify(results[results.length - 1]));
  }
  const out = { date: new Date().toISOString(), cpus: cpus().length, cpu: cpus()[0]?.model, reps: REPS, results };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/hosts.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
  console.log('wrote bench/results/hosts.json');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});

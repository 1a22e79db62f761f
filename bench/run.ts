// npm run bench: deploy and remove generated labs with topolab, with raw engine API
// calls at the same concurrency (the floor) and with docker-compose, and time a
// no-change `up`. Writes bench/results/engine.json. Numbers, never assertions.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connectEngine } from '../electron/lab/docker/engine';
import { applyPrepared, downLab, prepareUp } from '../electron/lab/lab-service';
import { composeFile, floorDown, floorUp, labYaml, type BenchTopology } from './topologies';

const run = promisify(execFile);
const REPS = Number(process.env.BENCH_REPS ?? 3);
// Default: what `topolab up` uses by default (one operation per CPU).
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? cpus().length);
const SIZES: BenchTopology[] = [
  { name: 'bench-10x5', containers: 10, networks: 5 },
  { name: 'bench-50x10', containers: 50, networks: 10 },
];

interface Sample { up: number; down: number }

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [performance.now() - t0, value];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const { docker } = await connectEngine();
  const hasCompose = await run('docker-compose', ['version']).then(() => true, () => false);
  const results: Record<string, unknown>[] = [];

  for (const topo of SIZES) {
    const yaml = labYaml(topo);
    const topolab: Sample[] = [];
    const floor: Sample[] = [];
    const compose: Sample[] = [];
    const noChange: number[] = [];
    const noChangeCli: number[] = [];
    const dir = mkdtempSync(join(tmpdir(), `${topo.name}-`));
    const labFile = join(dir, 'lab.yaml');
    writeFileSync(labFile, yaml);
    writeFileSync(join(dir, 'docker-compose.yml'), composeFile(topo));

    for (let rep = 0; rep < REPS; rep++) {
      // topolab, in-process: read engine, validate, plan, apply.
      const [up] = await time(async () => {
        const prepared = await prepareUp(docker, yaml);
        if (!('plan' in prepared)) throw new Error(JSON.stringify(prepared.diagnostics));
        const result = await applyPrepared(docker, prepared, { concurrency: CONCURRENCY });
        if (!result.ok) throw new Error(JSON.stringify(result.failed));
      });
      // A second up on the unchanged lab: read + plan, nothing to apply.
      const [same] = await time(async () => {
        const prepared = await prepareUp(docker, yaml);
        if (!('plan' in prepared) || prepared.plan.operations.length) throw new Error('no-change up planned work');
      });
      noChange.push(same);
      const [sameCli] = await time(() => run(process.execPath, ['bin/topolab.mjs', 'up', labFile]));
      noChangeCli.push(sameCli);
      const [down] = await time(() => downLab(docker, topo.name));
      topolab.push({ up, down });

      const [fUp] = await time(() => floorUp(docker, topo, CONCURRENCY));
      const [fDown] = await time(() => floorDown(docker, topo, CONCURRENCY));
      floor.push({ up: fUp, down: fDown });

      if (hasCompose) {
        const [cUp] = await time(() => run('docker-compose', ['-p', topo.name, '-f', join(dir, 'docker-compose.yml'), 'up', '-d', '--no-build'], { maxBuffer: 1 << 24 }));
        const [cDown] = await time(() => run('docker-compose', ['-p', topo.name, '-f', join(dir, 'docker-compose.yml'), 'down', '--timeout', '1'], { maxBuffer: 1 << 24 }));
        compose.push({ up: cUp, down: cDown });
      }
      process.stdout.write(`${topo.name} rep ${rep + 1}/${REPS}: topolab up ${(up / 1000).toFixed(2)} s, floor ${(fUp / 1000).toFixed(2)} s${compose.length ? `, compose ${(compose[rep].up / 1000).toFixed(2)} s` : ''}, no-change up ${same.toFixed(0)} ms (CLI ${sameCli.toFixed(0)} ms)\n`);
    }

    const m = (samples: Sample[], k: keyof Sample) => (samples.length ? Math.round(median(samples.map((s) => s[k]))) : null);
    const row = {
      topology: topo,
      concurrency: CONCURRENCY,
      reps: REPS,
      ms: {
        topolabUp: m(topolab, 'up'),
        topolabDown: m(topolab, 'down'),
        floorUp: m(floor, 'up'),
        floorDown: m(floor, 'down'),
        composeUp: m(compose, 'up'),
        composeDown: m(compose, 'down'),
        noChangeUp: Math.round(median(noChange)),
        noChangeUpCli: Math.round(median(noChangeCli)),
      },
      ratios: {
        upVsFloor: +(m(topolab, 'up')! / m(floor, 'up')!).toFixed(2),
        upVsCompose: compose.length ? +(m(topolab, 'up')! / m(compose, 'up')!).toFixed(2) : null,
      },
    };
    results.push(row);
    console.log(JSON.stringify(row));
  }

  mkdirSync(new URL('results/', import.meta.url), { recursive: true });
  const out = { when: new Date().toISOString(), cpus: CONCURRENCY, engine: (await docker.version()).Version, composeAvailable: hasCompose, results };
  // The default concurrency is the headline; other settings are kept beside it.
  const name = process.env.BENCH_CONCURRENCY ? `engine-c${CONCURRENCY}.json` : 'engine.json';
  writeFileSync(new URL(`results/${name}`, import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote bench/results/${name}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

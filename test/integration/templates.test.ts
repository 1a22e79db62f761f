// Every template is a claim: deployed on the real engine, its own expectations hold.
// Where the kernel lacks a feature the template needs (ipvlan here), the test is
// skipped with topolab's own words for why.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLab } from '../../electron/lab/model/parse';
import { cleanupLab, REPO, rememberSwarm, topolab } from './support/harness';

const DIR = join(REPO, 'templates');
const templates = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort().map((f) => {
  const parsed = parseLab(readFileSync(join(DIR, f), 'utf8'));
  return { file: join(DIR, f), lab: parsed.ok ? parsed.document.name : f, parsed };
});
let swarm: Awaited<ReturnType<typeof rememberSwarm>>;

beforeAll(async () => {
  swarm = await rememberSwarm();
  for (const t of templates) await cleanupLab(t.lab);
});

afterAll(async () => {
  for (const t of templates) {
    await topolab(['down', '--lab', t.lab]);
    await cleanupLab(t.lab);
  }
  await swarm.restore(); // an overlay template initialised swarm on demand
}, 120_000);

describe('templates', () => {
  for (const t of templates) {
    it(`${t.lab}: its expectations hold on the real engine`, async (ctx) => {
      expect(t.parsed.ok, JSON.stringify(t.parsed.diagnostics)).toBe(true);
      const plan = await topolab(['plan', t.file]);
      const unsupported = plan.stderr.split('\n').find((l) => /-unsupported\]/.test(l));
      if (unsupported) {
        const reason = `${t.lab} needs what this engine's kernel lacks (topolab said: ${unsupported.trim()})`;
        console.warn(`SKIPPED: ${reason}`);
        ctx.skip(reason);
        return;
      }
      const out = await topolab(['test', t.file, '--json']);
      const report = JSON.parse(out.stdout || '{}') as { ok?: boolean; results?: { text: string; outcome: string; detail: string }[] };
      const failed = (report.results ?? []).filter((r) => r.outcome !== 'pass').map((r) => `${r.text}: ${r.detail}`);
      expect(failed, out.stderr).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.results?.length).toBeGreaterThan(0);
      const down = await topolab(['down', t.file]);
      expect(down.code, down.stderr).toBe(0);
    }, 180_000);
  }
});

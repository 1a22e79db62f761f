// `topolab test`: expectations checked for real on the engine. The two-lans template's
// own claims hold; a lab with true and false statements gets a pass/fail row for each
// and exit code 1, and --json gives graders the same table.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExpectationResultEvent } from '../../electron/lab/api';
import { createLabApiService } from '../../electron/lab/api-service';
import { cleanupLab, REPO, topolab, writeLab } from './support/harness';

const LAB = 'itest-expect';
const YAML = `topolab: 1
name: ${LAB}
networks:
  - {id: lan, driver: bridge, subnet: 10.84.1.0/24}
  - {id: other, driver: bridge, subnet: 10.84.2.0/24}
nodes:
  - {id: a, interfaces: [{network: lan, ip: 10.84.1.10}]}
  - {id: b, interfaces: [{network: lan, ip: 10.84.1.11}]}
  - {id: pod, sharesNetworkWith: a}
  - {id: far, interfaces: [{network: other, ip: 10.84.2.10}]}
expectations:
  - {from: a, to: b, reachable: true, hops: 0}
  - {from: a, to: far, reachable: false}
  - {nodes: [a, pod], share: net}
  - {node: a, route: default}
  - {from: a, to: b, reachable: true, hops: 2}
  - {nodes: [a, pod], share: pid}
  - {node: b, route: 10.99.0.0/16}
`;

interface Report { ok: boolean; results: { index: number; text: string; outcome: 'pass' | 'fail'; detail: string; nodes: string[] }[] }

beforeAll(async () => {
  await cleanupLab(LAB);
  await cleanupLab('two-lans');
}, 60_000);

afterAll(async () => {
  await topolab(['down', '--lab', LAB]);
  await topolab(['down', '--lab', 'two-lans']);
  await cleanupLab(LAB);
  await cleanupLab('two-lans');
});

describe('topolab test', () => {
  it("deploys the two-lans template and its own expectations hold", async () => {
    const out = await topolab(['test', `${REPO}templates/two-lans.yaml`]);
    expect(out.code, out.stdout + out.stderr).toBe(0);
    expect(out.stdout).toContain('3 of 3 expectations hold.');
  });

  it('gives a pass/fail row for each statement, exit 1 when one fails, and the same as JSON', async () => {
    const file = writeLab(LAB, YAML);
    const out = await topolab(['test', file, '--json']);
    expect(out.code).toBe(1);
    const report = JSON.parse(out.stdout) as Report;
    expect(report.ok).toBe(false);
    expect(report.results.map((r) => r.outcome)).toEqual(['pass', 'pass', 'pass', 'pass', 'fail', 'fail', 'fail']);
    expect(report.results[1].detail).toMatch(/isolat|DOCKER-ISOLATION|no route|lost|unreachable/i);
    expect(report.results[4].detail).toMatch(/crossed 0 routers, not 2/);
    expect(report.results[5].detail).toMatch(/a pid:\[\d+\], pod pid:\[\d+\]/);
    expect(report.results[6].detail).toMatch(/no route to 10\.99\.0\.0\/16/);
    expect(report.results[2]).toMatchObject({ text: 'a, pod share one net namespace', nodes: ['a', 'pod'] });
    // the lab is up now: --no-up checks it as it runs, in the words people read
    const human = await topolab(['test', file, '--no-up']);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/PASS {2}a → b is reachable through 0 routers/);
    expect(human.stdout).toContain('4 of 7 expectations hold.');
  });
});

describe('labTest', () => {
  it('checks the expectations as the UI asks, one event per row as it is decided', async () => {
    const service = createLabApiService({ workspace: mkdtempSync(join(tmpdir(), 'topolab-expect-')), templatesDir: join(REPO, 'templates') });
    const rows: ExpectationResultEvent[] = [];
    service.on('expectationResult', (e) => rows.push(e));
    try {
      const outcome = await service.labTest({ text: YAML, deploy: true });
      expect(outcome.ok).toBe(false);
      expect(outcome.results.map((r) => r.outcome)).toEqual(['pass', 'pass', 'pass', 'pass', 'fail', 'fail', 'fail']);
      expect(rows.map((r) => [r.lab, r.index])).toEqual(outcome.results.map((r) => [LAB, r.index]));
      const invalid = await service.labTest({ text: YAML.replace('{from: a, to: far', '{from: nobody, to: far') });
      expect(invalid.ok).toBe(false);
      expect(invalid.diagnostics.map((d) => d.code)).toContain('expectation-unknown-node');
    } finally {
      await service.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { Expectation } from '../../../electron/lab/model/schema';
import type { ChecksRun, LiveSlice } from '../store/types';
import { checkRows, checksFailure, checksSummary, currentRun, expectationsKey, isDeploying } from './progress';

const expectations: Expectation[] = [
  { from: 'client', to: 'server', reachable: true, hops: 1 },
  { node: 'client', route: '10.71.2.0/24', via: '10.71.1.254', note: 'the static route' },
  { from: 'server', to: 'client', proto: 'tcp', port: 22, reachable: false },
];

const run = (patch: Partial<ChecksRun> = {}): ChecksRun => ({ seq: 1, lab: 'two-lans', key: expectationsKey(expectations), running: true, results: {}, diagnostics: [], ...patch });
const pass = (index: number) => ({ index, text: '', outcome: 'pass' as const, detail: `seen ${index}`, nodes: [] });
const fail = (index: number) => ({ ...pass(index), outcome: 'fail' as const, detail: 'no reply' });
const deployDone: LiveSlice['deploy'] = { phase: 'done', items: [], counts: { total: 1, done: 1, failed: 0, running: 0 } };

describe('checkRows', () => {
  it('says every statement in words, with its note and nodes, undecided before a run', () => {
    const rows = checkRows(expectations, undefined, false);
    expect(rows.map((r) => r.text)).toEqual([
      'client → server is reachable through 1 router',
      'client has a route to 10.71.2.0/24 via 10.71.1.254',
      'server → client TCP 22 is not reachable',
    ]);
    expect(rows[1]).toMatchObject({ note: 'the static route', nodes: ['client'], state: 'pending' });
    expect(rows[0].nodes).toEqual(['client', 'server']);
  });

  it('marks decided rows and the one being checked (none while deploying)', () => {
    const going = run({ results: { 0: pass(0) } });
    expect(checkRows(expectations, going, false).map((r) => r.state)).toEqual(['pass', 'running', 'pending']);
    expect(checkRows(expectations, run(), true).map((r) => r.state)).toEqual(['pending', 'pending', 'pending']);
    const done = run({ running: false, ok: false, results: { 0: pass(0), 1: fail(1), 2: pass(2) } });
    const rows = checkRows(expectations, done, false);
    expect(rows.map((r) => r.state)).toEqual(['pass', 'fail', 'pass']);
    expect(rows[1].detail).toBe('no reply');
  });
});

describe('currentRun', () => {
  it('drops a run once the expectations were edited', () => {
    expect(currentRun(run(), expectations)).toBeDefined();
    expect(currentRun(run(), expectations.slice(1))).toBeUndefined();
    expect(currentRun(undefined, expectations)).toBeUndefined();
  });
});

describe('isDeploying', () => {
  it('until the deploy reports done or a row arrives', () => {
    expect(isDeploying(run(), undefined)).toBe(true);
    expect(isDeploying(run(), deployDone)).toBe(false);
    expect(isDeploying(run({ results: { 0: pass(0) } }), undefined)).toBe(false);
    expect(isDeploying(run({ running: false }), undefined)).toBe(false);
  });
});

describe('checksSummary', () => {
  it('counts what holds once every row is decided', () => {
    expect(checksSummary(run({ running: false, ok: true, results: { 0: pass(0), 1: pass(1), 2: pass(2) } }), 3)).toEqual({ passed: 3, total: 3, ok: true, text: '3 of 3 hold' });
    expect(checksSummary(run({ running: false, ok: false, results: { 0: pass(0), 1: fail(1), 2: pass(2) } }), 3)).toMatchObject({ ok: false, text: '2 of 3 hold' });
  });
  it('has nothing to say while running, before a run, or when rows are missing', () => {
    expect(checksSummary(run({ results: { 0: pass(0) } }), 3)).toBeUndefined();
    expect(checksSummary(undefined, 3)).toBeUndefined();
    expect(checksSummary(run({ running: false, ok: false }), 3)).toBeUndefined();
  });
});

describe('checksFailure', () => {
  const error = { severity: 'error' as const, code: 'x', message: 'no node `web`', hint: 'add it', path: ['nodes'] };
  it('shows an invalid lab by its errors', () => {
    expect(checksFailure(run({ running: false, ok: false, diagnostics: [error, { ...error, severity: 'warning' }] }), undefined))
      .toEqual({ title: 'The lab has problems to fix first, so nothing was deployed or checked:', diagnostics: [error], messages: [] });
  });
  it("shows a failed deploy by its failed steps", () => {
    const deploy: LiveSlice['deploy'] = { phase: 'failed', counts: { total: 2, done: 1, failed: 1, running: 0 }, items: [
      { key: 'a', label: 'create network lan1', status: 'done' },
      { key: 'b', label: 'start client', status: 'failed', message: 'image not found' },
    ] };
    expect(checksFailure(run({ running: false, ok: false }), deploy)?.messages).toEqual(['start client: image not found']);
  });
  it("shows the call's own error, and nothing for a run that checked", () => {
    expect(checksFailure(run({ running: false, ok: false, error: 'engine gone' }), undefined)?.messages).toEqual(['engine gone']);
    expect(checksFailure(run({ running: false, ok: false, results: { 0: fail(0) } }), undefined)).toBeUndefined();
    expect(checksFailure(run(), undefined)).toBeUndefined();
  });
});

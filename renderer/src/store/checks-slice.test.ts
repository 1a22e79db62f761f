import { describe, expect, it } from 'vitest';
import { createLabStore } from './index';
import { sidebarView } from './selectors';

const LAB = `topolab: 1
name: t
nodes:
  - id: a
  - id: b
expectations:
  - {from: a, to: b, reachable: true}
  - {nodes: [a, b], share: net}
`;

const event = (index: number, outcome: 'pass' | 'fail' = 'pass', lab = 't') => ({ lab, index, text: `row ${index}`, outcome, detail: 'seen', nodes: ['a'] });

describe('checks slice', () => {
  it('fills rows from events of its own lab while running, then takes the outcome', () => {
    const store = createLabStore(LAB);
    const seq = store.getState().startChecks('t', 'k')!;
    expect(store.getState().startChecks('t', 'k')).toBeUndefined(); // one run at a time
    store.getState().applyCheckResult(event(0));
    store.getState().applyCheckResult(event(1, 'pass', 'other'));
    expect(Object.keys(store.getState().checks!.results)).toEqual(['0']);
    store.getState().finishChecks(seq, { lab: 't', ok: false, results: [{ ...event(0) }, { ...event(1, 'fail') }], diagnostics: [] });
    const run = store.getState().checks!;
    expect(run).toMatchObject({ running: false, ok: false });
    expect(run.results[1].outcome).toBe('fail');
    // a late event changes nothing once the run is over
    store.getState().applyCheckResult(event(1, 'pass'));
    expect(store.getState().checks!.results[1].outcome).toBe('fail');
  });

  it("ignores an older run's answer, and keeps the call's error", () => {
    const store = createLabStore(LAB);
    const first = store.getState().startChecks('t', 'k')!;
    store.getState().failChecks(first, 'engine gone');
    expect(store.getState().checks).toMatchObject({ running: false, ok: false, error: 'engine gone' });
    const second = store.getState().startChecks('t', 'k')!;
    store.getState().finishChecks(first, { lab: 't', ok: true, results: [], diagnostics: [] });
    expect(store.getState().checks).toMatchObject({ seq: second, running: true });
  });

  it('a load clears the run and sets the guide (none for a file)', () => {
    const store = createLabStore(LAB);
    const seq = store.getState().startChecks('t', 'k')!;
    store.getState().load(LAB, undefined, '# Guide');
    expect(store.getState()).toMatchObject({ checks: undefined, guide: '# Guide' });
    store.getState().finishChecks(seq, { lab: 't', ok: true, results: [], diagnostics: [] });
    expect(store.getState().checks).toBeUndefined();
    store.getState().load(LAB, 'lab.yaml');
    expect(store.getState().guide).toBeUndefined();
  });
});

describe('sidebar', () => {
  it('a tab closes the Inspector; Guide falls back to Properties without a guide', () => {
    const store = createLabStore(LAB);
    store.getState().setInspectorOpen(true);
    expect(sidebarView(store.getState())).toBe('inspector');
    store.getState().setSidebarTab('checks');
    expect(store.getState().inspectorOpen).toBe(false);
    expect(sidebarView(store.getState())).toBe('checks');
    store.getState().setSidebarTab('guide');
    expect(sidebarView(store.getState())).toBe('properties');
    store.getState().load(LAB, undefined, 'text');
    expect(sidebarView(store.getState())).toBe('guide');
  });

  it('focusOn selects every id given and asks the canvas to show them', () => {
    const store = createLabStore(LAB);
    store.getState().focusOn(['a', 'b']);
    expect(store.getState().selected).toEqual(['a', 'b']);
    expect(store.getState().focus).toEqual({ ids: ['a', 'b'], seq: 1 });
    store.getState().focusOn('a');
    expect(store.getState().focus).toEqual({ ids: ['a'], seq: 2 });
  });
});

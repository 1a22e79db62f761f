// The Checks panel's rows and lines, from the lab's expectations and the last run:
// which row is decided, which one the engine is on, what the summary says.
import type { Expectation } from '../../../electron/lab/model/schema';
import type { Diagnostic } from '../../../electron/lab/model/diagnostics';
import type { ChecksRun, LiveSlice } from '../store/types';
import { describeExpectation, expectationNodes } from './describe';

export type RowState = 'pending' | 'running' | 'pass' | 'fail';

export interface CheckRow {
  index: number;
  /** The statement in words ("client → server is reachable through 1 router"). */
  text: string;
  /** The author's `note:` on it, if any. */
  note?: string;
  nodes: string[];
  state: RowState;
  /** What the engine saw, once decided. */
  detail?: string;
}

/** The key a run is made for: results apply while the expectations read the same. */
export const expectationsKey = (expectations: readonly Expectation[] | undefined): string => JSON.stringify(expectations ?? []);

/** The run, if its rows still belong to these expectations (an edit of them makes it stale). */
export function currentRun(run: ChecksRun | undefined, expectations: readonly Expectation[] | undefined): ChecksRun | undefined {
  return run && run.key === expectationsKey(expectations) ? run : undefined;
}

/** Still deploying: nothing decided yet and the deploy has not reported done. */
export function isDeploying(run: ChecksRun | undefined, deploy: LiveSlice['deploy']): boolean {
  return !!run?.running && Object.keys(run.results).length === 0 && deploy?.phase !== 'done';
}

export function checkRows(expectations: readonly Expectation[], run: ChecksRun | undefined, deploying: boolean): CheckRow[] {
  // The engine checks in file order: the first undecided row is the one being checked.
  const next = run?.running && !deploying ? expectations.findIndex((_, i) => !run.results[i]) : -1;
  return expectations.map((e, index) => {
    const result = run?.results[index];
    const state: RowState = result ? result.outcome : index === next ? 'running' : 'pending';
    return { index, text: describeExpectation(e), note: e.note, nodes: expectationNodes(e), state, detail: result?.detail };
  });
}

export interface ChecksSummary {
  passed: number;
  total: number;
  ok: boolean;
  text: string;
}

/** "3 of 3 hold", once a run has decided every row. */
export function checksSummary(run: ChecksRun | undefined, total: number): ChecksSummary | undefined {
  if (!run || run.running || total === 0) return undefined;
  const decided = Object.values(run.results);
  if (decided.length < total) return undefined;
  const passed = decided.filter((r) => r.outcome === 'pass').length;
  return { passed, total, ok: passed === total, text: `${passed} of ${total} hold` };
}

export interface ChecksFailure {
  title: string;
  diagnostics: Diagnostic[];
  /** Lines without a place in the file: the call's error, the deploy's failed steps. */
  messages: string[];
}

/** Why a finished run decided nothing: the lab is invalid, its deploy was refused or failed, or the call failed. */
export function checksFailure(run: ChecksRun | undefined, deploy: LiveSlice['deploy']): ChecksFailure | undefined {
  if (!run || run.running) return undefined;
  if (run.error) return { title: 'The checks could not run.', diagnostics: [], messages: [run.error] };
  if (run.ok !== false || Object.keys(run.results).length > 0) return undefined;
  const errors = run.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { title: 'The lab has problems to fix first, so nothing was deployed or checked:', diagnostics: errors, messages: [] };
  const failed = (deploy?.items ?? []).filter((i) => i.status === 'failed').map((i) => `${i.label}: ${i.message ?? 'failed'}`);
  return { title: 'The deploy failed, so nothing was checked:', diagnostics: [], messages: failed.length ? failed : ['The engine did not say why; try Deploy for the details.'] };
}

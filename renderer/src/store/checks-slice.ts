import type { ChecksRun, ChecksSlice, Slice } from './types';

/** What a newly loaded lab starts with: no run (rows of another file mean nothing here). */
export const CHECKS_CLEARED = { checks: undefined } satisfies Partial<ChecksSlice>;

export const createChecksSlice: Slice<ChecksSlice> = (set, get) => ({
  checks: undefined,

  startChecks(lab, key) {
    const previous = get().checks;
    // The engine refuses a second run of one lab anyway; the button says so sooner.
    if (previous?.running) return undefined;
    const seq = (previous?.seq ?? 0) + 1;
    set({ checks: { seq, lab, key, running: true, results: {}, diagnostics: [] } });
    return seq;
  },

  applyCheckResult(event) {
    const run = get().checks;
    if (!run?.running || event.lab !== run.lab) return;
    const { lab: _lab, ...result } = event;
    set({ checks: { ...run, results: { ...run.results, [event.index]: result } } });
  },

  finishChecks(seq, outcome) {
    const run = get().checks;
    // A run whose lab was replaced meanwhile (another file loaded) has nowhere to go.
    if (run?.seq !== seq) return;
    const results: ChecksRun['results'] = { ...run.results };
    // The outcome repeats every row: it fills in any event that was missed.
    for (const r of outcome.results) results[r.index] = r;
    set({ checks: { ...run, running: false, results, ok: outcome.ok, diagnostics: outcome.diagnostics } });
  },

  failChecks(seq, message) {
    const run = get().checks;
    if (run?.seq !== seq) return;
    set({ checks: { ...run, running: false, ok: false, error: message } });
  },
});

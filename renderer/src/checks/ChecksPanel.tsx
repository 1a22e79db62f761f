import { useLab } from '../store';
import { CheckRowView } from './CheckRowView';
import { ChecksFailureView } from './ChecksFailureView';
import { exampleExpectation } from './example';
import { checkRows, checksFailure, checksSummary, currentRun, isDeploying } from './progress';
import { runChecks } from './run-checks';

/** The Checks tab: the lab's expectations in words, checked for real on Run checks. */
export function ChecksPanel() {
  const s = useLab((st) => ({ document: st.document, run: st.checks, deploy: st.deploy }));
  const expectations = s.document?.expectations ?? [];
  const running = !!s.run?.running;
  const run = currentRun(s.run, expectations);
  const deploying = isDeploying(s.run, s.deploy);
  const rows = checkRows(expectations, run, deploying);
  const summary = checksSummary(run, expectations.length);
  const failure = checksFailure(run, s.deploy);
  const checking = rows.findIndex((r) => r.state === 'running');
  return (
    <section className="checks" data-testid="checks" aria-label="Checks">
      <header className="checks-head">
        <h2>Checks <span className="count">{expectations.length === 1 ? '1 expectation' : `${expectations.length} expectations`}</span></h2>
        <button type="button" className="primary" data-testid="checks-run" disabled={running || expectations.length === 0} onClick={() => { void runChecks(); }}
          title="Deploy the lab if needed, then check every expectation for real: a probe, a routing table, namespace ids">
          {running ? 'Running…' : 'Run checks'}
        </button>
      </header>
      {running && (
        <p className="checks-progress" role="status" data-testid="checks-progress">
          <span className="spinner" aria-hidden />
          {deploying
            ? `Deploying the lab${s.deploy?.counts.total ? ` (${s.deploy.counts.done} of ${s.deploy.counts.total})` : ''}…`
            : checking >= 0 ? `Checking ${checking + 1} of ${expectations.length}…` : 'Checking…'}
        </p>
      )}
      {summary && (
        <p className={`checks-summary ${summary.ok ? 'ok' : 'sev-error'}`} data-testid="checks-summary" data-ok={summary.ok}>
          <span aria-hidden>{summary.ok ? '✓' : '✗'}</span> {summary.text}
        </p>
      )}
      {s.run && !s.run.running && !run && expectations.length > 0 && (
        <p className="panel-note" data-testid="checks-stale">The expectations changed since the last run: run the checks again.</p>
      )}
      {failure && <ChecksFailureView failure={failure} />}
      {expectations.length > 0 ? (
        <ul className="check-list">
          {rows.map((row) => <CheckRowView key={row.index} row={row} />)}
        </ul>
      ) : (
        <div className="checks-empty" data-testid="checks-empty">
          <p>This lab states nothing to check yet. Add an <code>expectations</code> list to the lab file, one claim a line, for example:</p>
          <pre>{exampleExpectation(s.document)}</pre>
          <p className="panel-note">A claim can also be a route (<code>{'{node: a, route: 10.0.2.0/24}'}</code>), a shared namespace (<code>{'{nodes: [a, b], share: net}'}</code>) or a name that resolves in a node, or not (<code>{'{from: a, resolves: b, resolvable: true}'}</code>).</p>
        </div>
      )}
    </section>
  );
}

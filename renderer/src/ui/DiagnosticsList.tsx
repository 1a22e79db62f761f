import { formatPath } from '../../../electron/lab/model/diagnostics';
import { labStore, useLab } from '../store';
import { plural } from '../kinds/shared/format';
import { Prose } from './Prose';

/** Every problem in the lab; clicking one selects and centres the object concerned. */
export function DiagnosticsList() {
  const { diagnostics, editError } = useLab((s) => ({ diagnostics: s.diagnostics, editError: s.editError }));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return (
    <section className="diagnostics" data-testid="diagnostics" aria-label="Problems">
      <h2>Problems <span className="count">{plural(errors, 'error')} · {plural(warnings, 'warning')}</span></h2>
      {editError && <p className="sev-error">{editError}</p>}
      {diagnostics.length === 0 && <p className="panel-note ok">No problems found.</p>}
      <ul>
        {diagnostics.map((d, i) => (
          <li key={i}>
            <button type="button" className={`diag sev-${d.severity}`} title={d.hint} onClick={() => d.subject && labStore.getState().focusOn(d.subject.id)}>
              <span className="diag-sev">{d.severity}</span>
              <span className="diag-msg"><Prose text={d.message} /></span>
              {d.hint && <span className="diag-hint"><Prose text={d.hint} /></span>}
              <span className="diag-where">{d.position ? `line ${d.position.line}` : formatPath(d.path)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

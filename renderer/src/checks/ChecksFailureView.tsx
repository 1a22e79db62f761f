import { formatPath } from '../../../electron/lab/model/diagnostics';
import { labStore } from '../store';
import { Prose } from '../ui/Prose';
import type { ChecksFailure } from './progress';

/** Why nothing was checked, readably: each problem with its hint and place, clickable when it names an object. */
export function ChecksFailureView({ failure }: { failure: ChecksFailure }) {
  return (
    <div className="checks-failure" role="alert" data-testid="checks-error">
      <p className="checks-failure-title">{failure.title}</p>
      <ul>
        {failure.diagnostics.map((d, i) => (
          <li key={`d${i}`}>
            <button type="button" className="checks-diag" disabled={!d.subject} onClick={() => d.subject && labStore.getState().focusOn(d.subject.id)}>
              <span className="diag-msg"><Prose text={d.message} /></span>
              {d.hint && <span className="diag-hint"><Prose text={d.hint} /></span>}
              <span className="diag-where">{d.position ? `line ${d.position.line}` : formatPath(d.path)}</span>
            </button>
          </li>
        ))}
        {failure.messages.map((m, i) => <li key={`m${i}`} className="checks-message"><Prose text={m} /></li>)}
      </ul>
    </div>
  );
}

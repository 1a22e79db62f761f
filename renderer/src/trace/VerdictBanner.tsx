import type { Verdict } from '../../../electron/lab/trace/types';
import { outcomeTitle } from './outcomes';


/** What happened to the packet, in one banner: green when it got there and back, red otherwise. */
export function VerdictBanner({ verdict }: { verdict: Verdict }) {
  const ok = verdict.outcome === 'delivered';
  return (
    <div className={`trace-verdict ${ok ? 'verdict-ok' : 'verdict-failed'}`} data-testid="trace-verdict" data-outcome={verdict.outcome} role="status">
      <span className="verdict-icon" aria-hidden>{ok ? '✓' : '✕'}</span>
      <div className="verdict-body">
        <strong className="verdict-title">{outcomeTitle(verdict.outcome)}</strong>
        <span className="verdict-text">{verdict.text}</span>
        {verdict.evidence && <code className="verdict-evidence">{verdict.evidence.table} {verdict.evidence.chain}: {verdict.evidence.rule} ({verdict.evidence.packets} packets)</code>}
      </div>
    </div>
  );
}

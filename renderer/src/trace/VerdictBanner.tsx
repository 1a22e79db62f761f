import type { TraceOutcome, Verdict } from '../../../electron/lab/trace/types';

const OUTCOME_TITLE: Record<TraceOutcome, string> = {
  delivered: 'Delivered',
  'port-closed': 'Port closed',
  'no-route': 'No route',
  'arp-unanswered': 'ARP unanswered',
  isolated: 'Isolated by Docker',
  filtered: 'Filtered',
  'ttl-exceeded': 'TTL exceeded',
  'no-answer': 'No answer',
  lost: 'Lost',
};

/** What happened to the packet, in one banner: green when it got there and back, red otherwise. */
export function VerdictBanner({ verdict }: { verdict: Verdict }) {
  const ok = verdict.outcome === 'delivered';
  return (
    <div className={`trace-verdict ${ok ? 'verdict-ok' : 'verdict-failed'}`} data-testid="trace-verdict" data-outcome={verdict.outcome} role="status">
      <span className="verdict-icon" aria-hidden>{ok ? '✓' : '✕'}</span>
      <div className="verdict-body">
        <strong className="verdict-title">{OUTCOME_TITLE[verdict.outcome] ?? verdict.outcome}</strong>
        <span className="verdict-text">{verdict.text}</span>
        {verdict.evidence && <code className="verdict-evidence">{verdict.evidence.table} {verdict.evidence.chain}: {verdict.evidence.rule} ({verdict.evidence.packets} packets)</code>}
      </div>
    </div>
  );
}

import { labStore } from '../store';
import { Prose } from '../ui/Prose';
import type { CheckRow } from './progress';

const MARK_LABEL = { pass: 'holds', fail: 'does not hold', running: 'being checked', pending: 'not checked yet' } as const;

/** One expectation: its words, then what the engine saw; a click shows its nodes on the canvas. */
export function CheckRowView({ row }: { row: CheckRow }) {
  const focus = () => { if (row.nodes.length) labStore.getState().focusOn(row.nodes); };
  return (
    <li>
      <button type="button" className={`check check-${row.state}`} data-testid={`check-${row.index}`} data-state={row.state} onClick={focus}
        title={row.nodes.length ? `Select ${row.nodes.join(', ')} on the canvas` : undefined}>
        <span className="check-mark" role="img" aria-label={MARK_LABEL[row.state]}>
          {row.state === 'pass' ? '✓' : row.state === 'fail' ? '✗' : row.state === 'running' ? <span className="spinner" /> : '○'}
        </span>
        <span className="check-text">{row.text}</span>
        {row.note && <span className="check-note">{row.note}</span>}
        {row.detail && <span className="check-detail" data-testid={`check-detail-${row.index}`}><Prose text={row.detail} /></span>}
      </button>
    </li>
  );
}

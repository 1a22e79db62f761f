import type { NeighbourInfo } from '../../../../electron/lab/inspect/types';
import { useLab } from '../../store';
import { markCount, markLookup } from '../marks';
import { neighbourKey } from '../row-keys';
import { Empty, MarkChip, Row, rowKey, Section } from '../Section';

/** The ARP (and IPv6 neighbour) cache: who this node has resolved, and how fresh that is. */
export function NeighboursSection({ neighbours }: { neighbours: readonly NeighbourInfo[] }) {
  const marks = useLab((s) => s.marks.neighbours);
  const markOf = markLookup(marks);
  return (
    <Section name="neighbours" title="Neighbours (ARP)" count={neighbours.length} marked={markCount(marks)}>
      {neighbours.length === 0 ? <Empty>Empty: this node has not resolved anyone yet.</Empty> : (
        <table className="inspect-table">
          <thead><tr><th>IP</th><th>MAC</th><th>dev</th><th>state</th></tr></thead>
          <tbody>
            {neighbours.map((n) => {
              const key = neighbourKey(n);
              const mark = markOf(key);
              return (
                <Row key={rowKey(key, mark, marks?.seq)} section="neighbours" id={key} mark={mark}>
                  <td className="mono strong">{n.ip}<MarkChip mark={mark} /></td>
                  <td className="mono">{n.mac ?? <span className="muted">(none)</span>}</td>
                  <td className="mono muted">{n.dev}</td>
                  <td className={`nud nud-${n.state.split(',')[0].toLowerCase()}`}>{n.state.toLowerCase()}{n.router ? ' · router' : ''}</td>
                </Row>
              );
            })}
          </tbody>
        </table>
      )}
    </Section>
  );
}

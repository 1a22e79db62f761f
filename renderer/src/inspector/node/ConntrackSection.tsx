import type { ConntrackEntry } from '../../../../electron/lab/inspect/types';
import { useLab } from '../../store';
import { conntrackFlags, natText, tupleText } from '../format';
import { markCount, markLookup } from '../marks';
import { conntrackKey } from '../row-keys';
import { Empty, MarkChip, Row, rowKey, Section } from '../Section';

/** The connections netfilter tracks in this namespace (what NAT and stateful rules act on). */
export function ConntrackSection({ conntrack }: { conntrack: readonly ConntrackEntry[] }) {
  const marks = useLab((s) => s.marks.conntrack);
  const markOf = markLookup(marks);
  return (
    <Section name="conntrack" title="Conntrack" count={conntrack.length} marked={markCount(marks)}>
      {conntrack.length === 0 ? <Empty>No tracked connections.</Empty> : (
        <table className="inspect-table">
          <tbody>
            {conntrack.map((c) => {
              const key = conntrackKey(c);
              const mark = markOf(key);
              const nat = natText(c);
              return (
                <Row key={rowKey(key, mark, marks?.seq)} section="conntrack" id={key} mark={mark} title={`expires in ${c.timeout} s`}>
                  <td className="mono">{c.proto}</td>
                  <td className="mono">
                    {tupleText(c.original)}<MarkChip mark={mark} />
                    {nat && <div className="nat">{nat}</div>}
                  </td>
                  <td className="muted">{[c.state?.toLowerCase(), ...conntrackFlags(c)].filter(Boolean).join(' · ')}</td>
                </Row>
              );
            })}
          </tbody>
        </table>
      )}
    </Section>
  );
}

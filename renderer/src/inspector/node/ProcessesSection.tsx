import type { ProcessInfo } from '../../../../electron/lab/inspect/types';
import { useLab } from '../../store';
import { markCount, markLookup } from '../marks';
import { processKey } from '../row-keys';
import { MarkChip, Row, rowKey, Section } from '../Section';

/** The node's processes (its PID namespace), without the inspector's own. */
export function ProcessesSection({ processes }: { processes: readonly ProcessInfo[] }) {
  const marks = useLab((s) => s.marks.processes);
  const markOf = markLookup(marks);
  return (
    <Section name="processes" title="Processes" count={processes.length} marked={markCount(marks)}>
      <table className="inspect-table">
        <thead><tr><th className="num">pid</th><th className="num">ppid</th><th>user</th><th>command</th></tr></thead>
        <tbody>
          {processes.map((p) => {
            const key = processKey(p);
            const mark = markOf(key);
            return (
              <Row key={rowKey(key, mark, marks?.seq)} section="processes" id={key} mark={mark} title={p.args}>
                <td className="num mono">{p.pid}</td>
                <td className="num mono muted">{p.ppid}</td>
                <td className="muted">{p.user}</td>
                <td className="mono cmd"><span className="strong">{p.command}</span> <span className="muted">{p.args}</span><MarkChip mark={mark} /></td>
              </Row>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}

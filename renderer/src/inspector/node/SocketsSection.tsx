import type { SocketInfo } from '../../../../electron/lab/inspect/types';
import { useLab } from '../../store';
import { endpointText } from '../format';
import { markCount, markLookup } from '../marks';
import { socketKey } from '../row-keys';
import { Empty, MarkChip, Row, rowKey, Section } from '../Section';

/** A socket waiting for peers (TCP LISTEN, unconnected UDP) rather than talking to one. */
const listening = (s: SocketInfo) => s.state === 'LISTEN' || s.state === 'UNCONN';

/** Sockets: the listening ones first (what the node serves), then the connections. */
export function SocketsSection({ sockets }: { sockets: readonly SocketInfo[] }) {
  const marks = useLab((s) => s.marks.sockets);
  const markOf = markLookup(marks);
  const groups = [
    { title: 'listening', rows: sockets.filter(listening) },
    { title: 'connected', rows: sockets.filter((s) => !listening(s)) },
  ].filter((g) => g.rows.length > 0);
  return (
    <Section name="sockets" title="Sockets" count={sockets.length} marked={markCount(marks)}>
      {sockets.length === 0 ? <Empty>No TCP or UDP sockets.</Empty> : groups.map((group) => (
        <table className="inspect-table" key={group.title}>
          <caption>{group.title}</caption>
          <tbody>
            {group.rows.map((s) => {
              const key = socketKey(s);
              const mark = markOf(key);
              return (
                <Row key={rowKey(key, mark, marks?.seq)} section="sockets" id={key} mark={mark}>
                  <td className="mono">{s.proto}</td>
                  <td className="mono strong">{endpointText(s.local)}<MarkChip mark={mark} /></td>
                  <td className="mono muted">{group.title === 'connected' ? `→ ${endpointText(s.peer)}` : ''}</td>
                  <td className="muted">{s.state === 'LISTEN' || s.state === 'UNCONN' ? '' : s.state.toLowerCase()}</td>
                  <td className="proc">{s.processes.length ? s.processes.map((p) => `${p.name} (${p.pid})`).join(', ') : <span className="muted" title="No process of this namespace holds it (Docker's resolver lives outside)">—</span>}</td>
                </Row>
              );
            })}
          </tbody>
        </table>
      ))}
    </Section>
  );
}

import type { NamespaceSharing } from '../../../../electron/lab/inspect/types';
import { labStore } from '../../store';
import { sharingText } from '../format';
import { Row, Section } from '../Section';

/** Which namespaces the node has, by kernel id, and who else is in each. Hovering a shared
 *  one lights its sharers up on the canvas (the host is not on the canvas). */
export function NamespacesSection({ sharing }: { sharing: readonly NamespaceSharing[] }) {
  const highlight = (ns: NamespaceSharing) => labStore.getState().highlightNodes(ns.sharedWith.filter((n) => n !== 'host'));
  const clear = () => labStore.getState().highlightNodes([]);
  return (
    <Section name="namespaces" title="Namespaces" count={sharing.length}>
      <table className="inspect-table">
        <tbody>
          {sharing.map((ns) => (
            <Row key={ns.kind} section="namespaces" id={ns.kind} onMouseEnter={ns.sharedWith.length ? () => highlight(ns) : undefined} onMouseLeave={ns.sharedWith.length ? clear : undefined}>
              <td className="mono strong">{ns.kind}</td>
              <td className="mono muted">{ns.id ?? '—'}</td>
              <td className={ns.sharedWith.length ? 'ns-shared' : 'muted'}>{sharingText(ns)}</td>
            </Row>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

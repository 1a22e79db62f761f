import type { RouteInfo, RuleInfo } from '../../../../electron/lab/inspect/types';
import { labStore, useLab } from '../../store';
import { groupRoutesByTable, routeText, ruleText } from '../format';
import { markCount, markLookup } from '../marks';
import { routeKey } from '../row-keys';
import { MarkChip, Row, rowKey, Section } from '../Section';

/** Tables folded at first: the kernel's own (local addresses, broadcasts), rarely what is looked for. */
const FOLDABLE = new Set(['local']);

/** Routes by table (main first: the one static routes go to), then the policy rules that pick a table. */
export function RoutesSection({ routes, rules }: { routes: readonly RouteInfo[]; rules: readonly RuleInfo[] }) {
  const { marks, collapsed } = useLab((s) => ({ marks: s.marks.routes, collapsed: s.collapsed }));
  const markOf = markLookup(marks);
  return (
    <Section name="routes" title="Routes" count={routes.length} marked={markCount(marks)}>
      {groupRoutesByTable(routes).map((group) => {
        const name = `routes-${group.table}`;
        const folded = FOLDABLE.has(group.table) && collapsed.includes(name);
        const markedHere = group.routes.filter((r) => markOf(routeKey(r))).length;
        return (
        <table className="inspect-table" key={group.table}>
          <caption>
            {FOLDABLE.has(group.table) ? (
              <button type="button" className="inspect-subfold" aria-expanded={!folded} onClick={() => labStore.getState().toggleSection(name)}>
                {folded ? '▸' : '▾'} table {group.table} <span className="count">{group.routes.length}</span>
                {folded && markedHere > 0 && <span className="new-chip">{markedHere} new</span>}
              </button>
            ) : `table ${group.table}`}
          </caption>
          <tbody>
            {!folded && group.routes.map((route) => {
              const key = routeKey(route);
              const mark = markOf(key);
              return (
                <Row key={rowKey(key, mark, marks?.seq)} section="routes" id={key} mark={mark}>
                  <td className="mono">{routeText(route)}<MarkChip mark={mark} /></td>
                </Row>
              );
            })}
          </tbody>
        </table>
        );
      })}
      {rules.length > 0 && (
        <table className="inspect-table">
          <caption>policy rules</caption>
          <tbody>
            {rules.map((rule) => (
              <Row key={`${rule.priority}|${ruleText(rule)}`} section="rules" id={String(rule.priority)}>
                <td className="num mono muted">{rule.priority}:</td>
                <td className="mono wide">{ruleText(rule)}</td>
              </Row>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

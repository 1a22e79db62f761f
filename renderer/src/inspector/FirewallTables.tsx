import type { FirewallChain, FirewallTable } from '../../../electron/lab/inspect/types';
import { bytesText, compactCount } from './format';

/** iptables tables → chains → rules with their counters, as iptables-save lists them.
 *  Chains without rules are listed on one line: their policy is all there is to them.
 *  `ruleClass` marks rules (the host's view marks the lab's); `row` names the rows' test ids. */
export function FirewallTables({ tables, row, ruleClass, chainFilter, ruleFilter }: {
  tables: readonly FirewallTable[];
  /** Test id prefix of the rule rows: `inspect-row-<row>-<table>/<chain>/<index>`. */
  row: string;
  ruleClass?: (id: string) => string | undefined;
  chainFilter?: (table: string, chain: FirewallChain) => boolean;
  /** Hides rules without renumbering them (ids stay iptables' order). */
  ruleFilter?: (id: string) => boolean;
}) {
  const shown = tables.map((t) => ({ ...t, chains: t.chains.filter((c) => chainFilter?.(t.name, c) ?? true) })).filter((t) => t.chains.length > 0);
  if (shown.every((t) => t.chains.every((c) => c.rules.length === 0))) {
    const policies = [...new Set(shown.flatMap((t) => t.chains.map((c) => c.policy).filter(Boolean)))];
    return <p className="inspect-empty" data-testid={`${row}-empty`}>no rules{policies.length ? ` — every chain's policy is ${policies.join(' or ')}` : ''}</p>;
  }
  return (
    <div className="fw">
      {shown.map((table) => {
        const empty = table.chains.filter((c) => c.rules.length === 0);
        return (
          <div className="fw-table" key={table.name}>
            <h4>{table.name}</h4>
            {table.chains.filter((c) => c.rules.length > 0).map((chain) => (
              <table className="inspect-table fw-chain" key={chain.name}>
                <caption>
                  <span className="fw-chain-name">{chain.name}</span>
                  {chain.policy && <span className="muted"> policy {chain.policy}{chain.packets !== undefined ? ` · ${compactCount(chain.packets)} pkts` : ''}</span>}
                </caption>
                <tbody>
                  {chain.rules.map((rule, i) => {
                    const id = `${table.name}/${chain.name}/${i}`;
                    if (ruleFilter && !ruleFilter(id)) return null;
                    const cls = ruleClass?.(id);
                    return (
                      <tr key={i} data-testid={`inspect-row-${row}-${id}`} className={cls} data-lab={cls ? 'true' : undefined} title={`${bytesText(rule.bytes)} matched`}>
                        <td className="num fw-count">{compactCount(rule.packets)}</td>
                        <td className="mono fw-rule">{ruleWithTarget(rule.text, rule.target)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            ))}
            {empty.length > 0 && (
              <p className="fw-empty-chains">
                <span className="muted">no rules: </span>
                {empty.map((c) => `${c.name}${c.policy ? ` (${c.policy})` : ''}`).join(', ')}
              </p>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** The rule's text with its target in bold: where a matching packet goes is what is read first. */
function ruleWithTarget(text: string, target: string | undefined) {
  const at = target ? text.lastIndexOf(`-j ${target}`) : -1;
  if (at < 0) return text;
  const end = at + 3 + target!.length;
  return (
    <>
      {text.slice(0, at)}-j <strong className={`fw-target fw-${target!.toLowerCase()}`}>{target}</strong>{text.slice(end)}
    </>
  );
}

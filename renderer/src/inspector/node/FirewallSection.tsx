import type { NodeInspection } from '../../../../electron/lab/inspect/types';
import { FirewallTables } from '../FirewallTables';
import { Section } from '../Section';

/** nft's JSON is passed through as nft printed it: count its rules, no more. */
function nftRuleCount(nft: unknown): number {
  const items = (nft as { nftables?: unknown[] } | undefined)?.nftables;
  return Array.isArray(items) ? items.filter((item) => typeof item === 'object' && item !== null && 'rule' in item).length : 0;
}

/** The node's own iptables: tables, chains and rules with their packet counters. */
export function FirewallSection({ firewall }: { firewall: NodeInspection['firewall'] }) {
  const rules = firewall.iptables.reduce((n, t) => n + t.chains.reduce((m, c) => m + c.rules.length, 0), 0);
  const nft = nftRuleCount(firewall.nft);
  return (
    <Section name="firewall" title="Firewall" count={rules}>
      <FirewallTables tables={firewall.iptables} row="firewall" />
      {nft > 0 && <p className="inspect-foot">nftables holds {nft} rules (iptables-nft writes them there: the same rules as above).</p>}
    </Section>
  );
}

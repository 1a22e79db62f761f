// Which firewall rule dropped the probe (pure): `iptables-save -c` before and after,
// compared. A DROP or REJECT rule, or a chain whose policy is DROP, whose packet counter
// went up while the probe ran is the evidence the verdict names.
import type { DropEvidence } from './types';

interface Counted {
  table: string;
  chain: string;
  rule: string;
  packets: number;
}

/** Drop-capable rules and DROP policies with their packet counters, keyed by table/chain/rule. */
export function parseDropCounters(save: string): Map<string, Counted> {
  const out = new Map<string, Counted>();
  let table = '';
  const seen = new Map<string, number>();
  for (const raw of save.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('*')) {
      table = line.slice(1);
      seen.clear(); // numbering is per table: a rule added in one must not shift another's keys
      continue;
    }
    const policy = /^:(\S+) DROP \[(\d+):\d+\]/.exec(line);
    if (policy) {
      out.set(`${table}/${policy[1]}/policy`, { table, chain: policy[1], rule: 'policy DROP', packets: Number(policy[2]) });
      continue;
    }
    const rule = /^\[(\d+):\d+\] -A (\S+) (.*)$/.exec(line);
    if (!rule || !/-j (DROP|REJECT)\b/.test(rule[3])) continue;
    const text = `-A ${rule[2]} ${rule[3]}`;
    // identical rules in one chain are told apart by their order
    const n = (seen.get(text) ?? 0) + 1;
    seen.set(text, n);
    out.set(`${table}/${text}#${n}`, { table, chain: rule[2], rule: text, packets: Number(rule[1]) });
  }
  return out;
}

/** Rules and policies that dropped packets between two `iptables-save -c` outputs, most first. */
export function dropsBetween(place: string, before: string, after: string): DropEvidence[] {
  const a = parseDropCounters(before);
  const b = parseDropCounters(after);
  const out: DropEvidence[] = [];
  for (const [key, now] of b) {
    const delta = now.packets - (a.get(key)?.packets ?? 0);
    if (delta > 0) out.push({ place, table: now.table, chain: now.chain, rule: now.rule, packets: delta });
  }
  return out.sort((x, y) => y.packets - x.packets);
}

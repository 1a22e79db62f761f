// Parser for `iptables-save` (pure), with `-c` counters or without: tables, chains
// with their policies and counters, rules in evaluation order with their targets.
import { lines } from './text';
import type { FirewallChain, FirewallRule, FirewallTable } from './types';

/** Words as iptables-save quotes them: `--comment "a b"` is one word. */
export function splitRuleWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '\\' && i + 1 < text.length) {
      word += text[++i];
    } else if (char === '"') {
      quoted = !quoted;
      inWord = true;
    } else if (!quoted && /\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The rule's verdict or jump: `-j X`, `--jump X`, `-g X` or `--goto X`. */
function targetOf(ruleText: string): string | undefined {
  const words = splitRuleWords(ruleText);
  for (let i = 0; i < words.length - 1; i++) {
    if (['-j', '--jump', '-g', '--goto'].includes(words[i])) return words[i + 1];
  }
  return undefined;
}

/** A chain's declaration line: everything about it but its rules. */
type ChainDeclaration = Omit<FirewallChain, 'rules'>;

function chainIn(table: FirewallTable, name: string): FirewallChain {
  let chain = table.chains.find((c) => c.name === name);
  if (!chain) {
    chain = { name, rules: [] };
    table.chains.push(chain);
  }
  return chain;
}

/** Declarations come before rules, but a rule for an undeclared chain creates it: keep its rules. */
function declareChain(table: FirewallTable, declared: ChainDeclaration): void {
  const existing = table.chains.find((c) => c.name === declared.name);
  if (existing) Object.assign(existing, declared);
  else table.chains.push({ ...declared, rules: [] });
}

/** `:INPUT ACCEPT [12:3456]` or `:DOCKER - [0:0]`. */
function toChainDeclaration(line: string): ChainDeclaration | undefined {
  const match = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?/.exec(line);
  if (!match) return undefined;
  const [, name, policy, packets, bytes] = match;
  // `-` marks a user chain: it has no policy, and the kernel keeps no counters for it.
  if (policy === '-') return { name };
  return packets === undefined ? { name, policy } : { name, policy, packets: Number(packets), bytes: Number(bytes) };
}

/** `[5:300] -A INPUT -i lo -j ACCEPT` (with -c) or `-A INPUT -i lo -j ACCEPT`. */
function toRuleLine(line: string): { chain: string; rule: FirewallRule } | undefined {
  const match = /^(?:\[(\d+):(\d+)\]\s+)?-A\s+(\S+)(?:\s+(.*))?$/.exec(line);
  if (!match) return undefined;
  const text = (match[4] ?? '').trim();
  const rule: FirewallRule = { text };
  const target = targetOf(text);
  if (target) rule.target = target;
  if (match[1] !== undefined) {
    rule.packets = Number(match[1]);
    rule.bytes = Number(match[2]);
  }
  return { chain: match[3], rule };
}

/** Tables in the order printed, chains in the order declared, rules in evaluation order. */
export function parseIptablesSave(text: string): FirewallTable[] {
  const tables: FirewallTable[] = [];
  let table: FirewallTable | undefined;
  for (const raw of lines(text)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      table = { name: line.slice(1), chains: [] };
      tables.push(table);
    } else if (line === 'COMMIT') {
      table = undefined;
    } else if (table && line.startsWith(':')) {
      const declared = toChainDeclaration(line);
      if (declared) declareChain(table, declared);
    } else if (table) {
      const parsed = toRuleLine(line);
      if (parsed) chainIn(table, parsed.chain).rules.push(parsed.rule);
    }
  }
  return tables;
}

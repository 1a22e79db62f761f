// From the inspect script's whole output to one NodeInspection (pure). Every section is
// parsed on its own, so one unreadable section costs only its view; what went wrong is
// said in `errors` rather than shown as an empty table the user would take at face value.
import { parseJson } from './json';
import {
  parseConntrack,
  parseIptablesSave,
  parseLinks,
  parseNamespaces,
  parseNeighbours,
  parseNftRuleset,
  parseProcesses,
  parseResolvConf,
  parseRoutes,
  parseRules,
  parseSockets,
  parseSysctls,
} from './parse';
import { INSPECT_SECTIONS, splitSections } from './sections';
import type { NodeInspection } from './types';

/** Sections holding JSON: text that does not parse is a broken section, not an empty one. */
const JSON_SECTIONS = ['links', 'addrs', 'routes', 'rules', 'neigh', 'nft'];

/**
 * Sections that are never empty when the tool works (every namespace has lo, every pid
 * namespace a pid 1, /proc/sys is always there): empty means the tool is missing or the
 * read was denied. The others may be empty for real (no iptables tables, no conntrack).
 */
const NEVER_EMPTY: Record<string, string> = {
  namespaces: "cannot read the target's /proc/1/ns (pid namespace not shared, or no permission)",
  links: 'no output from `ip -j -d link show` (iproute2 missing in the sidecar?)',
  addrs: 'no output from `ip -j addr show` (iproute2 missing in the sidecar?)',
  processes: 'no output from `ps` (procps missing in the sidecar?)',
  sysctls: 'cannot read /proc/sys',
};

function sectionErrors(sections: Map<string, string>): string[] {
  if (sections.size === 0) return ['the inspect script printed no sections'];
  const errors: string[] = [];
  for (const [name] of INSPECT_SECTIONS) {
    const text = sections.get(name);
    if (text === undefined) errors.push(`${name}: missing from the output (the script stopped early?)`);
    else if (text.trim() === '' && NEVER_EMPTY[name]) errors.push(`${name}: ${NEVER_EMPTY[name]}`);
    else if (text.trim() !== '' && JSON_SECTIONS.includes(name) && parseJson(text) === undefined) errors.push(`${name}: output is not valid JSON`);
  }
  return errors;
}

/** The snapshot of `node` taken at `takenAt` (ISO 8601) from the script's stdout. */
export function inspectionFromOutput(node: string, takenAt: string, output: string): NodeInspection {
  const sections = splitSections(output);
  const section = (name: string) => sections.get(name) ?? '';
  const nft = parseNftRuleset(section('nft'));
  const inspection: NodeInspection = {
    node,
    takenAt,
    namespaces: parseNamespaces(section('namespaces')),
    interfaces: parseLinks(section('links'), section('addrs')),
    routes: parseRoutes(section('routes')),
    rules: parseRules(section('rules')),
    neighbours: parseNeighbours(section('neigh')),
    sockets: parseSockets(section('sockets')),
    firewall: { iptables: parseIptablesSave(section('iptables')) },
    sysctls: parseSysctls(section('sysctls')),
    dns: { resolv: parseResolvConf(section('resolv')), hosts: section('hosts') },
    processes: parseProcesses(section('processes')),
    conntrack: parseConntrack(section('conntrack')),
    errors: sectionErrors(sections),
  };
  if (nft !== undefined) inspection.firewall.nft = nft;
  return inspection;
}

// The Inspector's parsers, one per section of the inspect script's output (pure). Each
// takes one section's text and is tolerant: empty, truncated or unexpected output
// yields an empty (or partial) result and never throws, since a namespace may lack a
// tool or deny a read and the rest of the Inspector must still show.
export { parseLinks, parseNeighbours, parseRoutes, parseRules } from './parse-ip';
export { parseEndpoint, parseSockets } from './parse-sockets';
export { parseIptablesSave, splitRuleWords } from './parse-iptables';
export { DOCKER_EMBEDDED_DNS, parseNamespaces, parseProcesses, parseResolvConf, parseSysctls } from './parse-system';
export { compressIpv6, parseConntrack } from './parse-conntrack';
import { parseJson } from './json';

/** `nft -j list ruleset`, kept as nft printed it (the UI shows it as a tree); undefined when empty or not JSON. */
export function parseNftRuleset(text: string): unknown {
  return parseJson(text);
}

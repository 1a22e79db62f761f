// Does a name resolve inside a node, as its own resolver would do it? (pure) The node's
// /etc/hosts first; then, only when its resolv.conf uses Docker's embedded DNS and the
// name is one Docker holds for the node's own networks, one query to 127.0.0.11, which
// Docker answers locally. Anything else is decided without asking anyone: a DNS query
// for a name Docker does not hold would be forwarded to the host's resolvers, outside
// the lab, and topolab never sends one.
import { DOCKER_EMBEDDED_DNS } from './parse-system';
import { lines } from './text';
import type { ResolvConf } from './types';

/** One network of the node's namespace. */
export interface ResolverNetwork {
  /** The lab's id of the network (or Docker's name when the lab file does not know it). */
  id: string;
  /** Docker's default bridge (docker0): no embedded DNS there. */
  defaultBridge: boolean;
}

/** A name Docker's embedded DNS would hold: a lab container's names on one network. */
export interface DnsRecordFact {
  /** The lab node the container is. */
  node: string;
  network: string;
  defaultBridge: boolean;
  /** Its names on that network: node id, aliases, container name (on the default bridge Docker holds none of them; they only explain a miss). */
  names: string[];
  /** Its address there; absent while it has none (not running). */
  ip?: string;
  running: boolean;
  /** On the same engine as the node asking: Docker registered it there itself. */
  sameEngine: boolean;
}

export interface NameResolutionFacts {
  /** The node whose resolver is asked. */
  node: string;
  name: string;
  /** The node's /etc/hosts and resolv.conf, as its processes see them. */
  hosts: string;
  resolv: ResolvConf;
  /** 'host': the node uses the Docker host's network namespace; 'none': it has no network. */
  networkMode: 'networks' | 'host' | 'none';
  networks: ResolverNetwork[];
  /** Every name Docker holds for the lab's containers, on every network. */
  records: DnsRecordFact[];
}

export type NameDecision =
  /** Found in /etc/hosts: no query at all. */
  | { kind: 'hosts'; addresses: string[]; detail: string }
  /** Docker holds the name for one of the node's networks: ask 127.0.0.11 for `query`. */
  | { kind: 'ask-embedded'; server: typeof DOCKER_EMBEDDED_DNS; query: string; node: string; network: string }
  /** Does not resolve, and why; nothing was asked. */
  | { kind: 'unresolved'; detail: string };

export interface NameResolution {
  resolves: boolean;
  addresses: string[];
  /** Where the answer came from. */
  source: 'hosts' | 'embedded-dns' | 'none';
  detail: string;
}

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;
const canonical = (name: string) => name.trim().replace(/\.$/, '').toLowerCase();
const NO_OUTSIDE = 'topolab never asks a DNS server outside the lab.';

/** The addresses /etc/hosts gives a name (each line: address, then its names), in file order. */
export function hostsLookup(hostsText: string, name: string): string[] {
  const wanted = canonical(name);
  const out: string[] = [];
  for (const raw of lines(hostsText)) {
    const [address, ...names] = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (!address || names.length === 0) continue;
    if (names.some((n) => canonical(n) === wanted) && !out.includes(address)) out.push(address);
  }
  return out;
}

const list = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

function noEmbeddedDns(f: NameResolutionFacts): string {
  const servers = f.resolv.nameservers.length ? `nameserver ${f.resolv.nameservers.join(', ')}` : 'no nameserver';
  const notInHosts = `${f.name} is not in its /etc/hosts.`;
  if (f.networkMode === 'host') return `${f.node} has no embedded DNS: it uses the Docker host's network and resolv.conf (${servers}); ${notInHosts}`;
  if (f.networkMode === 'none' || f.networks.length === 0) return `${f.node} has no network, so no DNS server; ${notInHosts}`;
  if (f.networks.every((n) => n.defaultBridge)) {
    return `${f.node} has no embedded DNS: it is only on Docker's default bridge, whose containers get the host's resolv.conf (${servers}); ${notInHosts}`;
  }
  return `${f.node}'s resolv.conf has ${servers}, not Docker's embedded DNS (${DOCKER_EMBEDDED_DNS}); ${notInHosts}`;
}

/** Why Docker's embedded DNS holds no record of the name for the node: in words, from the lab's facts. */
function noRecord(f: NameResolutionFacts, named: DnsRecordFact[]): string {
  const own = new Set(f.networks.filter((n) => !n.defaultBridge).map((n) => n.id));
  const onOwn = named.filter((r) => own.has(r.network) && !r.defaultBridge);
  const stopped = onOwn.find((r) => r.sameEngine && (!r.running || !r.ip));
  if (stopped) return `${stopped.node} is not running, so Docker's DNS has no record of ${f.name}; ${f.name} is not in ${f.node}'s /etc/hosts.`;
  const elsewhere = onOwn.find((r) => !r.sameEngine);
  if (elsewhere) {
    return `${f.name} is ${elsewhere.node} on another Docker host; topolab asks Docker's DNS only about containers on ${f.node}'s own engine, so that no query can leave the lab.`;
  }
  const nodes = [...new Set(named.map((r) => r.node))];
  if (named.length > 0 && named.every((r) => r.defaultBridge)) {
    return `${list(nodes)} is only on Docker's default bridge, where Docker registers no names; ${f.name} is not in ${f.node}'s /etc/hosts.`;
  }
  const theirs = [...new Set(named.filter((r) => !r.defaultBridge).map((r) => r.network))];
  if (theirs.length > 0) {
    return `${f.name} is ${list(nodes)} on ${list(theirs)}, which ${f.node} is not on: Docker's DNS answers each container only with names of its own networks; ${f.name} is not in its /etc/hosts.`;
  }
  return `${f.name} is no name Docker holds on ${f.node}'s networks (${list([...own])}) and is not in its /etc/hosts; ${NO_OUTSIDE}`;
}

/** What the node's resolver would do with the name: answered from /etc/hosts, one query to Docker's DNS, or no. */
export function decideNameResolution(f: NameResolutionFacts): NameDecision {
  const fromHosts = hostsLookup(f.hosts, f.name);
  if (fromHosts.length > 0) return { kind: 'hosts', addresses: fromHosts, detail: `${f.name} is in ${f.node}'s /etc/hosts: ${fromHosts.join(', ')}` };
  if (!f.resolv.dockerEmbedded || f.networkMode !== 'networks') return { kind: 'unresolved', detail: `${noEmbeddedDns(f)} ${NO_OUTSIDE}` };
  const wanted = canonical(f.name);
  const named = f.records.filter((r) => r.names.some((n) => canonical(n) === wanted));
  const own = new Set(f.networks.filter((n) => !n.defaultBridge).map((n) => n.id));
  // only a record Docker registered on this engine, for a running container with an
  // address on one of the node's own user-defined networks: Docker answers it itself
  const held = named.find((r) => own.has(r.network) && !r.defaultBridge && r.running && r.ip && r.sameEngine);
  if (held) return { kind: 'ask-embedded', server: DOCKER_EMBEDDED_DNS, query: held.names.find((n) => canonical(n) === wanted)!, node: held.node, network: held.network };
  return { kind: 'unresolved', detail: noRecord(f, named) };
}

/**
 * The outcome of a decision, with the embedded DNS's answer when it was asked
 * (`dig +short` output: one answer a line, CNAMEs included; `exitCode` non-zero when no
 * server answered).
 */
export function resolutionOf(f: Pick<NameResolutionFacts, 'node' | 'name'>, decision: NameDecision, answer?: { exitCode: number; stdout: string; stderr: string }): NameResolution {
  if (decision.kind === 'hosts') return { resolves: true, addresses: decision.addresses, source: 'hosts', detail: decision.detail };
  if (decision.kind === 'unresolved') return { resolves: false, addresses: [], source: 'none', detail: decision.detail };
  const dns = `Docker's embedded DNS (${decision.server})`;
  if (!answer || answer.exitCode !== 0) {
    const why = `${answer?.stdout ?? ''}\n${answer?.stderr ?? ''}`.split('\n').map((l) => l.replace(/^;;\s*/, '').trim()).find((l) => l !== '');
    return { resolves: false, addresses: [], source: 'embedded-dns', detail: `${dns} did not answer ${f.node}'s query for ${decision.query}${why ? `: ${why}` : ''}.` };
  }
  const addresses = lines(answer.stdout).map((l) => l.trim()).filter((l) => IPV4.test(l));
  if (addresses.length === 0) return { resolves: false, addresses, source: 'embedded-dns', detail: `${dns} has no address for ${decision.query} in ${f.node}.` };
  return { resolves: true, addresses, source: 'embedded-dns', detail: `${decision.query} → ${addresses.join(', ')} from ${dns}, for ${f.node} on ${decision.network}` };
}

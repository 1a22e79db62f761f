// Parsers for the plain-text sections (pure): sysctls, resolv.conf, namespace links
// and ps output.
import { INSPECT_NAMESPACES } from './sections';
import { lines } from './text';
import type { NamespaceIds, NamespaceKind, ProcessInfo, ResolvConf } from './types';

/** `name = value` lines; whitespace inside a value (ip_local_port_range's tab) becomes one space. */
export function parseSysctls(text: string): Record<string, string> {
  const sysctls: Record<string, string> = {};
  for (const line of lines(text)) {
    const equals = line.indexOf('=');
    if (equals < 0) continue;
    const name = line.slice(0, equals).trim();
    if (name === '' || /\s/.test(name)) continue;
    sysctls[name] = line.slice(equals + 1).trim().replace(/\s+/g, ' ');
  }
  return sysctls;
}

/** The IP Docker's embedded DNS server answers on inside every user-defined network. */
export const DOCKER_EMBEDDED_DNS = '127.0.0.11';

/** `# ExtServers: [8.8.8.8 host(127.0.0.53)]`, Docker's note of where 127.0.0.11 forwards. */
function dockerUpstreamsOf(comment: string): string[] | undefined {
  const match = /^[#;]\s*ExtServers:\s*\[(.*)\]/.exec(comment);
  if (!match) return undefined;
  return match[1]
    .split(/[\s,]+/)
    .map((server) => server.replace(/^host\((.*)\)$/, '$1'))
    .filter((server) => server !== '');
}

/** resolv.conf as the resolver reads it: the last `search`/`domain` wins, `options` add up. */
export function parseResolvConf(text: string): ResolvConf {
  const resolv: ResolvConf = { nameservers: [], search: [], options: [], dockerEmbedded: false, dockerUpstreams: [] };
  for (const raw of lines(text)) {
    const line = raw.trim();
    if (line.startsWith('#') || line.startsWith(';')) {
      resolv.dockerUpstreams = dockerUpstreamsOf(line) ?? resolv.dockerUpstreams;
      continue;
    }
    const [keyword, ...values] = line.split(/\s+/);
    if (keyword === 'nameserver' && values[0]) resolv.nameservers.push(values[0]);
    else if (keyword === 'search') resolv.search = values;
    else if (keyword === 'domain' && values[0]) resolv.search = [values[0]];
    else if (keyword === 'options') resolv.options.push(...values);
  }
  resolv.dockerEmbedded = resolv.nameservers.includes(DOCKER_EMBEDDED_DNS);
  return resolv;
}

/** The kinds the script lists, so a kind added there is parsed here too. */
const NAMESPACE_KINDS: readonly NamespaceKind[] = INSPECT_NAMESPACES;

/** `net=net:[4026532305]` lines; a namespace the kernel lacks (time before 5.6) stays undefined. */
export function parseNamespaces(text: string): NamespaceIds {
  const ids = Object.fromEntries(NAMESPACE_KINDS.map((kind) => [kind, undefined])) as NamespaceIds;
  for (const line of lines(text)) {
    const match = /^\s*([a-z]+)\s*=\s*([a-z_]+):\[(\d+)\]\s*$/.exec(line);
    if (match && (NAMESPACE_KINDS as readonly string[]).includes(match[1])) ids[match[1] as NamespaceKind] = Number(match[3]);
  }
  return ids;
}

/** ps pads USER to 8 columns and COMMAND (comm) to 15, each followed by one space. */
const USER_WIDTH = 8;
const COMM_WIDTH = 15;

/**
 * One `ps -eo pid=,ppid=,user=,comm=,args=` row. comm may hold spaces ("my worker"),
 * so it is cut by column: it starts one space after USER's padding and is 15 wide. If
 * the columns are not where they should be, comm falls back to the next word.
 */
function toProcess(line: string): ProcessInfo | undefined {
  const head = /^\s*(\d+)\s+(\d+)\s+(\S+)/.exec(line);
  if (!head) return undefined;
  const [, pid, ppid, user] = head;
  const userStart = head[0].length - user.length;
  const commStart = userStart + Math.max(USER_WIDTH, user.length) + 1;
  const commEnd = commStart + COMM_WIDTH;
  const padding = line.slice(head[0].length, commStart);
  const columnsHold = line.length > commStart && /^ +$/.test(padding) && line[commStart] !== ' ' && (line.length <= commEnd || line[commEnd] === ' ');
  if (columnsHold) {
    return { pid: Number(pid), ppid: Number(ppid), user, command: line.slice(commStart, commEnd).trimEnd(), args: line.slice(commEnd + 1).trim() };
  }
  const rest = /^\s+(\S+)\s*(.*)$/.exec(line.slice(head[0].length));
  if (!rest) return undefined;
  return { pid: Number(pid), ppid: Number(ppid), user, command: rest[1], args: rest[2].trim() };
}

/** A process and everything it started: the inspect script's own shell, subshells and ps. */
function subtreeOf(root: number, processes: ProcessInfo[]): Set<number> {
  const subtree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of processes) {
      if (!subtree.has(p.pid) && subtree.has(p.ppid)) {
        subtree.add(p.pid);
        grew = true;
      }
    }
  }
  return subtree;
}

/**
 * ps output, without the inspect script itself: the script prints `self=<its pid>`
 * first (it shares the pid namespace, so it is listed too) and its subtree is dropped.
 */
export function parseProcesses(text: string): ProcessInfo[] {
  let self: number | undefined;
  const processes: ProcessInfo[] = [];
  for (const line of lines(text)) {
    const selfLine = /^self=(\d+)\s*$/.exec(line);
    if (selfLine) self = Number(selfLine[1]);
    else {
      const parsed = toProcess(line);
      if (parsed) processes.push(parsed);
    }
  }
  if (self === undefined) return processes;
  const script = subtreeOf(self, processes);
  return processes.filter((p) => !script.has(p.pid));
}

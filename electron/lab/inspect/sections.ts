// The Inspector's one round trip (pure): a POSIX sh script, run with `sh -c` in a
// sidecar that shares the target's network and pid namespaces, prints every view of
// the namespace as a section under a `@@topolab:<name>@@` line; splitSections cuts the
// text back apart. One exec instead of fourteen keeps a refresh cheap.

const MARKER = /^@@topolab:([A-Za-z0-9_-]+)@@$/;

/** The marker line that opens a section. */
export function sectionMarker(name: string): string {
  return `@@topolab:${name}@@`;
}

/**
 * Sections by name, each the text between its marker line and the next one (line
 * breaks inside kept, the one before the next marker dropped). Text before the first
 * marker is ignored; a repeated name keeps its first occurrence, so later output cannot
 * replace what an earlier section said.
 */
export function splitSections(text: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | undefined;
  let lines: string[] = [];
  const close = () => {
    if (current !== undefined && !sections.has(current)) sections.set(current, lines.join('\n'));
  };
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const marker = MARKER.exec(line);
    if (marker) {
      close();
      current = marker[1];
      lines = [];
    } else if (current !== undefined) {
      lines.push(line);
    }
  }
  // The script ends every section with a newline: drop the empty last line it leaves.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  close();
  return sections;
}

/** The sysctls the Inspector shows: the ones that decide forwarding, filtering and ARP. */
export const INSPECT_SYSCTLS = [
  'net.ipv4.ip_forward',
  'net.ipv4.conf.all.rp_filter',
  'net.ipv4.conf.default.rp_filter',
  'net.ipv4.conf.all.forwarding',
  'net.ipv6.conf.all.forwarding',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.conf.all.arp_ignore',
  'net.ipv4.conf.all.proxy_arp',
  'net.ipv4.ping_group_range',
  'net.ipv4.icmp_echo_ignore_all',
] as const;

export const INSPECT_NAMESPACES = ['net', 'pid', 'mnt', 'uts', 'ipc', 'user', 'cgroup', 'time'] as const;

/**
 * Shell functions for the sections that are more than one command. The sidecar has its
 * own mount namespace, so the target's files are read through pid 1's root, and its
 * namespaces through pid 1's ns links (pid 1 of the shared pid namespace is the target).
 */
const HELPERS = String.raw`
inspect_sysctls() {
  for name in ${INSPECT_SYSCTLS.join(' ')}; do
    file=/proc/sys/$(printf '%s' "$name" | tr . /)
    if [ -r "$file" ]; then printf '%s = %s\n' "$name" "$(cat "$file")"; fi
  done
}
inspect_namespaces() {
  for ns in ${INSPECT_NAMESPACES.join(' ')}; do
    if link=$(readlink "/proc/1/ns/$ns"); then printf '%s=%s\n' "$ns" "$link"; fi
  done
}
inspect_processes() {
  list=$(ps -ww -eo pid=,ppid=,user=,comm=,args=) || return 0
  printf 'self=%s\n%s\n' "$$" "$list"
}
inspect_conntrack() {
  if [ -r /proc/net/nf_conntrack ]; then cat /proc/net/nf_conntrack; fi
}
`;

/** Section name and the command (a simple command or a helper above) that fills it, in output order. */
export const INSPECT_SECTIONS: ReadonlyArray<readonly [name: string, command: string]> = [
  ['namespaces', 'inspect_namespaces'],
  ['links', 'ip -j -d link show'],
  ['addrs', 'ip -j addr show'],
  ['routes', 'ip -j route show table all'],
  ['rules', 'ip -j rule show'],
  ['neigh', 'ip -j neigh show'],
  ['sockets', 'ss -H -tunap'],
  ['iptables', 'iptables-save -c'],
  ['nft', 'nft -j list ruleset'],
  ['sysctls', 'inspect_sysctls'],
  ['conntrack', 'inspect_conntrack'],
  ['processes', 'inspect_processes'],
  // Files the container's user can edit come last: together with the marker escape
  // in emit and first-wins in splitSections, they cannot fake an earlier section.
  ['resolv', 'cat /proc/1/root/etc/resolv.conf'],
  ['hosts', 'cat /proc/1/root/etc/hosts'],
];

/**
 * emit prints a section: its marker, then the command's output with stderr dropped. A
 * missing tool or a failing command leaves the section empty, never stops the script.
 * Output is captured first so the section always ends with exactly one newline, and a
 * line that looks like a marker is indented so it cannot open a section.
 */
const EMIT = String.raw`
emit() {
  printf '@@topolab:%s@@\n' "$1"
  shift
  out=$( { "$@"; } 2>/dev/null )
  case $out in *@@topolab:*) out=$(printf '%s\n' "$out" | sed 's/^@@topolab:/ &/') ;; esac
  if [ -n "$out" ]; then printf '%s\n' "$out"; fi
}
`;

function buildScript(): string {
  const calls = INSPECT_SECTIONS.map(([name, command]) => `emit ${name} ${command}`);
  return [EMIT.trim(), HELPERS.trim(), ...calls, 'exit 0', ''].join('\n');
}

/** The script that prints every section; run it as `sh -c INSPECT_SCRIPT`. */
export const INSPECT_SCRIPT: string = buildScript();

// How the Inspector writes kernel facts: close to what `ip`, `ss` and `iptables`
// print, so what is read here can be typed into a console and compared. Pure.
import type { ConntrackEntry, ConntrackTuple, InspectedInterface, InterfaceAddress, NamespaceSharing, RouteInfo, RuleInfo } from '../../../electron/lab/inspect/types';

export { endpointText } from '../../../electron/lab/inspect/diff';

export function addressText(a: Pick<InterfaceAddress, 'address' | 'prefix'>): string {
  return `${a.address}/${a.prefix}`;
}

/** Global and link-local addresses, IPv4 first: what a person looks for first. */
export function sortedAddresses(addresses: readonly InterfaceAddress[]): InterfaceAddress[] {
  return [...addresses].sort((x, y) => (x.family === y.family ? 0 : x.family === 'inet' ? -1 : 1));
}

/** "↔ host vethb10b71c on br-54fa4e9c64cc (lan)": where a veth's other end plugs in. */
export function hostPeerText(iface: Pick<InspectedInterface, 'hostPeer'>): string | undefined {
  const peer = iface.hostPeer;
  if (!peer) return undefined;
  const bridge = peer.bridge ? ` on ${peer.bridge}${peer.network ? ` (${peer.network})` : ''}` : '';
  return `↔ host ${peer.name}${bridge}`;
}

/** "shared with b, r1, host" or "own". */
export function sharingText(sharing: Pick<NamespaceSharing, 'sharedWith'>): string {
  return sharing.sharedWith.length ? `shared with ${sharing.sharedWith.join(', ')}` : 'own';
}

/** A route as `ip route` writes it, without the table (routes are grouped by table). */
export function routeText(r: RouteInfo): string {
  const parts = [r.type !== 'unicast' ? `${r.type} ${r.dst}` : r.dst];
  if (r.gateway) parts.push(`via ${r.gateway}`);
  if (r.dev) parts.push(`dev ${r.dev}`);
  for (const hop of r.nexthops ?? []) parts.push(`nexthop${hop.gateway ? ` via ${hop.gateway}` : ''}${hop.dev ? ` dev ${hop.dev}` : ''}${hop.weight ? ` weight ${hop.weight}` : ''}`);
  if (r.protocol) parts.push(`proto ${r.protocol}`);
  if (r.scope && r.scope !== 'global') parts.push(`scope ${r.scope}`);
  if (r.prefsrc) parts.push(`src ${r.prefsrc}`);
  if (r.metric !== undefined) parts.push(`metric ${r.metric}`);
  parts.push(...r.flags);
  return parts.join(' ');
}

/** Tables in the order the kernel consults them for an ordinary lookup: local, main, default, then numbered. */
export function groupRoutesByTable(routes: readonly RouteInfo[]): { table: string; routes: RouteInfo[] }[] {
  const order = (t: string) => (t === 'main' ? 0 : t === 'local' ? 2 : t === 'default' ? 3 : 1);
  const groups = new Map<string, RouteInfo[]>();
  for (const r of routes) groups.set(r.table, [...(groups.get(r.table) ?? []), r]);
  return [...groups].map(([table, rs]) => ({ table, routes: rs })).sort((a, b) => order(a.table) - order(b.table) || a.table.localeCompare(b.table, undefined, { numeric: true }));
}

/** A policy rule as `ip rule` writes it after the priority. */
export function ruleText(r: RuleInfo): string {
  const parts = [r.not ? 'not' : '', `from ${r.from}`];
  if (r.to) parts.push(`to ${r.to}`);
  if (r.iif) parts.push(`iif ${r.iif}`);
  if (r.oif) parts.push(`oif ${r.oif}`);
  if (r.fwmark) parts.push(`fwmark ${r.fwmark}`);
  if (r.tos) parts.push(`tos ${r.tos}`);
  if (r.ipproto) parts.push(`ipproto ${r.ipproto}`);
  if (r.sport) parts.push(`sport ${r.sport}`);
  if (r.dport) parts.push(`dport ${r.dport}`);
  if (r.uidRange) parts.push(`uidrange ${r.uidRange}`);
  if (r.l3mdev) parts.push('lookup [l3mdev-table]');
  else if (r.action === 'lookup') parts.push(`lookup ${r.table ?? ''}`);
  else if (r.action === 'goto') parts.push(`goto ${r.goto ?? ''}`);
  else parts.push(r.action);
  if (r.suppressPrefixLength !== undefined) parts.push(`suppress_prefixlength ${r.suppressPrefixLength}`);
  return parts.filter(Boolean).join(' ');
}

/** "10.0.0.2:40000 → 10.0.0.3:80", or for ICMP "10.0.0.2 → 10.0.0.3 echo #12". */
export function tupleText(t: ConntrackTuple): string {
  if (t.sport !== undefined || t.dport !== undefined) return `${t.src}:${t.sport ?? '*'} → ${t.dst}:${t.dport ?? '*'}`;
  const icmp = t.icmpType === 8 || t.icmpType === 0 ? 'echo' : t.icmpType !== undefined ? `type ${t.icmpType}/${t.icmpCode ?? 0}` : '';
  return `${t.src} → ${t.dst}${icmp ? ` ${icmp}` : ''}${t.icmpId !== undefined ? ` #${t.icmpId}` : ''}`;
}

/** The flags conntrack shows: ASSURED, UNREPLIED, mark, zone. */
export function conntrackFlags(c: ConntrackEntry): string[] {
  return [c.assured ? 'assured' : '', c.unreplied ? 'unreplied' : '', c.mark ? `mark ${c.mark}` : '', c.zone ? `zone ${c.zone}` : ''].filter(Boolean);
}

/** Where the reply tuple differs from the mirror of the original: NAT happened. */
export function natText(c: ConntrackEntry): string | undefined {
  const { original: o, reply: r } = c;
  if (r.src === o.dst && r.dst === o.src && r.sport === o.dport && r.dport === o.sport) return undefined;
  return `reply ${tupleText(r)}`;
}

/** 950, 12.3k, 4.5M: counters in a narrow column. */
export function compactCount(n: number | undefined): string {
  if (n === undefined) return '';
  if (n < 1000) return String(n);
  const [value, unit] = n < 1e6 ? [n / 1e3, 'k'] : n < 1e9 ? [n / 1e6, 'M'] : [n / 1e9, 'G'];
  return `${value < 10 ? value.toFixed(1) : Math.round(value)}${unit}`;
}

/** 512 B, 12.3 kB, 4.5 MB. */
export function bytesText(n: number | undefined): string {
  if (n === undefined) return '';
  return n < 1000 ? `${n} B` : `${compactCount(n).replace(/[kMG]$/, ' $&')}B`;
}

// Parsers for iproute2 6.1's JSON (`ip -j …`) (pure). Fields are looked up with their
// types checked: a field this version does not print reads as absent, and an entry
// without its identifying fields (ifindex, dst…) is skipped, never fatal.
import {
  hasKey,
  numberField,
  objectField,
  objectsField,
  parseJsonObjects,
  stringField,
  stringsField,
  textField,
  type JsonObject,
} from './json';
import { presentOnly, wholeNumber } from './text';
import type { InterfaceAddress, InterfaceInfo, NeighbourInfo, RouteInfo, RouteNexthop, RuleInfo, VxlanInfo } from './types';

/** Addresses of each device by ifindex, from `ip -j addr show`. */
function addressesByIndex(addrEntries: JsonObject[]): Map<number, InterfaceAddress[]> {
  const byIndex = new Map<number, InterfaceAddress[]>();
  for (const entry of addrEntries) {
    const index = numberField(entry, 'ifindex');
    if (index === undefined) continue;
    const addresses = objectsField(entry, 'addr_info').flatMap((info) => {
      const address = toAddress(info);
      return address ? [address] : [];
    });
    byIndex.set(index, addresses);
  }
  return byIndex;
}

function toAddress(info: JsonObject): InterfaceAddress | undefined {
  const family = stringField(info, 'family');
  const address = stringField(info, 'local');
  const prefix = numberField(info, 'prefixlen');
  if ((family !== 'inet' && family !== 'inet6') || !address || prefix === undefined) return undefined;
  return { family, address, prefix, scope: stringField(info, 'scope') ?? '' };
}

function kindOf(entry: JsonObject, linkinfo: JsonObject | undefined): string {
  const kind = linkinfo && stringField(linkinfo, 'info_kind');
  if (kind) return kind;
  // The kernel gives loopback no link info; its link type says what it is.
  return stringField(entry, 'link_type') === 'loopback' ? 'loopback' : '';
}

/** iproute2 6.1 names the IPv6 forms remote6/group6/local6 and the underlay `link`. */
function toVxlan(data: JsonObject): VxlanInfo | undefined {
  const vni = numberField(data, 'id');
  if (vni === undefined) return undefined;
  return {
    vni,
    ...presentOnly({
      remote: stringField(data, 'remote') ?? stringField(data, 'remote6'),
      group: stringField(data, 'group') ?? stringField(data, 'group6'),
      local: stringField(data, 'local') ?? stringField(data, 'local6'),
      port: numberField(data, 'port'),
      dev: stringField(data, 'link') ?? stringField(data, 'dev'),
    }),
  };
}

const MODED_KINDS = new Set(['macvlan', 'macvtap', 'ipvlan', 'ipvtap']);

function toInterface(entry: JsonObject, addresses: Map<number, InterfaceAddress[]>): InterfaceInfo | undefined {
  const index = numberField(entry, 'ifindex');
  const name = stringField(entry, 'ifname');
  if (index === undefined || !name) return undefined;
  const linkinfo = objectField(entry, 'linkinfo');
  const data = linkinfo && objectField(linkinfo, 'info_data');
  const kind = kindOf(entry, linkinfo);
  const masterKind = linkinfo && stringField(linkinfo, 'info_slave_kind');
  const slaveData = linkinfo && objectField(linkinfo, 'info_slave_data');
  return {
    index,
    name,
    kind,
    mac: stringField(entry, 'address') ?? '',
    mtu: numberField(entry, 'mtu') ?? 0,
    state: stringField(entry, 'operstate') ?? 'UNKNOWN',
    flags: stringsField(entry, 'flags'),
    addresses: addresses.get(index) ?? [],
    ...presentOnly({
      // ip prints `link_index` + `link_netnsid` when the peer is in another namespace
      // (it cannot name it there), and `link` (a name) when it is in this one.
      peerIndex: numberField(entry, 'link_index'),
      peerNetnsId: numberField(entry, 'link_netnsid'),
      peerName: stringField(entry, 'link'),
      master: stringField(entry, 'master'),
      masterKind,
      portState: masterKind === 'bridge' && slaveData ? stringField(slaveData, 'state') : undefined,
      mode: data && MODED_KINDS.has(kind) ? stringField(data, 'mode') : undefined,
      vxlan: data && kind === 'vxlan' ? toVxlan(data) : undefined,
    }),
  };
}

/**
 * Devices with their addresses, by ifindex. When `ip link` printed nothing usable the
 * devices are read from `ip addr`, which carries the same base fields (no link info).
 */
export function parseLinks(linksJson: string, addrsJson: string): InterfaceInfo[] {
  const addrEntries = parseJsonObjects(addrsJson);
  const linkEntries = parseJsonObjects(linksJson);
  const addresses = addressesByIndex(addrEntries);
  const entries = linkEntries.length > 0 ? linkEntries : addrEntries;
  const interfaces = entries.flatMap((entry) => {
    const info = toInterface(entry, addresses);
    return info ? [info] : [];
  });
  // A peer in this namespace is known by name; give it its index too, so the UI can
  // follow peers the same way wherever they live.
  const indexByName = new Map(interfaces.map((i) => [i.name, i.index]));
  for (const info of interfaces) {
    if (info.peerIndex === undefined && info.peerName) {
      const peerIndex = indexByName.get(info.peerName);
      if (peerIndex !== undefined) info.peerIndex = peerIndex;
    }
  }
  return interfaces.sort((a, b) => a.index - b.index);
}

function toNexthop(hop: JsonObject): RouteNexthop {
  return presentOnly({ gateway: stringField(hop, 'gateway'), dev: stringField(hop, 'dev'), weight: numberField(hop, 'weight') });
}

/** An IPv4 route via an IPv6 gateway prints `via: {family, host}` instead of `gateway`. */
function gatewayOf(entry: JsonObject): string | undefined {
  const via = objectField(entry, 'via');
  return stringField(entry, 'gateway') ?? (via && stringField(via, 'host'));
}

function toRoute(entry: JsonObject): RouteInfo | undefined {
  const dst = stringField(entry, 'dst');
  if (!dst) return undefined;
  const nexthops = objectsField(entry, 'nexthops').map(toNexthop);
  return {
    // ip leaves out `table` for main and `type` for unicast: they are the defaults.
    table: textField(entry, 'table') ?? 'main',
    type: stringField(entry, 'type') ?? 'unicast',
    dst,
    flags: stringsField(entry, 'flags'),
    ...presentOnly({
      gateway: gatewayOf(entry),
      dev: stringField(entry, 'dev'),
      protocol: stringField(entry, 'protocol'),
      scope: stringField(entry, 'scope'),
      prefsrc: stringField(entry, 'prefsrc'),
      metric: numberField(entry, 'metric'),
      nexthops: nexthops.length > 0 ? nexthops : undefined,
    }),
  };
}

/** main first (what people mean by "the routing table"), then local, then the rest by id. */
function tableOrder(a: string, b: string): number {
  const rank = (table: string) => (table === 'main' ? 0 : table === 'local' ? 1 : 2);
  const byRank = rank(a) - rank(b);
  if (byRank !== 0 || rank(a) < 2) return byRank;
  const [na, nb] = [wholeNumber(a), wholeNumber(b)];
  if (na !== undefined && nb !== undefined) return na - nb;
  if (na !== undefined || nb !== undefined) return na !== undefined ? 1 : -1; // named tables (default) before numbered ones
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `ip -j route show table all`, grouped by table; the kernel's order is kept inside a table. */
export function parseRoutes(json: string): RouteInfo[] {
  const routes = parseJsonObjects(json).flatMap((entry) => {
    const route = toRoute(entry);
    return route ? [route] : [];
  });
  return routes.sort((a, b) => tableOrder(a.table, b.table));
}

/** `10.0.0.0` + srclen 24 → `10.0.0.0/24`; ip leaves out the length of a host address. */
function prefixOf(entry: JsonObject, addressKey: string, lengthKey: string): string | undefined {
  const address = stringField(entry, addressKey);
  if (!address) return undefined;
  const length = numberField(entry, lengthKey);
  return length === undefined ? address : `${address}/${length}`;
}

/** A port is printed as a number, a range as `<key>_start`/`<key>_end`. */
function rangeOf(entry: JsonObject, key: string): string | undefined {
  const single = textField(entry, key);
  if (single) return single;
  const start = numberField(entry, `${key}_start`);
  const end = numberField(entry, `${key}_end`);
  return start !== undefined && end !== undefined ? `${start}-${end}` : undefined;
}

function ruleAction(entry: JsonObject): string {
  if (hasKey(entry, 'goto')) return 'goto';
  if (hasKey(entry, 'table') || hasKey(entry, 'l3mdev')) return 'lookup';
  if (hasKey(entry, 'nop')) return 'nop';
  return stringField(entry, 'action') ?? 'lookup';
}

function toRule(entry: JsonObject): RuleInfo {
  const fwmark = stringField(entry, 'fwmark');
  const fwmask = stringField(entry, 'fwmask');
  return {
    priority: numberField(entry, 'priority') ?? 0,
    not: hasKey(entry, 'not'),
    from: prefixOf(entry, 'src', 'srclen') ?? 'all',
    action: ruleAction(entry),
    ...presentOnly({
      to: prefixOf(entry, 'dst', 'dstlen'),
      iif: stringField(entry, 'iif'),
      oif: stringField(entry, 'oif'),
      fwmark: fwmark && (fwmask ? `${fwmark}/${fwmask}` : fwmark),
      tos: textField(entry, 'tos'),
      ipproto: textField(entry, 'ipproto'),
      sport: rangeOf(entry, 'sport'),
      dport: rangeOf(entry, 'dport'),
      uidRange: rangeOf(entry, 'uid'),
      table: textField(entry, 'table'),
      goto: numberField(entry, 'goto'),
      l3mdev: hasKey(entry, 'l3mdev') || undefined,
      suppressPrefixLength: numberField(entry, 'suppress_prefixlen'),
    }),
  };
}

/** `ip -j rule show`, by priority (the order the kernel tries them). */
export function parseRules(json: string): RuleInfo[] {
  return parseJsonObjects(json)
    .map(toRule)
    .sort((a, b) => a.priority - b.priority);
}

function toNeighbour(entry: JsonObject): NeighbourInfo | undefined {
  const ip = stringField(entry, 'dst');
  if (!ip) return undefined;
  return {
    ip,
    dev: stringField(entry, 'dev') ?? '',
    state: stringsField(entry, 'state').join(','),
    // `"router": null`: the flag's presence is its value.
    ...presentOnly({ mac: stringField(entry, 'lladdr'), router: hasKey(entry, 'router') || undefined }),
  };
}

/** `ip -j neigh show`: the ARP/NDP cache. */
export function parseNeighbours(json: string): NeighbourInfo[] {
  return parseJsonObjects(json).flatMap((entry) => {
    const neighbour = toNeighbour(entry);
    return neighbour ? [neighbour] : [];
  });
}

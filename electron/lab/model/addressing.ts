// Address planning (pure): every network gets a subnet and every interface an IPv4
// address, deterministically, never clashing with subnets the engine already uses.
// Docker's default address pools are never relied on: they differ between engines and
// would make a lab file's addresses depend on the machine it runs on.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { type Cidr, contains, firstHostOffset, formatCidr, formatIp, lastHostOffset, lastAddressValue, nthAddress, overlaps, parseIp, toCidr } from './cidr';
import type { Diagnostic, FieldPath } from './diagnostics';
import { isBuiltinNetwork, type LabDocument, type NetworkDef } from './schema';

/** The range topolab picks subnets from when a network has none written. */
export const AUTO_SUBNET_POOL = '10.200.0.0/16';
/** Size of each subnet picked from AUTO_SUBNET_POOL. */
export const AUTO_SUBNET_PREFIX = 24;
/** Offset of the first address handed out automatically, e.g. 10.200.5.10. */
export const FIRST_AUTO_HOST_OFFSET = 10;

export interface UsedRange {
  subnet: string;
  /** Who uses it, for messages: a Docker network name, 'host interface eth0'… */
  owner: string;
}

export interface AddressingInput {
  document: LabDocument;
  /** Subnets in use outside this lab (other engine networks, host interfaces). */
  used: UsedRange[];
  /** What this lab already has on the engine, so running objects keep their addresses. */
  live?: {
    /** Subnet of each live lab network, by network id. */
    networkSubnets: Record<string, string>;
    /** IPv4 address of each live interface, keyed `${nodeId}/${networkId}`. */
    interfaceIps: Record<string, string>;
  };
}

export interface PlannedNetwork {
  /** undefined when no subnet could be planned (unparsable written subnet, pool exhausted). */
  subnet?: string;
  gateway?: string;
  /** true when topolab chose the subnet. */
  auto: boolean;
}

export interface AddressingResult {
  /** By network id; builtin networks (host, none, docker0) have no entry. */
  networks: Record<string, PlannedNetwork>;
  /** By `${nodeId}/${networkId}`: the IPv4 address that interface gets (undefined on builtin networks). */
  interfaces: Record<string, { ip?: string; auto: boolean }>;
  /** Used ranges that the planner had to stay clear of (overlapping its pool); empty when no subnet was picked from the pool. */
  avoided: UsedRange[];
  diagnostics: Diagnostic[];
}

const POOL = toCidr(AUTO_SUBNET_POOL) as Cidr;

interface LabNetwork { def: NetworkDef; index: number }
interface UsedEntry { range: UsedRange; cidr: Cidr }

interface Context {
  input: AddressingInput;
  result: AddressingResult;
  used: UsedEntry[];
  /** Subnets this lab holds or will hold; pool picks must overlap none of them. */
  taken: Cidr[];
  /** Planned IPv4 subnet by network id. */
  subnets: Map<string, Cidr>;
  poolProbed: boolean;
}

export function planAddresses(input: AddressingInput): AddressingResult {
  const ctx: Context = {
    input,
    result: { networks: {}, interfaces: {}, avoided: [], diagnostics: [] },
    used: parseUsed(input.used ?? []),
    taken: [],
    subnets: new Map(),
    poolProbed: false,
  };
  const { planned, builtin } = sortNetworks(input.document.networks ?? []);
  // Written subnets first, then live ones: both are fixed points that pool picks must
  // flow around, whatever their place in the file.
  for (const net of planned) if (net.def.subnet !== undefined) planWrittenSubnet(ctx, net);
  const pending = planned.filter((net) => net.def.subnet === undefined && !reuseLiveSubnet(ctx, net));
  reserveAllLiveSubnets(ctx);
  for (const net of pending) planPoolSubnet(ctx, net);
  if (ctx.poolProbed) ctx.result.avoided = avoidedRanges(ctx.used);
  planInterfaces(ctx, new Set(planned.map((net) => net.def.id)), builtin);
  return ctx.result;
}

// A duplicated id is validate's to report; the first definition wins here.
function sortNetworks(defs: NetworkDef[]): { planned: LabNetwork[]; builtin: Set<string> } {
  const seen = new Set<string>();
  const planned: LabNetwork[] = [];
  const builtin = new Set<string>();
  defs.forEach((def, index) => {
    if (seen.has(def.id)) return;
    seen.add(def.id);
    if (isBuiltinNetwork(def)) builtin.add(def.id);
    else planned.push({ def, index });
  });
  return { planned, builtin };
}

function parseUsed(used: UsedRange[]): UsedEntry[] {
  return used.flatMap((range) => {
    const cidr = toCidr(range.subnet);
    return cidr?.family === 4 ? [{ range, cidr }] : [];
  });
}

function planWrittenSubnet(ctx: Context, net: LabNetwork): void {
  // Host bits set is validate's error; planning the enclosing network keeps its space reserved meanwhile.
  const cidr = toCidr(net.def.subnet ?? '');
  if (cidr?.family !== 4) {
    ctx.result.networks[net.def.id] = { subnet: undefined, gateway: undefined, auto: false };
    return;
  }
  for (const used of ctx.used) {
    if (overlaps(cidr, used.cidr)) ctx.result.diagnostics.push(engineClash(net, cidr, used.range));
  }
  setPlanned(ctx, net, cidr, false);
}

// A live subnet is kept even if something outside the lab now overlaps it: the network
// already exists, and moving it would disrupt a running lab. Only a subnet written in
// the lab itself can push it away, since that network could not be created otherwise.
function reuseLiveSubnet(ctx: Context, net: LabNetwork): boolean {
  const text = liveValue(ctx.input.live?.networkSubnets, net.def.id);
  const cidr = text === undefined ? undefined : toCidr(text);
  if (cidr?.family !== 4 || ctx.taken.some((t) => overlaps(cidr, t))) return false;
  setPlanned(ctx, net, cidr, true);
  return true;
}

// Live networks that are not kept (removed from the file, or moving) may still exist
// while the new ones are created, so new picks stay clear of them too.
function reserveAllLiveSubnets(ctx: Context): void {
  for (const text of Object.values(ctx.input.live?.networkSubnets ?? {})) {
    const cidr = toCidr(text);
    if (cidr?.family === 4) ctx.taken.push(cidr);
  }
}

// Ids such as 'constructor' must not find Object.prototype's members.
function liveValue(record: Record<string, string> | undefined, key: string): string | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

function planPoolSubnet(ctx: Context, net: LabNetwork): void {
  ctx.poolProbed = true;
  const cidr = probePool(ctx, `${ctx.input.document.name}/${net.def.id}`);
  if (cidr) {
    setPlanned(ctx, net, cidr, true);
    return;
  }
  ctx.result.networks[net.def.id] = { subnet: undefined, gateway: undefined, auto: true };
  ctx.result.diagnostics.push(poolExhausted(net));
}

// Starting from a hash of lab and network names keeps a network's subnet the same from
// one run to the next even without live state, and spreads labs across the pool.
function probePool(ctx: Context, seed: string): Cidr | undefined {
  const count = 2 ** (AUTO_SUBNET_PREFIX - POOL.prefix);
  const step = 1n << BigInt(32 - AUTO_SUBNET_PREFIX);
  const start = hashIndex(seed, count);
  for (let i = 0; i < count; i++) {
    const network = POOL.network + BigInt((start + i) % count) * step;
    const candidate: Cidr = { family: 4, network, prefix: AUTO_SUBNET_PREFIX };
    const clear = (other: Cidr) => !overlaps(candidate, other);
    if (ctx.used.every((u) => clear(u.cidr)) && ctx.taken.every(clear)) return candidate;
  }
  return undefined;
}

function hashIndex(seed: string, modulo: number): number {
  const digest = sha256(utf8ToBytes(seed));
  const word = digest[0] * 2 ** 24 + digest[1] * 2 ** 16 + digest[2] * 2 ** 8 + digest[3];
  return word % modulo;
}

function avoidedRanges(used: UsedEntry[]): UsedRange[] {
  const seen = new Set<string>();
  const avoided: UsedRange[] = [];
  for (const entry of used) {
    const key = `${formatCidr(entry.cidr)} ${entry.range.owner}`;
    if (!overlaps(entry.cidr, POOL) || seen.has(key)) continue;
    seen.add(key);
    avoided.push(entry.range);
  }
  return avoided;
}

function setPlanned(ctx: Context, net: LabNetwork, cidr: Cidr, auto: boolean): void {
  ctx.taken.push(cidr);
  ctx.subnets.set(net.def.id, cidr);
  ctx.result.networks[net.def.id] = { subnet: formatCidr(cidr), gateway: gatewayOf(net.def, cidr), auto };
}

// ipvlan L3 (and L3S) routes by device, not via a gateway: Docker sets none there.
function gatewayOf(def: NetworkDef, cidr: Cidr): string | undefined {
  if (def.driver === 'ipvlan' && (def.mode === 'l3' || def.mode === 'l3s')) return undefined;
  return def.gateway ?? nthAddress(cidr, firstHostOffset(cidr));
}

interface Slot {
  key: string;
  nodeId: string;
  networkId: string;
  ip?: string;
  path: FieldPath;
}

interface HostPool {
  cidr: Cidr;
  taken: Set<bigint>;
}

function planInterfaces(ctx: Context, planned: Set<string>, builtin: Set<string>): void {
  const pools = new Map<string, HostPool>();
  for (const [id, cidr] of ctx.subnets) pools.set(id, newHostPool(cidr, ctx.result.networks[id].gateway));
  const pending: Slot[] = [];
  // Explicit addresses anywhere on a network are reserved before any is handed out.
  for (const slot of interfaceSlots(ctx.input.document)) {
    if (builtin.has(slot.networkId)) {
      ctx.result.interfaces[slot.key] = { ip: undefined, auto: false };
    } else if (planned.has(slot.networkId) && slot.ip !== undefined) {
      ctx.result.interfaces[slot.key] = { ip: slot.ip, auto: false };
      reserve(pools.get(slot.networkId), slot.ip);
    } else if (planned.has(slot.networkId)) {
      pending.push(slot);
    }
  }
  const fresh = pending.filter((slot) => !reuseLiveIp(ctx, pools.get(slot.networkId), slot));
  for (const slot of fresh) assignFreeIp(ctx, pools.get(slot.networkId), slot);
}

// Interface order is file order; a second interface of a node on the same network is
// validate's to report and shares the first one's key, so it is skipped.
function interfaceSlots(document: LabDocument): Slot[] {
  const seen = new Set<string>();
  const slots: Slot[] = [];
  (document.nodes ?? []).forEach((node, ni) => {
    if (node.sharesNetworkWith !== undefined) return;
    (node.interfaces ?? []).forEach((iface, ii) => {
      const key = `${node.id}/${iface.network}`;
      if (seen.has(key)) return;
      seen.add(key);
      slots.push({ key, nodeId: node.id, networkId: iface.network, ip: iface.ip, path: ['nodes', ni, 'interfaces', ii] });
    });
  });
  return slots;
}

// Network and broadcast addresses start out taken, so that taken ∪ free = the hosts.
function newHostPool(cidr: Cidr, gateway: string | undefined): HostPool {
  const pool: HostPool = { cidr, taken: new Set() };
  if (firstHostOffset(cidr) > 0n) pool.taken.add(cidr.network);
  if (cidr.family === 4 && cidr.prefix <= 30) pool.taken.add(lastAddressValue(cidr));
  if (gateway !== undefined) reserve(pool, gateway);
  return pool;
}

function reserve(pool: HostPool | undefined, ip: string): void {
  const addr = parseIp(ip);
  if (pool && addr?.family === pool.cidr.family) pool.taken.add(addr.value);
}

function reuseLiveIp(ctx: Context, pool: HostPool | undefined, slot: Slot): boolean {
  const text = liveValue(ctx.input.live?.interfaceIps, slot.key);
  const addr = text === undefined ? undefined : parseIp(text);
  if (!pool || !addr || !contains(pool.cidr, addr) || pool.taken.has(addr.value)) return false;
  pool.taken.add(addr.value);
  ctx.result.interfaces[slot.key] = { ip: formatIp(addr), auto: true };
  return true;
}

function assignFreeIp(ctx: Context, pool: HostPool | undefined, slot: Slot): void {
  const value = pool && nextFreeHost(pool);
  if (!pool || value === undefined) {
    ctx.result.interfaces[slot.key] = { ip: undefined, auto: pool !== undefined };
    if (pool) ctx.result.diagnostics.push(subnetFull(slot, pool.cidr));
    return;
  }
  pool.taken.add(value);
  ctx.result.interfaces[slot.key] = { ip: formatIp({ family: 4, value }), auto: true };
}

// Offsets below FIRST_AUTO_HOST_OFFSET are conventionally left to hand-written
// addresses; they are used only when a small subnet has nothing left above.
function nextFreeHost(pool: HostPool): bigint | undefined {
  const first = firstHostOffset(pool.cidr);
  const last = lastHostOffset(pool.cidr);
  const preferred = BigInt(FIRST_AUTO_HOST_OFFSET) > first ? BigInt(FIRST_AUTO_HOST_OFFSET) : first;
  const free = (from: bigint, to: bigint): bigint | undefined => {
    for (let offset = from; offset <= to; offset++) {
      if (!pool.taken.has(pool.cidr.network + offset)) return pool.cidr.network + offset;
    }
    return undefined;
  };
  return free(preferred, last) ?? free(first, preferred - 1n < last ? preferred - 1n : last);
}

function engineClash(net: LabNetwork, cidr: Cidr, used: UsedRange): Diagnostic {
  const message = `Subnet ${formatCidr(cidr)} of network '${net.def.id}' overlaps ${used.subnet}, already used by ${used.owner}.`;
  const hint = 'Choose another subnet, or leave subnet out to have one planned that clashes with nothing.';
  return error('subnet-clash-engine', message, hint, ['networks', net.index, 'subnet'], { kind: 'network', id: net.def.id });
}

function poolExhausted(net: LabNetwork): Diagnostic {
  const message = `No free /${AUTO_SUBNET_PREFIX} left in topolab's pool ${AUTO_SUBNET_POOL} for network '${net.def.id}': every one overlaps a network already in use.`;
  const hint = 'Write a subnet for this network outside the pool, or remove Docker networks you no longer need.';
  return error('address-pool-exhausted', message, hint, ['networks', net.index], { kind: 'network', id: net.def.id });
}

function subnetFull(slot: Slot, cidr: Cidr): Diagnostic {
  const message = `No free address left in ${formatCidr(cidr)} (network '${slot.networkId}') for node '${slot.nodeId}'.`;
  const hint = 'Write a larger subnet for this network, leave it out to have a /24 planned, or free an address.';
  return error('subnet-full', message, hint, slot.path, { kind: 'node', id: slot.nodeId });
}

function error(code: string, message: string, hint: string, path: FieldPath, subject: Diagnostic['subject']): Diagnostic {
  return { severity: 'error', code, message, hint, path, subject };
}

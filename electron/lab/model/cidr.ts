// IPv4/IPv6 address and CIDR helpers (pure). Parsing is ipaddr.js's; this module adds
// strictness (lab files should say exactly what Docker will get) and range arithmetic
// on integers, so that containment and overlap are plain comparisons.
//
// Conventions: helpers that take CIDR text accept host bits set (they behave as the
// network the text falls in, as host interface addresses like 192.168.1.23/24 do) and
// return undefined/false on anything unparsable. Only parseCidr is strict. Nothing throws.
import ipaddr from 'ipaddr.js';

export type IpFamily = 4 | 6;

/** A parsed subnet; addresses are unsigned integers (32 or 128 bits). */
export interface Cidr {
  family: IpFamily;
  /** The network address (host bits cleared). */
  network: bigint;
  prefix: number;
}

/** A parsed address. */
export interface Ip {
  family: IpFamily;
  value: bigint;
}

/** CIDR text or an already parsed Cidr. */
export type CidrLike = string | Cidr;

export type CidrParseResult = { ok: true; cidr: Cidr; normalized: string } | { ok: false; error: string };

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };
const PREFIX_TEXT = /^(0|[1-9]\d*)$/;

/** Number of address bits of a family: 32 or 128. */
export function familyBits(family: IpFamily): number {
  return BITS[family];
}

/** Parses an address strictly: IPv4 as four decimal parts (no octal, hex or short forms), IPv6 without zone id. */
export function parseIp(text: string): Ip | undefined {
  if (typeof text !== 'string') return undefined;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return { family: 4, value: toInteger(ipaddr.IPv4.parse(text)) };
  if (!text.includes('%') && ipaddr.IPv6.isValid(text)) return { family: 6, value: toInteger(ipaddr.IPv6.parse(text)) };
  return undefined;
}

/** true when text is a valid address (of the given family, if one is given). */
export function isValidIp(text: string, family?: IpFamily): boolean {
  const ip = parseIp(text);
  return ip !== undefined && (family === undefined || ip.family === family);
}

/** 4 or 6 for a valid address, else undefined. */
export function ipFamily(text: string): IpFamily | undefined {
  return parseIp(text)?.family;
}

/** Canonical text of an address (IPv6 in RFC 5952 form), or undefined if invalid. */
export function normalizeIp(text: string): string | undefined {
  const ip = parseIp(text);
  return ip && formatIp(ip);
}

/** Text of an address given as an integer. */
export function formatIp(ip: Ip): string {
  const bytes: number[] = [];
  let rest = ip.value;
  for (let i = 0; i < BITS[ip.family] / 8; i++) {
    bytes.unshift(Number(rest & 0xffn));
    rest >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/** Text of a parsed subnet, e.g. 10.1.1.0/24. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIp({ family: cidr.family, value: cidr.network })}/${cidr.prefix}`;
}

/** Parses a subnet strictly; the error text names the problem, e.g. "10.1.1.0/33: prefix must be 0–32". */
export function parseCidr(text: string): CidrParseResult {
  const loose = parseLoose(text);
  if (typeof loose === 'string') return { ok: false, error: loose };
  const normalized = formatCidr(loose.cidr);
  if (loose.address !== loose.cidr.network) {
    return { ok: false, error: `${text}: host bits are set; the network address is ${normalized}` };
  }
  return { ok: true, cidr: loose.cidr, normalized };
}

/** true when text is a subnet that parseCidr accepts. */
export function isValidCidr(text: string): boolean {
  return parseCidr(text).ok;
}

/** Parses CIDR text leniently (host bits are cleared), or passes a Cidr through. */
export function toCidr(value: CidrLike): Cidr | undefined {
  if (typeof value !== 'string') return value;
  const loose = parseLoose(value);
  return typeof loose === 'string' ? undefined : loose.cidr;
}

/** Canonical text of the subnet the text falls in, e.g. '10.1.1.7/24' → '10.1.1.0/24'. */
export function normalizeCidr(value: CidrLike): string | undefined {
  const cidr = toCidr(value);
  return cidr && formatCidr(cidr);
}

/** Prefix length of a subnet. */
export function prefixLength(value: CidrLike): number | undefined {
  return toCidr(value)?.prefix;
}

/** 4 or 6 for a subnet. */
export function cidrFamily(value: CidrLike): IpFamily | undefined {
  return toCidr(value)?.family;
}

/** Number of addresses in a subnet (network and broadcast included). */
export function addressCount(value: CidrLike): bigint | undefined {
  const cidr = toCidr(value);
  return cidr && 1n << BigInt(BITS[cidr.family] - cidr.prefix);
}

/** Last address of a subnet as an integer (the broadcast address for IPv4). */
export function lastAddressValue(cidr: Cidr): bigint {
  return cidr.network + (1n << BigInt(BITS[cidr.family] - cidr.prefix)) - 1n;
}

/** true when the address lies inside the subnet (false on a family mismatch or bad input). */
export function contains(subnet: CidrLike, ip: string | Ip): boolean {
  const cidr = toCidr(subnet);
  const addr = typeof ip === 'string' ? parseIp(ip) : ip;
  if (!cidr || !addr || cidr.family !== addr.family) return false;
  return addr.value >= cidr.network && addr.value <= lastAddressValue(cidr);
}

/** true when the two subnets share at least one address. */
export function overlaps(a: CidrLike, b: CidrLike): boolean {
  const x = toCidr(a);
  const y = toCidr(b);
  if (!x || !y || x.family !== y.family) return false;
  return x.network <= lastAddressValue(y) && y.network <= lastAddressValue(x);
}

/** true when every address of inner lies inside outer. */
export function covers(outer: CidrLike, inner: CidrLike): boolean {
  const o = toCidr(outer);
  const i = toCidr(inner);
  if (!o || !i || o.family !== i.family) return false;
  return i.network >= o.network && lastAddressValue(i) <= lastAddressValue(o);
}

/** The network address, e.g. '10.1.1.0/24' → '10.1.1.0'. */
export function networkAddress(value: CidrLike): string | undefined {
  return nthAddress(value, 0);
}

/** The last address of the subnet (IPv4 broadcast; for IPv6, which has none, simply the last). */
export function broadcastAddress(value: CidrLike): string | undefined {
  const cidr = toCidr(value);
  return cidr && formatIp({ family: cidr.family, value: lastAddressValue(cidr) });
}

/** Offset of the first usable host: 1, except in IPv4 /31 and /32 (RFC 3021) and IPv6 /128, where it is 0. */
export function firstHostOffset(cidr: Cidr): bigint {
  return BITS[cidr.family] - cidr.prefix <= (cidr.family === 4 ? 1 : 0) ? 0n : 1n;
}

/** Offset of the last usable host: before the broadcast in IPv4 up to /30, else the last address. */
export function lastHostOffset(cidr: Cidr): bigint {
  const last = lastAddressValue(cidr) - cidr.network;
  return cidr.family === 4 && cidr.prefix <= 30 ? last - 1n : last;
}

/** First usable host address, e.g. '10.1.1.0/24' → '10.1.1.1'. */
export function firstHost(value: CidrLike): string | undefined {
  const cidr = toCidr(value);
  return cidr && nthAddress(cidr, firstHostOffset(cidr));
}

/** Last usable host address, e.g. '10.1.1.0/24' → '10.1.1.254'. */
export function lastHost(value: CidrLike): string | undefined {
  const cidr = toCidr(value);
  return cidr && nthAddress(cidr, lastHostOffset(cidr));
}

/** The address at an offset from the network address, or undefined when outside the subnet. */
export function nthAddress(value: CidrLike, offset: number | bigint): string | undefined {
  const cidr = toCidr(value);
  if (!cidr || (typeof offset === 'number' && !Number.isSafeInteger(offset))) return undefined;
  const n = BigInt(offset);
  if (n < 0n || cidr.network + n > lastAddressValue(cidr)) return undefined;
  return formatIp({ family: cidr.family, value: cidr.network + n });
}

/** Offset of an address from the subnet's network address, or undefined when outside. */
export function addressOffset(value: CidrLike, ip: string | Ip): bigint | undefined {
  const cidr = toCidr(value);
  const addr = typeof ip === 'string' ? parseIp(ip) : ip;
  if (!cidr || !addr || !contains(cidr, addr)) return undefined;
  return addr.value - cidr.network;
}

interface LooseCidr {
  cidr: Cidr;
  /** The address as written, so strict parsing can tell whether host bits were set. */
  address: bigint;
}

// Returns an error text rather than throwing, so every caller can stay total.
function parseLoose(text: string): LooseCidr | string {
  if (typeof text !== 'string' || text === '') return `${JSON.stringify(text ?? '')}: not a subnet in CIDR form (e.g. 10.1.1.0/24)`;
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const addr = parseIp(addrText);
  if (!addr && slash < 0) return `${text}: not a subnet in CIDR form (e.g. 10.1.1.0/24)`;
  if (!addr) return `${text}: ${addrText || '(nothing)'} is not a valid IPv4 or IPv6 address`;
  const max = BITS[addr.family];
  if (slash < 0) return `${text}: the prefix length is missing (e.g. ${text}/${addr.family === 4 ? 24 : 64})`;
  const prefixText = text.slice(slash + 1);
  const prefix = PREFIX_TEXT.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix <= max)) return `${text}: prefix must be 0–${max}`;
  const hostMask = (1n << BigInt(max - prefix)) - 1n;
  return { cidr: { family: addr.family, network: addr.value & ~hostMask, prefix }, address: addr.value };
}

function toInteger(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return addr.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

// Address reading for validation, on top of cidr.ts: the rules need the reason a
// value is wrong and what to write instead, not just true/false.
import {
  contains as cidrContains, firstHost, formatCidr, formatIp, networkAddress as cidrNetworkAddress,
  broadcastAddress as cidrBroadcastAddress, normalizeCidr, overlaps as cidrOverlaps,
  parseCidr as cidrParseCidr, parseIp as cidrParseIp, type Cidr, type Ip,
} from './cidr';

export type Family = 'ipv4' | 'ipv6';

export interface ParsedIp {
  ip: Ip;
  family: Family;
  /** Canonical text, for comparing addresses written differently (2001:db8::1 vs 2001:0db8::0001). */
  text: string;
}

export interface ParsedCidr {
  cidr: Cidr;
  prefix: number;
  family: Family;
  /** Canonical text, e.g. 10.1.0.0/16. */
  text: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string; suggestion?: string };

const familyOf = (ipFamily: 4 | 6): Family => (ipFamily === 4 ? 'ipv4' : 'ipv6');

export function parseIp(text: string): Parsed<ParsedIp> {
  const trimmed = text.trim();
  if (trimmed.includes('/')) {
    return { ok: false, reason: 'it is a CIDR range, not a single address', suggestion: trimmed.split('/')[0] };
  }
  const ip = cidrParseIp(trimmed);
  if (!ip) {
    return { ok: false, reason: 'it is neither an IPv4 address (four numbers 0–255, e.g. 10.0.0.5) nor an IPv6 address' };
  }
  return { ok: true, value: { ip, family: familyOf(ip.family), text: formatIp(ip) } };
}

export function parseCidr(text: string): Parsed<ParsedCidr> {
  const trimmed = text.trim();
  const parsed = cidrParseCidr(trimmed);
  if (parsed.ok) {
    return { ok: true, value: { cidr: parsed.cidr, prefix: parsed.cidr.prefix, family: familyOf(parsed.cidr.family), text: parsed.normalized } };
  }
  // cidr.ts starts its error text with the input, which our messages already quote.
  const reason = parsed.error.startsWith(`${trimmed}: `) ? parsed.error.slice(trimmed.length + 2) : parsed.error;
  return { ok: false, reason, suggestion: suggestionFor(trimmed) };
}

/** What to write instead: the network address when host bits are set, a prefix when it is missing. */
function suggestionFor(text: string): string | undefined {
  if (text.includes('/')) return normalizeCidr(text);
  const ip = cidrParseIp(text);
  return ip ? `${formatIp(ip)}/${ip.family === 4 ? 24 : 64}` : undefined;
}

export function familyLabel(family: Family): string {
  return family === 'ipv4' ? 'IPv4' : 'IPv6';
}

export function contains(range: ParsedCidr, ip: ParsedIp): boolean {
  return cidrContains(range.cidr, ip.ip);
}

export function overlaps(a: ParsedCidr, b: ParsedCidr): boolean {
  return cidrOverlaps(a.cidr, b.cidr);
}

export function networkAddress(range: ParsedCidr): string {
  return cidrNetworkAddress(range.cidr) ?? formatCidr(range.cidr);
}

/** Last address of an IPv4 range; IPv6 has no broadcast address, so Docker may hand its last one out. */
export function broadcastAddress(range: ParsedCidr): string | undefined {
  return range.family === 'ipv4' ? cidrBroadcastAddress(range.cidr) : undefined;
}

/** The address Docker picks as gateway when none is written: the first host address. */
export function firstHostAddress(range: ParsedCidr): string | undefined {
  return firstHost(range.cidr);
}

// Parser for /proc/net/nf_conntrack (pure): the connections this namespace's netfilter
// tracks, each as its original and reply tuples.
import { lines, wholeNumber } from './text';
import type { ConntrackEntry, ConntrackTuple } from './types';

/**
 * /proc/net/nf_conntrack writes IPv6 addresses in full (`0000:...:0001`); shorten them
 * the way every other tool prints them (RFC 5952) so they match across views.
 */
export function compressIpv6(address: string): string {
  if (!/^[0-9a-fA-F]{1,4}(:[0-9a-fA-F]{1,4}){7}$/.test(address)) return address;
  const groups = address.split(':').map((group) => parseInt(group, 16).toString(16));
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') return `::ffff:${dottedQuad(groups[6], groups[7])}`;
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < groups.length; start++) {
    let length = 0;
    while (start + length < groups.length && groups[start + length] === '0') length++;
    if (length > bestLength) [bestStart, bestLength] = [start, length];
  }
  // A single zero group is not shortened (RFC 5952 4.2.2).
  if (bestLength < 2) return groups.join(':');
  const before = groups.slice(0, bestStart).join(':');
  const after = groups.slice(bestStart + bestLength).join(':');
  return `${before}::${after}`;
}

type TupleNumber = 'sport' | 'dport' | 'icmpType' | 'icmpCode' | 'icmpId' | 'packets' | 'bytes';

/** The IPv4 address in the last two groups of an IPv4-mapped IPv6 address. */
function dottedQuad(high: string, low: string): string {
  const [h, l] = [parseInt(high, 16), parseInt(low, 16)];
  return [h >> 8, h & 0xff, l >> 8, l & 0xff].join('.');
}

const TUPLE_NUMBERS: Record<string, TupleNumber> = {
  sport: 'sport',
  dport: 'dport',
  type: 'icmpType',
  code: 'icmpCode',
  id: 'icmpId',
  packets: 'packets',
  bytes: 'bytes',
};

interface PartialTuple {
  src?: string;
  dst?: string;
  numbers: Partial<Record<TupleNumber, number>>;
}

function finishTuple(tuple: PartialTuple | undefined): ConntrackTuple | undefined {
  if (!tuple?.src || !tuple.dst) return undefined;
  return { src: tuple.src, dst: tuple.dst, ...tuple.numbers };
}

/**
 * `ipv4 2 tcp 6 431999 ESTABLISHED src=… dst=… sport=… dport=… [UNREPLIED] src=… … [ASSURED] mark=0 zone=0 use=2`:
 * family, its number, protocol, its number, seconds left, the state for TCP (and
 * SCTP, DCCP), then the original tuple and the reply tuple, each opened by `src=`.
 */
function toConntrack(line: string): ConntrackEntry | undefined {
  const words = line.trim().split(/\s+/);
  const [family, , proto, , timeoutText] = words;
  const timeout = wholeNumber(timeoutText);
  if ((family !== 'ipv4' && family !== 'ipv6') || !proto || timeout === undefined) return undefined;
  const entry: Omit<ConntrackEntry, 'original' | 'reply'> = { family, proto, timeout, assured: false, unreplied: false };
  const tuples: PartialTuple[] = [];
  for (const word of words.slice(5)) {
    if (word === '[ASSURED]') entry.assured = true;
    else if (word === '[UNREPLIED]') entry.unreplied = true;
    else if (!word.includes('=')) {
      if (!word.startsWith('[') && tuples.length === 0) entry.state = word;
    } else {
      const [key, value] = [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)];
      if (key === 'src') tuples.push({ src: compressIpv6(value), numbers: {} });
      const tuple = tuples[tuples.length - 1];
      if (key === 'dst' && tuple) tuple.dst = compressIpv6(value);
      else if (key in TUPLE_NUMBERS && tuple && wholeNumber(value) !== undefined) tuple.numbers[TUPLE_NUMBERS[key]] = Number(value);
      else if (key === 'mark' || key === 'zone') {
        const number = wholeNumber(value);
        if (number !== undefined) entry[key] = number;
      }
    }
  }
  const original = finishTuple(tuples[0]);
  const reply = finishTuple(tuples[1]);
  return original && reply ? { ...entry, original, reply } : undefined;
}

/** /proc/net/nf_conntrack: the connections this namespace's netfilter is tracking. */
export function parseConntrack(text: string): ConntrackEntry[] {
  return lines(text).flatMap((line) => {
    const entry = toConntrack(line);
    return entry ? [entry] : [];
  });
}

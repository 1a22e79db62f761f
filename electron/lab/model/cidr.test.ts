import { describe, expect, it } from 'vitest';
import {
  addressCount, addressOffset, broadcastAddress, cidrFamily, contains, covers, familyBits, firstHost, formatCidr,
  formatIp, ipFamily, isValidCidr, isValidIp, lastHost, networkAddress, normalizeCidr, normalizeIp, nthAddress,
  overlaps, parseCidr, parseIp, prefixLength, toCidr,
} from './cidr';

describe('parseIp / isValidIp', () => {
  it.each(['10.0.0.1', '0.0.0.0', '255.255.255.255'])('accepts IPv4 %s', (text) => {
    expect(parseIp(text)?.family).toBe(4);
    expect(isValidIp(text)).toBe(true);
    expect(isValidIp(text, 4)).toBe(true);
    expect(isValidIp(text, 6)).toBe(false);
  });

  it.each(['::1', '2001:db8::1', 'fd00:0:0:0:0:0:0:1', '::ffff:1.2.3.4', '::'])('accepts IPv6 %s', (text) => {
    expect(parseIp(text)?.family).toBe(6);
    expect(isValidIp(text, 6)).toBe(true);
    expect(isValidIp(text, 4)).toBe(false);
  });

  it.each([
    '', '10.0.0', '10.0.0.256', '010.0.0.1', '0x0a.0.0.1', '10', '10.0.0.1 ', ' 10.0.0.1', '10.0.0.1/24',
    'fe80::1%eth0', '2001:db8::g', ':::1', 'localhost', '1.2.3.4.5',
  ])('rejects %j', (text) => {
    expect(parseIp(text)).toBeUndefined();
    expect(isValidIp(text)).toBe(false);
  });

  it('never throws on non-string input', () => {
    expect(parseIp(undefined as unknown as string)).toBeUndefined();
    expect(isValidIp(42 as unknown as string)).toBe(false);
    expect(parseCidr(null as unknown as string).ok).toBe(false);
  });

  it('reads addresses as integers', () => {
    expect(parseIp('10.0.0.1')).toEqual({ family: 4, value: 0x0a000001n });
    expect(parseIp('::1')).toEqual({ family: 6, value: 1n });
  });

  it('formats and normalizes addresses', () => {
    expect(formatIp({ family: 4, value: 0xc0a80101n })).toBe('192.168.1.1');
    expect(formatIp({ family: 6, value: 1n })).toBe('::1');
    expect(normalizeIp('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(normalizeIp('10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeIp('nope')).toBeUndefined();
    expect(ipFamily('10.1.2.3')).toBe(4);
    expect(ipFamily('::')).toBe(6);
    expect(ipFamily('x')).toBeUndefined();
    expect(familyBits(4)).toBe(32);
    expect(familyBits(6)).toBe(128);
  });
});

describe('parseCidr (strict)', () => {
  it('accepts network addresses', () => {
    expect(parseCidr('10.1.1.0/24')).toEqual({ ok: true, cidr: { family: 4, network: 0x0a010100n, prefix: 24 }, normalized: '10.1.1.0/24' });
    expect(parseCidr('0.0.0.0/0')).toMatchObject({ ok: true, normalized: '0.0.0.0/0' });
    expect(parseCidr('10.1.1.1/32')).toMatchObject({ ok: true, normalized: '10.1.1.1/32' });
    expect(parseCidr('2001:0db8::/32')).toMatchObject({ ok: true, normalized: '2001:db8::/32' });
    expect(parseCidr('::/0')).toMatchObject({ ok: true });
    expect(parseCidr('fd00::1/128')).toMatchObject({ ok: true });
  });

  it.each([
    ['10.1.1.0/33', '10.1.1.0/33: prefix must be 0–32'],
    ['10.1.1.0/-1', '10.1.1.0/-1: prefix must be 0–32'],
    ['10.1.1.0/', '10.1.1.0/: prefix must be 0–32'],
    ['10.1.1.0/024', '10.1.1.0/024: prefix must be 0–32'],
    ['10.1.1.0/24/8', '10.1.1.0/24/8: prefix must be 0–32'],
    ['10.1.1.0/2a', '10.1.1.0/2a: prefix must be 0–32'],
    ['fd00::/129', 'fd00::/129: prefix must be 0–128'],
    ['10.1.1.5/24', '10.1.1.5/24: host bits are set; the network address is 10.1.1.0/24'],
    ['10.1.1.0/16', '10.1.1.0/16: host bits are set; the network address is 10.1.0.0/16'],
    ['fd00::1/64', 'fd00::1/64: host bits are set; the network address is fd00::/64'],
    ['10.1.1.0', '10.1.1.0: the prefix length is missing (e.g. 10.1.1.0/24)'],
    ['fd00::', 'fd00::: the prefix length is missing (e.g. fd00::/64)'],
    ['10.1.1/24', '10.1.1/24: 10.1.1 is not a valid IPv4 or IPv6 address'],
    ['/24', '/24: (nothing) is not a valid IPv4 or IPv6 address'],
    ['lan', 'lan: not a subnet in CIDR form (e.g. 10.1.1.0/24)'],
    ['', '"": not a subnet in CIDR form (e.g. 10.1.1.0/24)'],
  ])('rejects %j with a useful message', (text, error) => {
    expect(parseCidr(text)).toEqual({ ok: false, error });
    expect(isValidCidr(text)).toBe(false);
  });

  it('isValidCidr agrees', () => {
    expect(isValidCidr('192.168.0.0/16')).toBe(true);
    expect(isValidCidr('192.168.0.1/16')).toBe(false);
  });
});

describe('lenient helpers', () => {
  it('toCidr clears host bits and passes parsed values through', () => {
    expect(toCidr('192.168.1.23/24')).toEqual({ family: 4, network: 0xc0a80100n, prefix: 24 });
    const cidr = { family: 4 as const, network: 0n, prefix: 8 };
    expect(toCidr(cidr)).toBe(cidr);
    expect(toCidr('bad')).toBeUndefined();
    expect(toCidr('10.0.0.0/40')).toBeUndefined();
  });

  it('normalizeCidr gives the canonical network', () => {
    expect(normalizeCidr('10.1.1.7/24')).toBe('10.1.1.0/24');
    expect(normalizeCidr('2001:0DB8:0::5/48')).toBe('2001:db8::/48');
    expect(normalizeCidr('x')).toBeUndefined();
    expect(formatCidr({ family: 4, network: 0x0a000000n, prefix: 8 })).toBe('10.0.0.0/8');
  });

  it('prefix length, family and size', () => {
    expect(prefixLength('10.0.0.0/8')).toBe(8);
    expect(prefixLength('x')).toBeUndefined();
    expect(cidrFamily('10.0.0.0/8')).toBe(4);
    expect(cidrFamily('fd00::/8')).toBe(6);
    expect(cidrFamily('x')).toBeUndefined();
    expect(addressCount('10.0.0.0/24')).toBe(256n);
    expect(addressCount('10.0.0.0/32')).toBe(1n);
    expect(addressCount('::/0')).toBe(2n ** 128n);
    expect(addressCount('x')).toBeUndefined();
  });
});

describe('contains / overlaps / covers', () => {
  it('contains', () => {
    expect(contains('10.1.1.0/24', '10.1.1.0')).toBe(true);
    expect(contains('10.1.1.0/24', '10.1.1.255')).toBe(true);
    expect(contains('10.1.1.0/24', '10.1.2.0')).toBe(false);
    expect(contains('10.1.1.0/24', '10.1.0.255')).toBe(false);
    expect(contains('0.0.0.0/0', '255.255.255.255')).toBe(true);
    expect(contains('10.1.1.9/32', '10.1.1.9')).toBe(true);
    expect(contains('fd00::/64', 'fd00::abcd')).toBe(true);
    expect(contains('fd00::/64', 'fd00:0:0:1::1')).toBe(false);
    expect(contains('10.1.1.0/24', '::ffff:10.1.1.1')).toBe(false);
    expect(contains('::/0', '10.0.0.1')).toBe(false);
    expect(contains('bad', '10.0.0.1')).toBe(false);
    expect(contains('10.0.0.0/8', 'bad')).toBe(false);
    expect(contains('10.0.0.0/8', { family: 4, value: 0x0a000005n })).toBe(true);
  });

  it('overlaps', () => {
    expect(overlaps('10.0.0.0/8', '10.200.3.0/24')).toBe(true);
    expect(overlaps('10.200.3.0/24', '10.0.0.0/8')).toBe(true);
    expect(overlaps('10.1.0.0/24', '10.1.1.0/24')).toBe(false);
    expect(overlaps('10.1.0.0/23', '10.1.1.0/24')).toBe(true);
    expect(overlaps('10.1.1.0/24', '10.1.1.0/24')).toBe(true);
    expect(overlaps('10.1.1.255/32', '10.1.1.0/24')).toBe(true);
    expect(overlaps('10.1.2.0/32', '10.1.1.0/24')).toBe(false);
    expect(overlaps('192.168.1.23/24', '192.168.1.0/24')).toBe(true);
    expect(overlaps('fd00::/8', 'fd12::/16')).toBe(true);
    expect(overlaps('fd00::/16', 'fd01::/16')).toBe(false);
    expect(overlaps('0.0.0.0/0', '::/0')).toBe(false);
    expect(overlaps('bad', '10.0.0.0/8')).toBe(false);
  });

  it('covers', () => {
    expect(covers('10.0.0.0/8', '10.1.0.0/16')).toBe(true);
    expect(covers('10.1.0.0/16', '10.0.0.0/8')).toBe(false);
    expect(covers('10.1.0.0/16', '10.1.0.0/16')).toBe(true);
    expect(covers('10.1.0.0/16', '10.2.0.0/24')).toBe(false);
    expect(covers('fd00::/8', '10.0.0.0/8')).toBe(false);
  });
});

describe('addresses of a subnet', () => {
  it('network, broadcast, first and last host', () => {
    expect(networkAddress('10.1.1.77/24')).toBe('10.1.1.0');
    expect(broadcastAddress('10.1.1.0/24')).toBe('10.1.1.255');
    expect(firstHost('10.1.1.0/24')).toBe('10.1.1.1');
    expect(lastHost('10.1.1.0/24')).toBe('10.1.1.254');
    expect(firstHost('10.1.1.0/30')).toBe('10.1.1.1');
    expect(lastHost('10.1.1.0/30')).toBe('10.1.1.2');
  });

  it('point-to-point /31 and single /32 (RFC 3021)', () => {
    expect(firstHost('10.1.1.0/31')).toBe('10.1.1.0');
    expect(lastHost('10.1.1.0/31')).toBe('10.1.1.1');
    expect(firstHost('10.1.1.7/32')).toBe('10.1.1.7');
    expect(lastHost('10.1.1.7/32')).toBe('10.1.1.7');
    expect(broadcastAddress('10.1.1.7/32')).toBe('10.1.1.7');
  });

  it('IPv6 has no broadcast: the last address is a host', () => {
    expect(networkAddress('fd00::/64')).toBe('fd00::');
    expect(firstHost('fd00::/64')).toBe('fd00::1');
    expect(lastHost('fd00::/64')).toBe('fd00::ffff:ffff:ffff:ffff');
    expect(broadcastAddress('fd00::/64')).toBe('fd00::ffff:ffff:ffff:ffff');
    expect(firstHost('fd00::5/128')).toBe('fd00::5');
  });

  it('nthAddress counts from the network address and stays inside', () => {
    expect(nthAddress('10.200.5.0/24', 10)).toBe('10.200.5.10');
    expect(nthAddress('10.200.5.0/24', 0)).toBe('10.200.5.0');
    expect(nthAddress('10.200.5.0/24', 255)).toBe('10.200.5.255');
    expect(nthAddress('10.200.5.0/24', 256)).toBeUndefined();
    expect(nthAddress('10.200.5.0/24', -1)).toBeUndefined();
    expect(nthAddress('10.200.5.0/24', 1.5)).toBeUndefined();
    expect(nthAddress('10.0.0.0/8', 65536 + 2)).toBe('10.1.0.2');
    expect(nthAddress('fd00::/64', 2n ** 32n)).toBe('fd00::1:0:0');
    expect(nthAddress('bad', 1)).toBeUndefined();
  });

  it('addressOffset is the inverse of nthAddress', () => {
    expect(addressOffset('10.200.5.0/24', '10.200.5.10')).toBe(10n);
    expect(addressOffset('10.200.5.0/24', '10.200.6.10')).toBeUndefined();
    expect(addressOffset('fd00::/64', 'fd00::1:0:0')).toBe(2n ** 32n);
    expect(addressOffset('bad', '10.0.0.1')).toBeUndefined();
  });

  it('helpers return undefined on bad input', () => {
    for (const fn of [networkAddress, broadcastAddress, firstHost, lastHost]) expect(fn('10.0.0.0/99')).toBeUndefined();
  });
});

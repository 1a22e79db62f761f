import { describe, expect, it } from 'vitest';
import { CONNTRACK } from './inspect.test-support';
import { compressIpv6, parseConntrack } from './parse';

describe('compressIpv6', () => {
  it.each([
    ['0000:0000:0000:0000:0000:0000:0000:0001', '::1'],
    ['0000:0000:0000:0000:0000:0000:0000:0000', '::'],
    ['fd00:0001:0000:0000:0000:0000:0000:0001', 'fd00:1::1'],
    ['fe80:0000:0000:0000:0042:0aff:fe01:0001', 'fe80::42:aff:fe01:1'],
    ['2001:0db8:0000:0001:0000:0000:0000:0001', '2001:db8:0:1::1'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'],
    ['2001:0db8:0001:0001:0001:0001:0000:0001', '2001:db8:1:1:1:1:0:1'],
    ['FD00:0000:0000:0000:0000:0000:0000:ABCD', 'fd00::abcd'],
    ['fd00:0000:0000:0000:0000:0000:0000:0000', 'fd00::'],
    ['0000:0000:0000:0000:0000:ffff:0a01:0003', '::ffff:10.1.0.3'],
  ])('shortens %s to %s', (full, short) => {
    expect(compressIpv6(full)).toBe(short);
  });

  it.each(['10.0.0.1', '::1', 'fd00::1', 'not an address', ''])('leaves %j as it is', (text) => {
    expect(compressIpv6(text)).toBe(text);
  });
});

describe('parseConntrack', () => {
  const entries = parseConntrack(CONNTRACK);

  it('reads every entry', () => {
    expect(entries).toHaveLength(5);
  });

  it('reads an assured TCP connection', () => {
    expect(entries[0]).toEqual({
      family: 'ipv4',
      proto: 'tcp',
      timeout: 431999,
      state: 'ESTABLISHED',
      original: { src: '10.1.0.3', dst: '10.1.0.1', sport: 50000, dport: 22 },
      reply: { src: '10.1.0.1', dst: '10.1.0.3', sport: 22, dport: 50000 },
      assured: true,
      unreplied: false,
      mark: 0,
      zone: 0,
    });
  });

  it('reads an unreplied UDP flow (no state) with accounting counters per direction', () => {
    expect(entries[1]).toEqual({
      family: 'ipv4',
      proto: 'udp',
      timeout: 28,
      original: { src: '10.1.0.1', dst: '10.2.0.53', sport: 45000, dport: 53, packets: 1, bytes: 72 },
      reply: { src: '10.2.0.53', dst: '10.1.0.1', sport: 53, dport: 45000, packets: 0, bytes: 0 },
      assured: false,
      unreplied: true,
      mark: 0,
      zone: 0,
    });
  });

  it('reads ICMP type, code and id in place of ports', () => {
    expect(entries[2]).toMatchObject({
      proto: 'icmp',
      original: { src: '10.1.0.1', dst: '10.2.0.7', icmpType: 8, icmpCode: 0, icmpId: 77 },
      reply: { src: '10.2.0.7', dst: '10.1.0.1', icmpType: 0, icmpCode: 0, icmpId: 77 },
    });
    expect(entries[2].state).toBeUndefined();
    expect(entries[2].original.sport).toBeUndefined();
  });

  it('shortens the full-form IPv6 addresses the kernel writes', () => {
    expect(entries[3]).toMatchObject({
      family: 'ipv6',
      state: 'TIME_WAIT',
      original: { src: 'fd00:1::1', dst: 'fd00:2::7', sport: 41000, dport: 80 },
      reply: { src: 'fd00:2::7', dst: 'fd00:1::1' },
    });
  });

  it('shows NAT in the reply tuple, and reads the mark', () => {
    expect(entries[4]).toMatchObject({
      state: 'SYN_SENT',
      unreplied: true,
      assured: false,
      original: { src: '172.18.0.2', dst: '203.0.113.5' },
      reply: { src: '203.0.113.5', dst: '192.168.65.3' },
      mark: 16,
    });
  });

  it('ignores flags and fields it does not know', () => {
    const [entry] = parseConntrack('ipv4 2 gre 47 179 src=10.0.0.1 dst=10.0.0.2 srckey=0x0 dstkey=0x0 src=10.0.0.2 dst=10.0.0.1 srckey=0x0 dstkey=0x0 [OFFLOAD] secctx=x mark=zz zone=1 use=1');
    expect(entry).toEqual({
      family: 'ipv4',
      proto: 'gre',
      timeout: 179,
      original: { src: '10.0.0.1', dst: '10.0.0.2' },
      reply: { src: '10.0.0.2', dst: '10.0.0.1' },
      assured: false,
      unreplied: false,
      zone: 1,
    });
  });

  it('skips lines without both tuples, with an unknown family or a bad timeout', () => {
    const text = [
      'ipv4 2 tcp 6 100 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2',
      'ipv4 2 tcp 6 100 ESTABLISHED src=10.0.0.1 sport=1 dport=2 src=10.0.0.2 dst=10.0.0.1',
      'bridge 7 tcp 6 100 src=a dst=b src=b dst=a',
      'ipv4 2 tcp 6 soon src=a dst=b src=b dst=a',
      'ipv4',
      '',
    ].join('\n');
    expect(parseConntrack(text)).toEqual([]);
  });

  it.each(['', '\n', 'garbage', '[]'])('returns [] for %j', (bad) => {
    expect(parseConntrack(bad)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { formatBits, parseNetDev, ratesBetween } from './net-dev';

const SAMPLE = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:     100       2    0    0    0     0          0         0      100       2    0    0    0     0       0          0
  eth0:    1500      10    0    0    0     0          0         0     3000      20    0    0    0     0       0          0
  eth1: 4294967296 7 0 0 0 0 0 0 5 1 0 0 0 0 0 0
`;

describe('parseNetDev', () => {
  it('reads bytes and packets per interface and leaves loopback out', () => {
    const c = parseNetDev(SAMPLE);
    expect([...c.keys()]).toEqual(['eth0', 'eth1']);
    expect(c.get('eth0')).toEqual({ rxBytes: 1500, rxPackets: 10, txBytes: 3000, txPackets: 20 });
    expect(c.get('eth1')?.rxBytes).toBe(4294967296);
  });
  it('skips lines it cannot read', () => {
    expect(parseNetDev('x\ny\n  eth0: 1 2 three\nnonsense').size).toBe(0);
  });
});

describe('ratesBetween', () => {
  it('turns counter deltas into bits and packets per second', () => {
    expect(ratesBetween({ rxBytes: 0, rxPackets: 0, txBytes: 0, txPackets: 0 }, { rxBytes: 1000, rxPackets: 10, txBytes: 500, txPackets: 5 }, 500))
      .toEqual({ rxBps: 16000, txBps: 8000, rxPps: 20, txPps: 10 });
  });
  it('reads a counter that went down (a re-created interface) as zero, never negative', () => {
    expect(ratesBetween({ rxBytes: 900, rxPackets: 9, txBytes: 0, txPackets: 0 }, { rxBytes: 10, rxPackets: 1, txBytes: 0, txPackets: 0 }, 1000).rxBps).toBe(0);
  });
  it('is zero over no time', () => {
    expect(ratesBetween({ rxBytes: 0, rxPackets: 0, txBytes: 0, txPackets: 0 }, { rxBytes: 9, rxPackets: 9, txBytes: 9, txPackets: 9 }, 0).rxPps).toBe(0);
  });
});

describe('formatBits', () => {
  it.each([[0, '0 b/s'], [830, '830 b/s'], [1500, '1.5 kb/s'], [2_400_000, '2.4 Mb/s'], [3.2e9, '3.2 Gb/s']])('%d → %s', (n, text) => {
    expect(formatBits(n)).toBe(text);
  });
});

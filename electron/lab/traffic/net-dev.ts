// Interface counters and rates (pure). /proc/<pid>/net/dev is the cheapest source the
// kernel has: one read per namespace gives every interface's byte and packet counts.

export interface InterfaceCounters {
  rxBytes: number;
  rxPackets: number;
  txBytes: number;
  txPackets: number;
}

export interface InterfaceRates {
  /** bits per second */
  rxBps: number;
  txBps: number;
  /** packets per second */
  rxPps: number;
  txPps: number;
}

/** Parses /proc/net/dev (loopback left out). */
export function parseNetDev(text: string): Map<string, InterfaceCounters> {
  const out = new Map<string, InterfaceCounters>();
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    if (name === 'lo' || !name) continue;
    const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (f.length < 10 || f.some((n) => !Number.isFinite(n))) continue;
    out.set(name, { rxBytes: f[0], rxPackets: f[1], txBytes: f[8], txPackets: f[9] });
  }
  return out;
}

/** Rates between two readings `ms` apart; a counter that went down (interface re-created) reads as 0. */
export function ratesBetween(before: InterfaceCounters, after: InterfaceCounters, ms: number): InterfaceRates {
  const per = (a: number, b: number, scale: number) => (ms > 0 && b >= a ? Math.round(((b - a) * scale * 1000) / ms) : 0);
  return {
    rxBps: per(before.rxBytes, after.rxBytes, 8),
    txBps: per(before.txBytes, after.txBytes, 8),
    rxPps: per(before.rxPackets, after.rxPackets, 1),
    txPps: per(before.txPackets, after.txPackets, 1),
  };
}

/** '1.2 Mb/s', '830 b/s', '12 pps' — short labels for edges. */
export function formatBits(bps: number): string {
  if (bps >= 1e9) return `${(bps / 1e9).toFixed(1)} Gb/s`;
  if (bps >= 1e6) return `${(bps / 1e6).toFixed(1)} Mb/s`;
  if (bps >= 1e3) return `${(bps / 1e3).toFixed(1)} kb/s`;
  return `${Math.round(bps)} b/s`;
}

// Interface rates → how an edge shows them (pure): a stroke that thickens with the
// bit rate, a moving-dot speed, and short labels. Scales are logarithmic: a lab's links
// carry anything from one ping a second to a bulk copy, and both must read.
import { formatBits } from '../../../electron/lab/traffic/net-dev';
import type { LinkRates } from '../store/types';

/** The idle edge's stroke (styles.css draws interface edges at 1.6 px). */
export const IDLE_WIDTH = 1.6;
export const MAX_WIDTH = 7;
/** Below this an edge stays idle-thin; at FULL_BPS it is MAX_WIDTH. */
const QUIET_BPS = 100;
const FULL_BPS = 100e6;

/** 0…1 on a log scale from QUIET_BPS to FULL_BPS. */
function level(bps: number): number {
  if (!(bps > QUIET_BPS)) return 0;
  return Math.min(1, Math.log10(bps / QUIET_BPS) / Math.log10(FULL_BPS / QUIET_BPS));
}

/** Stroke width in px for a link carrying `bps` (both directions together). */
export function strokeWidthFor(bps: number): number {
  return Math.round((IDLE_WIDTH + (MAX_WIDTH - IDLE_WIDTH) * level(bps)) * 10) / 10;
}

/** Seconds one dash of the moving-dot overlay takes to travel its period: faster when busier. */
export function flowSeconds(bps: number): number {
  return Math.round((2.4 - 2 * level(bps)) * 100) / 100;
}

/** '12 pps · 9.6 kb/s' */
export function rateLabel(pps: number, bps: number): string {
  return `${Math.round(pps)} pps · ${formatBits(bps)}`;
}

/** The edge label while Traffic is on, as seen from the node: ↑ what it sends (tx), ↓ what
 *  it receives (rx); one word for a link that carried nothing over the last interval. */
export function trafficLabel(rates: LinkRates): { tx: string; rx: string } | 'idle' {
  if (rates.txPps === 0 && rates.rxPps === 0 && rates.txBps === 0 && rates.rxBps === 0) return 'idle';
  return { tx: `↑ ${rateLabel(rates.txPps, rates.txBps)}`, rx: `↓ ${rateLabel(rates.rxPps, rates.rxBps)}` };
}

export function totalBps(rates: LinkRates): number {
  return rates.rxBps + rates.txBps;
}

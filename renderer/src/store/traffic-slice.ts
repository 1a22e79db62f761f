import type { LinkRates, Slice, TrafficSlice } from './types';

/** Key of an interface in the traffic map: the canvas edge node → network. */
export const linkKey = (node: string, network: string): string => `${node}|${network}`;

function sameRates(a: Record<string, LinkRates>, b: Record<string, LinkRates>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => {
    const x = a[k];
    const y = b[k];
    return !!y && x.rxBps === y.rxBps && x.txBps === y.txBps && x.rxPps === y.rxPps && x.txPps === y.txPps;
  });
}

export const createTrafficSlice: Slice<TrafficSlice> = (set, get) => ({
  trafficOn: false,
  traffic: {},
  trafficError: undefined,

  setTrafficOn(on, error) {
    set({ trafficOn: on, trafficError: error, ...(on ? {} : { traffic: {} }) });
  },

  applyTraffic(event) {
    const { trafficOn, document, traffic } = get();
    if (!trafficOn || event.lab !== document?.name) return;
    const next: Record<string, LinkRates> = {};
    for (const link of event.links) {
      if (!link.network) continue; // not an interface the canvas draws
      next[linkKey(link.node, link.network)] = { rxBps: link.rxBps, txBps: link.txBps, rxPps: link.rxPps, txPps: link.txPps };
    }
    // A quiet lab sends the same zeros every second: keep the map, so no edge redraws.
    if (!sameRates(traffic, next)) set({ traffic: next });
  },
});

// How a hop's place reads in the event list (pure).
import type { Hop } from '../../../electron/lab/trace/types';
import { HOST_PLACE } from './stations';

/** 'r1' · 'eth0', or for the engine host the bridge network it belongs to: 'lan1' · 'host veth3e37993'. */
export function placeOf(hop: Pick<Hop, 'place' | 'iface' | 'network'>): { name: string; detail: string } {
  if (hop.place === HOST_PLACE) return { name: hop.network ?? 'host', detail: hop.network ? `host ${hop.iface}` : hop.iface };
  return { name: hop.place, detail: hop.iface };
}

/** 'out of r1 on eth0' / 'into the lan1 bridge on veth…' for tooltips. */
export function directionText(hop: Pick<Hop, 'place' | 'iface' | 'network' | 'direction'>): string {
  const where = hop.place === HOST_PLACE ? `the ${hop.network ?? 'host'} bridge` : hop.place;
  return `${hop.direction === 'out' ? 'out of' : 'into'} ${where} on ${hop.iface}`;
}

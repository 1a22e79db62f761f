// A bridge's forwarding database (`bridge -j fdb show`), pure. Multicast entries the
// kernel adds to every device by itself ('self permanent' 33:33:…/01:00:5e:…) are
// left out: they say nothing about the lab.
import type { FdbEntry } from './types';
import { numberField, parseJsonObjects, stringField, stringsField } from './json';

const MULTICAST = /^(33:33|01:00:5e):/i;

export function parseFdb(json: string): FdbEntry[] {
  return parseJsonObjects(json).flatMap((o): FdbEntry[] => {
    const mac = stringField(o, 'mac')?.toLowerCase();
    const dev = stringField(o, 'ifname') ?? stringField(o, 'dev');
    if (!mac || !dev || MULTICAST.test(mac)) return [];
    const state = stringField(o, 'state') ?? (stringsField(o, 'flags').includes('self') ? 'self' : 'learned');
    const entry: FdbEntry = { mac, dev, state };
    const vlan = numberField(o, 'vlan');
    if (vlan !== undefined) entry.vlan = vlan;
    const dst = stringField(o, 'dst');
    if (dst) entry.dst = dst;
    return [entry];
  });
}

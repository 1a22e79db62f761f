import type { KindDef } from '../types';

export const ipvlan: KindDef = {
  kind: 'ipvlan', label: 'IPvlan', section: 'networks', idBase: 'ipvlan1',
  description: 'Containers share the parent MAC; L2 or L3 mode.',
  defaults: () => ({ driver: 'ipvlan', mode: 'l2' }),
};

import type { KindDef } from '../types';

export const macvlan: KindDef = {
  kind: 'macvlan', label: 'Macvlan', section: 'networks', idBase: 'mvlan1',
  description: 'Containers get their own MAC on an underlay (a lab-owned veth by default).',
  defaults: () => ({ driver: 'macvlan', mode: 'bridge' }),
};

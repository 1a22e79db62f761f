import type { KindDef } from '../types';

export const bridge: KindDef = {
  kind: 'bridge', label: 'Bridge', section: 'networks', idBase: 'lan1',
  description: 'A Linux bridge on one host: the usual user-defined network.',
  defaults: () => ({ driver: 'bridge' }),
};

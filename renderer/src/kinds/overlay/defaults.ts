import type { KindDef } from '../types';

export const overlay: KindDef = {
  kind: 'overlay', label: 'Overlay', section: 'networks', idBase: 'overlay1',
  description: 'A VXLAN network spanning hosts (swarm).',
  defaults: () => ({ driver: 'overlay' }),
};

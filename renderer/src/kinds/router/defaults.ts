import type { KindDef } from '../types';

export const router: KindDef = {
  kind: 'router', label: 'Router', section: 'nodes', idBase: 'r1',
  description: 'A container with ip_forward on and static routes.',
  defaults: () => ({ kind: 'router' }),
};

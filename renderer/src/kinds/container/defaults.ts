import type { KindDef } from '../types';

export const container: KindDef = {
  kind: 'container', label: 'Container', section: 'nodes', idBase: 'node1',
  description: 'A container (topolab/node has ip, ping, tcpdump, curl…).',
  defaults: () => ({ kind: 'container' }),
};

import type { KindDef } from '../types';

export const none: KindDef = {
  kind: 'none', label: 'None', section: 'networks', idBase: 'nonet',
  description: 'Only a loopback interface (Docker\'s none mode).',
  defaults: () => ({ driver: 'none' }),
};

import type { KindDef } from '../types';

export const host: KindDef = {
  kind: 'host', label: 'Host', section: 'hosts', idBase: 'host1',
  description: 'A Docker host: a group box; what you drop inside runs on it.',
  defaults: (doc) => ({ kind: (doc?.hosts ?? []).some((h) => h.kind === 'local') ? 'virtual' : 'local' }),
};

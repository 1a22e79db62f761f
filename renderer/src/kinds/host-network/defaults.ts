import type { KindDef } from '../types';

export const hostNetwork: KindDef = {
  kind: 'host-network', label: 'Host network', section: 'networks', idBase: 'hostnet',
  description: "The host's own network stack (Docker's host mode).",
  defaults: () => ({ driver: 'host' }),
};

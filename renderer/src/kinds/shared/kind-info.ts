import type { CanvasKind } from '../../canvas/mapping';

export const KIND_LABEL: Record<CanvasKind, string> = {
  bridge: 'Bridge', overlay: 'Overlay', macvlan: 'Macvlan', ipvlan: 'IPvlan', 'host-network': 'Host network', none: 'None',
  container: 'Container', router: 'Router', host: 'Host',
};

/** Short glyphs drawn in a coloured chip: readable at any zoom, no icon font. */
export const KIND_ICON: Record<CanvasKind, string> = {
  bridge: 'BR', overlay: 'OV', macvlan: 'MV', ipvlan: 'IV', 'host-network': 'HN', none: '∅',
  container: '▣', router: '⇄', host: 'H',
};

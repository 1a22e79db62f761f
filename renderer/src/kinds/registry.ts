// Every kind in one place: palette order, canvas node components, property panels.
import type { ComponentType } from 'react';
import type { NodeTypes } from '@xyflow/react';
import type { CanvasKind } from '../canvas/mapping';
import { bridge } from './bridge/defaults';
import BridgeNode from './bridge/Node';
import BridgePanel from './bridge/Panel';
import { container } from './container/defaults';
import ContainerNode from './container/Node';
import ContainerPanel from './container/Panel';
import { host } from './host/defaults';
import HostNode from './host/Node';
import HostPanel from './host/Panel';
import { hostNetwork } from './host-network/defaults';
import HostNetworkNode from './host-network/Node';
import HostNetworkPanel from './host-network/Panel';
import { ipvlan } from './ipvlan/defaults';
import IpvlanNode from './ipvlan/Node';
import IpvlanPanel from './ipvlan/Panel';
import { macvlan } from './macvlan/defaults';
import MacvlanNode from './macvlan/Node';
import MacvlanPanel from './macvlan/Panel';
import { none } from './none/defaults';
import NoneNode from './none/Node';
import NonePanel from './none/Panel';
import { overlay } from './overlay/defaults';
import OverlayNode from './overlay/Node';
import OverlayPanel from './overlay/Panel';
import { router } from './router/defaults';
import RouterNode from './router/Node';
import RouterPanel from './router/Panel';
import type { KindDef } from './types';

/** Palette order. */
export const KINDS: KindDef[] = [host, bridge, overlay, macvlan, ipvlan, hostNetwork, none, container, router];

export const KIND_BY_NAME = Object.fromEntries(KINDS.map((k) => [k.kind, k])) as Record<CanvasKind, KindDef>;

/** React Flow node types, at module scope so they are created once. */
export const nodeTypes: NodeTypes = {
  host: HostNode, bridge: BridgeNode, overlay: OverlayNode, macvlan: MacvlanNode, ipvlan: IpvlanNode,
  'host-network': HostNetworkNode, none: NoneNode, container: ContainerNode, router: RouterNode,
};

export const PANELS: Record<CanvasKind, ComponentType<{ id: string }>> = {
  host: HostPanel, bridge: BridgePanel, overlay: OverlayPanel, macvlan: MacvlanPanel, ipvlan: IpvlanPanel,
  'host-network': HostNetworkPanel, none: NonePanel, container: ContainerPanel, router: RouterPanel,
};

// Pairing a node's veth with its other end on the Docker host (pure). An interface
// index is unique only within its namespace, so the match is checked both ways: the
// host end's index is the node interface's peer index, and the host end's own peer
// index (when the kernel gives it) is the node interface's index.
import type { InterfaceInfo } from './types';

export function findHostPeer(iface: Pick<InterfaceInfo, 'index' | 'kind' | 'peerIndex'>, hostLinks: readonly InterfaceInfo[]): InterfaceInfo | undefined {
  if (iface.kind !== 'veth' || iface.peerIndex === undefined) return undefined;
  return hostLinks.find((h) => h.kind === 'veth' && h.index === iface.peerIndex && (h.peerIndex === undefined || h.peerIndex === iface.index));
}

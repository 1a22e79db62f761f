import type { InspectedInterface } from '../../../../electron/lab/inspect/types';
import { addressText, hostPeerText, sortedAddresses } from '../format';
import { Empty, Row, Section } from '../Section';

/** Every device in the node's network namespace: name, kind, state, MTU, MAC, addresses,
 *  and for a veth the host end it is paired with and the bridge that end plugs into. */
export function InterfacesSection({ interfaces }: { interfaces: readonly InspectedInterface[] }) {
  return (
    <Section name="interfaces" title="Interfaces" count={interfaces.length}>
      {interfaces.length === 0 ? <Empty>No interfaces.</Empty> : (
        <table className="inspect-table ifaces">
          <tbody>
            {interfaces.map((iface) => <InterfaceRow key={iface.name} iface={iface} />)}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function InterfaceRow({ iface }: { iface: InspectedInterface }) {
  const peer = hostPeerText(iface);
  const parent = !iface.hostPeer && iface.peerName ? `on ${iface.peerName}` : undefined;
  return (
    <Row section="interfaces" id={iface.name}>
      <td className="iface-name">
        <span className="mono strong">{iface.name}</span>
        {iface.network && <span className="net-chip">{iface.network}</span>}
      </td>
      <td>
        <div className="iface-facts">
          <span className="kind">{iface.kind || 'device'}{iface.mode ? ` ${iface.mode}` : ''}</span>
          <span className={`link-state state-${iface.state.toLowerCase()}`}>{iface.state}</span>
          <span className="mono muted">mtu {iface.mtu}</span>
          <span className="mono muted" title="MAC address">{iface.mac}</span>
        </div>
        {iface.addresses.length > 0 && (
          <div className="iface-addrs mono">{sortedAddresses(iface.addresses).map((a) => <span key={a.address} className={a.scope === 'global' ? undefined : 'muted'}>{addressText(a)}</span>)}</div>
        )}
        {(peer || parent) && <div className="iface-peer mono" data-testid={`inspect-peer-${iface.name}`}>{peer ?? parent}</div>}
        {iface.vxlan && <div className="iface-peer mono">vxlan id {iface.vxlan.vni}{iface.vxlan.port ? ` dstport ${iface.vxlan.port}` : ''}{iface.vxlan.remote ? ` remote ${iface.vxlan.remote}` : ''}{iface.vxlan.group ? ` group ${iface.vxlan.group}` : ''}</div>}
      </td>
    </Row>
  );
}

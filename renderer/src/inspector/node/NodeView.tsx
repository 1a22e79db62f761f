import type { InspectView } from '../../../../electron/lab/api';
import { ConntrackSection } from './ConntrackSection';
import { DnsSection } from './DnsSection';
import { FirewallSection } from './FirewallSection';
import { InterfacesSection } from './InterfacesSection';
import { NamespacesSection } from './NamespacesSection';
import { NeighboursSection } from './NeighboursSection';
import { ProcessesSection } from './ProcessesSection';
import { RoutesSection } from './RoutesSection';
import { SocketsSection } from './SocketsSection';
import { SysctlsSection } from './SysctlsSection';

/** One node's inside: what it shares, its devices, where packets go, whom it has resolved,
 *  what it serves, what filters, then settings, names, processes and tracked flows. */
export function NodeView({ view }: { view: InspectView }) {
  return (
    <div className="inspect-node" data-testid="inspect-node" data-node={view.node}>
      <NamespacesSection sharing={view.sharing} />
      <InterfacesSection interfaces={view.interfaces} />
      <RoutesSection routes={view.routes} rules={view.rules} />
      <NeighboursSection neighbours={view.neighbours} />
      <SocketsSection sockets={view.sockets} />
      <FirewallSection firewall={view.firewall} />
      <SysctlsSection sysctls={view.sysctls} />
      <DnsSection dns={view.dns} />
      <ProcessesSection processes={view.processes} />
      <ConntrackSection conntrack={view.conntrack} />
    </div>
  );
}

import { useState, type ReactNode } from 'react';
import type { FirewallChain, HostInspection } from '../../../../electron/lab/inspect/types';
import { addressText } from '../format';
import { FirewallTables } from '../FirewallTables';
import { Section } from '../Section';

/** Built-in chains Docker writes into (jumps to its own chains, MASQUERADE). */
const BUILT_IN = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

/** The Docker host: its bridges and veths, and Docker's iptables chains, the lab's part highlighted. */
export function HostView({ view }: { view: HostInspection }) {
  const [onlyLab, setOnlyLab] = useState(false);
  const labRules = new Set(view.labRules);
  const docker = new Set(view.dockerChains);
  const ofLab = (table: string, chain: FirewallChain) => chain.rules.some((_, i) => labRules.has(`${table}/${chain.name}/${i}`));
  // Docker's own chains, and the built-in ones it writes into; with the filter, only where the lab has rules.
  const chainFilter = (table: string, chain: FirewallChain) =>
    (docker.has(chain.name) || (BUILT_IN.has(chain.name) && chain.rules.length > 0)) && (!onlyLab || ofLab(table, chain));
  return (
    <div className="inspect-host" data-testid="inspect-host">
      <Section name="bridges" title="Bridges" count={view.bridges.length} note={`${view.bridges.filter((b) => b.ofLab).length} of this lab`}>
        <table className="inspect-table">
          <tbody>
            {view.bridges.map((b) => (
              <LabRow key={b.name} section="bridges" id={b.name} ofLab={b.ofLab}>
                <td className="mono strong">{b.name}</td>
                <td>{b.network ? <span className="net-chip">{b.network}</span> : <span className="muted">{b.dockerNetwork ?? ''}</span>}</td>
                <td className="mono">{b.addresses.filter((a) => a.family === 'inet').map(addressText).join(' ')}</td>
                <td className="num muted">{b.ports.length} {b.ports.length === 1 ? 'port' : 'ports'}</td>
              </LabRow>
            ))}
          </tbody>
        </table>
      </Section>
      <Section name="veths" title="Veths" count={view.veths.length}>
        <table className="inspect-table">
          <tbody>
            {view.veths.map((v) => (
              <LabRow key={v.name} section="veths" id={v.name} ofLab={v.ofLab}>
                <td className="mono">{v.name}</td>
                <td className="mono muted">{v.bridge ?? ''}</td>
                <td className="strong">{v.node ? `↔ ${v.node}` : ''}</td>
              </LabRow>
            ))}
          </tbody>
        </table>
      </Section>
      <Section name="docker-iptables" title="Docker's iptables" count={view.labRules.length} note="this lab's rules highlighted">
        <label className="inspect-filter">
          <input type="checkbox" checked={onlyLab} onChange={(e) => setOnlyLab(e.target.checked)} data-testid="inspect-host-only-lab" />
          only this lab's rules
        </label>
        <FirewallTables tables={view.firewall} row="hostfw" chainFilter={chainFilter}
          ruleFilter={onlyLab ? (id) => labRules.has(id) : undefined}
          ruleClass={(id) => (labRules.has(id) ? 'of-lab' : undefined)} />
      </Section>
    </div>
  );
}

/** A row of this lab stands out; the rest of the host is context. */
function LabRow({ section, id, ofLab, children }: { section: string; id: string; ofLab: boolean; children: ReactNode }) {
  return (
    <tr data-testid={`inspect-row-${section}-${id}`} data-lab={ofLab ? 'true' : undefined} className={ofLab ? 'of-lab' : undefined}>
      {children}
    </tr>
  );
}

import type { NetworkInspection } from '../../../../electron/lab/inspect/types';
import { addressText, sortedAddresses } from '../format';
import { Empty, Row, Section } from '../Section';

/** A lab network twice: what Docker says it is, and what the kernel built for it. */
export function NetworkView({ view }: { view: NetworkInspection }) {
  return (
    <div className="inspect-network" data-testid="inspect-network" data-network={view.network}>
      <h3 className="inspect-side-title">Docker's definition</h3>
      <DockerSection docker={view.docker} />
      <ContainersSection containers={view.docker.containers} />
      <h3 className="inspect-side-title">The kernel's reality</h3>
      <DeviceSection kernel={view.kernel} driver={view.docker.driver} />
      <PortsSection ports={view.kernel.ports} />
      {view.kernel.vxlan && <VxlanSection vxlan={view.kernel.vxlan} />}
      <FdbSection fdb={view.kernel.fdb} ports={view.kernel.ports} />
    </div>
  );
}

function DockerSection({ docker }: { docker: NetworkInspection['docker'] }) {
  const options = Object.entries(docker.options);
  return (
    <Section name="docker" title="Network" note={docker.name}>
      <dl className="inspect-dl">
        <dt>driver</dt><dd className="mono">{docker.driver} <span className="muted">· scope {docker.scope}{docker.internal ? ' · internal (no way out)' : ''}</span></dd>
        <dt>subnets</dt>
        <dd className="mono">{docker.subnets.length ? docker.subnets.map((s) => <div key={s.subnet}>{s.subnet}{s.gateway ? <span className="muted"> gateway {s.gateway}</span> : ''}</div>) : <span className="muted">none</span>}</dd>
        <dt>id</dt><dd className="mono muted">{docker.id.slice(0, 12)}</dd>
        {options.length > 0 && <><dt>options</dt><dd className="mono">{options.map(([k, v]) => <div key={k}>{k}={v}</div>)}</dd></>}
      </dl>
    </Section>
  );
}

function ContainersSection({ containers }: { containers: NetworkInspection['docker']['containers'] }) {
  return (
    <Section name="containers" title="Attached containers" count={containers.length}>
      {containers.length === 0 ? <Empty>No container is attached.</Empty> : (
        <table className="inspect-table">
          <thead><tr><th>node</th><th>IP</th><th>MAC</th></tr></thead>
          <tbody>
            {[...containers].sort((x, y) => (x.node ?? x.name).localeCompare(y.node ?? y.name)).map((c) => (
              <Row key={c.name} section="containers" id={c.node ?? c.name} title={c.name}>
                <td className="strong">{c.node ?? <span className="muted">{c.name}</span>}</td>
                <td className="mono">{c.ip ?? ''}</td>
                <td className="mono muted">{c.mac ?? ''}</td>
              </Row>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function DeviceSection({ kernel, driver }: { kernel: NetworkInspection['kernel']; driver: string }) {
  const device = kernel.device;
  const role = driver === 'macvlan' || driver === 'ipvlan' ? 'parent device' : 'bridge';
  return (
    <Section name="device" title={role === 'bridge' ? 'Bridge' : 'Parent device'} note={device?.name}>
      {!device ? <Empty>The kernel has no device for it here.</Empty> : (
        <dl className="inspect-dl" data-testid="inspect-bridge" data-device={device.name}>
          <dt>device</dt><dd className="mono strong">{device.name} <span className="muted">{device.kind || 'device'}</span></dd>
          <dt>state</dt><dd><span className={`link-state state-${device.state.toLowerCase()}`}>{device.state}</span> <span className="mono muted">mtu {device.mtu} · {device.mac}</span></dd>
          {device.addresses.length > 0 && <><dt>addresses</dt><dd className="mono">{sortedAddresses(device.addresses).map((a) => <div key={a.address}>{addressText(a)}</div>)}</dd></>}
        </dl>
      )}
    </Section>
  );
}

function PortsSection({ ports }: { ports: NetworkInspection['kernel']['ports'] }) {
  return (
    <Section name="ports" title="Bridge ports" count={ports.length}>
      {ports.length === 0 ? <Empty>No ports.</Empty> : (
        <table className="inspect-table">
          <thead><tr><th>port</th><th>other end</th><th>state</th><th>MAC</th></tr></thead>
          <tbody>
            {[...ports].sort((x, y) => (x.node ?? '~').localeCompare(y.node ?? '~') || x.name.localeCompare(y.name)).map((p) => (
              <Row key={p.name} section="ports" id={p.name}>
                <td className="mono">{p.name}</td>
                <td className="strong">{p.node ? `↔ ${p.node}` : <span className="muted">not the lab's</span>}</td>
                <td className={`port-state port-${p.state ?? 'unknown'}`}>{p.state ?? ''}</td>
                <td className="mono muted">{p.mac}</td>
              </Row>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function VxlanSection({ vxlan }: { vxlan: NonNullable<NetworkInspection['kernel']['vxlan']> }) {
  const v = vxlan.vxlan;
  return (
    <Section name="vxlan" title="VXLAN" note={vxlan.name}>
      <dl className="inspect-dl">
        <dt>VNI</dt><dd className="mono strong">{v?.vni ?? '?'}</dd>
        <dt>UDP port</dt><dd className="mono">{v?.port ?? 'default'}</dd>
        {v?.remote && <><dt>remote</dt><dd className="mono">{v.remote}</dd></>}
        {v?.group && <><dt>group</dt><dd className="mono">{v.group}</dd></>}
        {v?.local && <><dt>local</dt><dd className="mono">{v.local}</dd></>}
        {v?.dev && <><dt>underlay</dt><dd className="mono">{v.dev}</dd></>}
      </dl>
    </Section>
  );
}

function FdbSection({ fdb, ports }: { fdb: NetworkInspection['kernel']['fdb']; ports: NetworkInspection['kernel']['ports'] }) {
  const nodeOnPort = new Map(ports.filter((p) => p.node).map((p) => [p.name, p.node!]));
  // Learned entries first: they are the traffic; permanent ones are the ports' own MACs.
  const rows = [...fdb].sort((a, b) => Number(a.state === 'permanent') - Number(b.state === 'permanent'));
  const peers = [...new Set(fdb.map((f) => f.dst).filter(Boolean))];
  return (
    <Section name="fdb" title="Forwarding database" count={fdb.length} note={peers.length ? `VXLAN peers: ${peers.join(', ')}` : undefined}>
      {rows.length === 0 ? <Empty>Empty.</Empty> : (
        <table className="inspect-table">
          <thead><tr><th>MAC</th><th>learned on</th><th>state</th></tr></thead>
          <tbody>
            {rows.map((f) => (
              <Row key={`${f.mac}|${f.dev}|${f.vlan ?? ''}|${f.dst ?? ''}`} section="fdb" id={`${f.mac}|${f.dev}`}>
                <td className="mono">{f.mac}</td>
                <td className="mono">{f.dev}{nodeOnPort.has(f.dev) ? <span className="strong"> ↔ {nodeOnPort.get(f.dev)}</span> : ''}{f.vlan !== undefined ? <span className="muted"> vlan {f.vlan}</span> : ''}{f.dst ? <span className="muted"> → {f.dst}</span> : ''}</td>
                <td className="muted">{f.state || 'learned'}</td>
              </Row>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

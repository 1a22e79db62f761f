import type { NodeDef } from '../../../../electron/lab/model/schema';
import { connectTo, renameItem } from '../../store/actions';
import { labStore, useLab } from '../../store';
import { liveAddress } from '../../canvas/mapping';
import { LiveSummary } from './badges';
import { Messages, Section, SelectField, TextField, type Commit } from './fields';
import { commandToText, listToText, mapToText, parseCommand, parseList, parseMap, parsePorts, parseRoutes, portsToText, routesToText, type Parsed } from './format';
import { useItem } from './use-item';

/** Commits a parsed value, or returns the parser's message for inline display. */
function via<T>(parse: (text: string) => Parsed<T>, set: (value: T) => void): Commit {
  return (text) => {
    const parsed = parse(text);
    if (!parsed.ok) return parsed.message;
    set(parsed.value);
  };
}

/** Containers and routers: image and process, interfaces, routes, settings. */
export function MachinePanel({ id, router }: { id: string; router?: boolean }) {
  const { def, at, set, diagnostics } = useItem<NodeDef>('nodes', id);
  const { document, planned, live } = useLab((s) => ({ document: s.document, planned: s.addressing?.interfaces, live: s.liveNodes[id] }));
  const networks = (document?.networks ?? []).map((n) => n.id);
  const nodes = (document?.nodes ?? []).map((n) => n.id);
  const hosts = (document?.hosts ?? []).map((h) => h.id);
  if (!def) return null;
  const interfaces = def.interfaces ?? [];
  const unattached = networks.filter((n) => !interfaces.some((i) => i.network === n));
  const routes = (
    <TextField name="routes" label="Static routes" multiline value={routesToText(def.routes)} placeholder={'10.10.2.0/24 via 10.10.1.254\ndefault via 10.10.1.1'} onCommit={via(parseRoutes, (v) => set(['routes'], v))} diagnostics={at('routes')} />
  );
  return (
    <>
      <Messages diagnostics={diagnostics.filter((d) => d.path.length <= 2)} />
      <LiveSummary live={live} />
      <Section title={router ? 'Router' : 'Container'}>
        <TextField name="id" label="Id (also its DNS name)" value={def.id} onBlurOnly onCommit={(v) => { renameItem(labStore, id, v.trim()); }} diagnostics={at('id')} />
        <TextField name="image" label="Image" value={def.image ?? ''} placeholder="topolab/node" onCommit={(v) => set(['image'], v.trim())} diagnostics={at('image')} />
        <TextField name="command" label="Command" value={commandToText(def.command)} placeholder="image default" onCommit={via(parseCommand, (v) => set(['command'], v))} diagnostics={at('command')} />
        <TextField name="hostname" label="Hostname" value={def.hostname ?? ''} placeholder={def.id} onCommit={(v) => set(['hostname'], v.trim())} diagnostics={at('hostname')} />
        {hosts.length > 0 && <SelectField name="host" label="Host" value={def.host} empty="(default)" options={hosts.map((h) => ({ value: h, label: h }))} onChange={(v) => set(['host'], v)} diagnostics={at('host')} />}
      </Section>
      <Section title="Interfaces">
        {def.sharesNetworkWith === undefined && interfaces.length === 0 && <p className="panel-note">Drag from this node's handle to a network, or add one here.</p>}
        {interfaces.map((iface, j) => {
          const auto = planned?.[`${id}/${iface.network}`]?.ip;
          const given = liveAddress(live, iface.network);
          return (
            <div className="iface" key={j}>
            <div className="iface-row">
              <span className="iface-name">eth{j}</span>
              <select aria-label={`eth${j} network`} data-testid={`field-interfaces.${j}.network`} value={iface.network} onChange={(e) => set(['interfaces', j, 'network'], e.target.value)}>
                {!networks.includes(iface.network) && <option value={iface.network}>{iface.network} (missing)</option>}
                {networks.map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
              <TextField name={`interfaces.${j}.ip`} label="IP" value={iface.ip ?? ''} placeholder={given ? `engine: ${given}` : auto ? `auto: ${auto}` : 'auto'} onCommit={(v) => set(['interfaces', j, 'ip'], v.trim())} invalid={at('interfaces', j).some((d) => d.severity === 'error')} />
              <button type="button" className="icon-button" title={`Remove eth${j}`} onClick={() => set(['interfaces', j], undefined)}>✕</button>
            </div>
            <Messages diagnostics={at('interfaces', j)} />
            </div>
          );
        })}
        {unattached.length > 0 && (
          <select className="add-iface" data-testid="field-add-interface" value="" onChange={(e) => e.target.value && connectTo(labStore, id, e.target.value)}>
            <option value="">+ attach to network…</option>
            {unattached.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        )}
        <SelectField name="sharesNetworkWith" label="Share network namespace with" value={def.sharesNetworkWith} empty="(own namespace)" options={nodes.filter((n) => n !== id).map((n) => ({ value: n, label: n }))} onChange={(v) => set(['sharesNetworkWith'], v)} diagnostics={at('sharesNetworkWith')} />
      </Section>
      {router && <Section title="Routing">{routes}</Section>}
      <Section title="Settings">
        {!router && routes}
        <TextField name="env" label="Environment (NAME=value per line)" multiline value={mapToText(def.env)} onCommit={via((t) => parseMap(t, false), (v) => set(['env'], v))} diagnostics={at('env')} />
        <TextField name="ports" label="Published ports ([ip:][host:]port[/udp] per line)" multiline value={portsToText(def.ports)} placeholder="8080:80" onCommit={via(parsePorts, (v) => set(['ports'], v))} diagnostics={at('ports')} />
        <TextField name="caps" label="Capabilities" value={listToText(def.caps)} placeholder="NET_ADMIN, NET_RAW" onCommit={via(parseList, (v) => set(['caps'], v))} diagnostics={at('caps')} />
        <TextField name="sysctls" label="Sysctls (name=value per line)" multiline value={mapToText(def.sysctls)} placeholder={router ? 'ip_forward is on for routers' : 'net.ipv4.conf.all.rp_filter=0'} onCommit={via((t) => parseMap(t, true), (v) => set(['sysctls'], v))} diagnostics={at('sysctls')} />
        <TextField name="description" label="Description" value={def.description ?? ''} onCommit={(v) => set(['description'], v)} diagnostics={at('description')} />
      </Section>
    </>
  );
}

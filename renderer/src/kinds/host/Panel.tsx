import type { HostDef } from '../../../../electron/lab/model/schema';
import { connectHostTo, renameItem } from '../../store/actions';
import { labStore, useLab } from '../../store';
import { Messages, Section, SelectField, TextField } from '../shared/fields';
import { useItem } from '../shared/use-item';
import { hostLiveView } from './live';
import { localHostOf, underlayCandidates, underlayNetworks } from './underlay';

export function HostPanel({ id }: { id: string }) {
  const { def, at, set, diagnostics } = useItem<HostDef>('hosts', id);
  const { document, planned, live } = useLab((s) => ({ document: s.document, planned: s.addressing?.interfaces, live: s.liveHosts[id] }));
  if (!def) return null;
  const view = hostLiveView(live);
  return (
    <>
      <Messages diagnostics={diagnostics.filter((d) => d.path.length <= 2)} />
      {view && (
        <div className={`live-summary${view.failed ? ' sev-error' : ''}`} data-testid="host-live-summary" data-state={live?.state}>
          <span className={`live-badge live-${view.cls}`}>{view.label}</span>
          <span className={view.failed ? 'live-message' : 'live-status'}>{view.detail}</span>
        </div>
      )}
      <Section title="Host">
        <TextField name="id" label="Id" value={def.id} onBlurOnly onCommit={(v) => { renameItem(labStore, id, v.trim()); }} diagnostics={at('id')} />
        <SelectField name="kind" label="Kind" value={def.kind} onChange={(v) => set(['kind'], v)} diagnostics={at('kind')}
          options={[{ value: 'local', label: 'local — the engine topolab talks to' }, { value: 'virtual', label: 'virtual — a nested engine' }, { value: 'remote', label: 'remote — context or URL' }]} />
        {def.kind === 'remote' && <>
          <TextField name="context" label="Docker context" value={def.context ?? ''} onCommit={(v) => set(['context'], v.trim())} diagnostics={at('context')} />
          <TextField name="url" label="URL" value={def.url ?? ''} placeholder="ssh://user@host" onCommit={(v) => set(['url'], v.trim())} diagnostics={at('url')} />
        </>}
        <TextField name="description" label="Description" value={def.description ?? ''} onCommit={(v) => set(['description'], v)} diagnostics={at('description')} />
      </Section>
      {(def.kind === 'virtual' || (def.interfaces?.length ?? 0) > 0) && (
        <UnderlaySection def={def} local={localHostOf(document)} candidates={underlayCandidates(document, id)} bridges={underlayNetworks(document)} planned={planned} at={at} set={set} />
      )}
    </>
  );
}

interface UnderlayProps {
  def: HostDef;
  local: string;
  /** Local bridges it is not attached to yet. */
  candidates: string[];
  /** Every local bridge. */
  bridges: string[];
  planned?: Record<string, { ip?: string }>;
  at: ReturnType<typeof useItem<HostDef>>['at'];
  set: ReturnType<typeof useItem<HostDef>>['set'];
}

/** A virtual host's own interfaces: its "physical" links to bridges on the local engine, over which overlays run. */
function UnderlaySection({ def, local, candidates, bridges, planned, at, set }: UnderlayProps) {
  const interfaces = def.interfaces ?? [];
  return (
    <Section title="Underlay interfaces">
      {interfaces.length === 0 && (
        <p className="panel-note">
          A virtual host reaches the others through bridges on {local}: drag from a port on its box to a bridge outside it, or attach one here.
          {bridges.length === 0 && ' Add a Bridge outside every host first.'}
        </p>
      )}
      {interfaces.map((iface, j) => {
        const auto = planned?.[`${def.id}/${iface.network}`]?.ip;
        const choices = bridges.filter((n) => n === iface.network || candidates.includes(n));
        return (
          <div className="iface" key={j}>
            <div className="iface-row">
              <span className="iface-name">eth{j}</span>
              <select aria-label={`eth${j} underlay network`} data-testid={`field-interfaces.${j}.network`} value={iface.network} onChange={(e) => set(['interfaces', j, 'network'], e.target.value)}>
                {!choices.includes(iface.network) && <option value={iface.network}>{iface.network} (not a local bridge)</option>}
                {choices.map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
              <TextField name={`interfaces.${j}.ip`} label="IP" value={iface.ip ?? ''} placeholder={auto ? `auto: ${auto}` : 'auto'} onCommit={(v) => set(['interfaces', j, 'ip'], v.trim())} invalid={at('interfaces', j).some((d) => d.severity === 'error')} />
              <button type="button" className="icon-button" title={`Remove eth${j}`} data-testid={`remove-interface-${j}`} onClick={() => set(['interfaces', j], undefined)}>✕</button>
            </div>
            <Messages diagnostics={at('interfaces', j)} />
          </div>
        );
      })}
      {def.kind === 'virtual' && candidates.length > 0 && (
        <select className="add-iface" data-testid="field-add-underlay" value="" onChange={(e) => e.target.value && connectHostTo(labStore, def.id, e.target.value)}>
          <option value="">+ attach to underlay bridge…</option>
          {candidates.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      )}
      <Messages diagnostics={at('interfaces').filter((d) => d.path.length === 3)} />
    </Section>
  );
}

export default HostPanel;

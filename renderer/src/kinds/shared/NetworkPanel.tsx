import type { ReactNode } from 'react';
import type { NetworkDef } from '../../../../electron/lab/model/schema';
import { renameItem } from '../../store/actions';
import { labStore, useLab } from '../../store';
import { Messages, Section, SelectField, TextField } from './fields';
import { useItem } from './use-item';

export type NetworkItem = ReturnType<typeof useItem<NetworkDef>>;

/** Fields every network has; `children` renders the driver's own fields. */
export function NetworkPanel({ id, addressing = true, note, children }: { id: string; addressing?: boolean; note?: string; children?: (item: NetworkItem & { def: NetworkDef }) => ReactNode }) {
  const item = useItem<NetworkDef>('networks', id);
  const { planned, hostDefs } = useLab((s) => ({ planned: s.addressing?.networks[id], hostDefs: s.document?.hosts }));
  const hosts = (hostDefs ?? []).map((h) => h.id);
  const { def, at, set, diagnostics } = item;
  if (!def) return null;
  return (
    <>
      <Messages diagnostics={diagnostics.filter((d) => d.path.length <= 2)} />
      {note && <p className="panel-note">{note}</p>}
      <Section title="Network">
        <TextField name="id" label="Id" value={def.id} onBlurOnly onCommit={(v) => { renameItem(labStore, id, v.trim()); }} diagnostics={at('id')} />
        {hosts.length > 0 && def.driver !== 'overlay' && (
          <SelectField name="host" label="Host" value={def.host} empty="(default)" options={hosts.map((h) => ({ value: h, label: h }))} onChange={(v) => set(['host'], v)} diagnostics={at('host')} />
        )}
        <TextField name="description" label="Description" value={def.description ?? ''} onCommit={(v) => set(['description'], v)} diagnostics={at('description')} />
      </Section>
      {addressing && (
        <Section title="Addressing">
          <TextField name="subnet" label="Subnet" value={def.subnet ?? ''} placeholder={planned?.subnet ? `auto: ${planned.subnet}` : 'e.g. 10.10.1.0/24'} onCommit={(v) => set(['subnet'], v.trim())} diagnostics={at('subnet')} />
          <TextField name="gateway" label="Gateway" value={def.gateway ?? ''} placeholder={planned?.gateway ? `auto: ${planned.gateway}` : 'first address'} onCommit={(v) => set(['gateway'], v.trim())} diagnostics={at('gateway')} />
          <TextField name="subnet6" label="IPv6 subnet" value={def.subnet6 ?? ''} placeholder="optional, e.g. fd00:10::/64" onCommit={(v) => set(['subnet6'], v.trim())} diagnostics={at('subnet6')} />
          {def.subnet6 && <TextField name="gateway6" label="IPv6 gateway" value={def.gateway6 ?? ''} onCommit={(v) => set(['gateway6'], v.trim())} diagnostics={at('gateway6')} />}
        </Section>
      )}
      {children && <Section title={`${def.driver} settings`}>{children({ ...item, def })}</Section>}
    </>
  );
}

export function MtuField({ item }: { item: NetworkItem & { def: NetworkDef } }) {
  return (
    <TextField name="mtu" label="MTU" value={item.def.mtu === undefined ? '' : String(item.def.mtu)} placeholder="engine default (1500)" diagnostics={item.at('mtu')}
      onCommit={(v) => {
        const t = v.trim();
        if (!t) { item.set(['mtu'], undefined); return; }
        if (!/^\d+$/.test(t)) return 'The MTU is a whole number, e.g. 1450.';
        item.set(['mtu'], Number(t));
      }} />
  );
}

export function ModeField({ item, modes }: { item: NetworkItem & { def: NetworkDef }; modes: string[] }) {
  return <SelectField name="mode" label="Mode" value={item.def.mode} empty={`(default: ${modes[0]})`} options={modes.map((m) => ({ value: m, label: m }))} onChange={(v) => item.set(['mode'], v)} diagnostics={item.at('mode')} />;
}

export function ParentField({ item }: { item: NetworkItem & { def: NetworkDef } }) {
  return <TextField name="parent" label="Parent interface" value={item.def.parent ?? ''} placeholder="isolated veth (lab-owned)" help="Left empty: a veth pair the lab creates and removes — never your real uplink." onCommit={(v) => item.set(['parent'], v.trim())} diagnostics={item.at('parent')} />;
}

import type { HostDef } from '../../../../electron/lab/model/schema';
import { renameItem } from '../../store/actions';
import { labStore } from '../../store';
import { Messages, Section, SelectField, TextField } from '../shared/fields';
import { useItem } from '../shared/use-item';

export function HostPanel({ id }: { id: string }) {
  const { def, at, set, diagnostics } = useItem<HostDef>('hosts', id);
  if (!def) return null;
  return (
    <>
      <Messages diagnostics={diagnostics.filter((d) => d.path.length <= 2)} />
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
    </>
  );
}

export default HostPanel;

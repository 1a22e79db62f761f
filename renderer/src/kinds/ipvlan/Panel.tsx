import { CheckField } from '../shared/fields';
import { ModeField, NetworkPanel, ParentField } from '../shared/NetworkPanel';

export default function IpvlanPanel({ id }: { id: string }) {
  return (
    <NetworkPanel id={id}>
      {(item) => <>
        <ModeField item={item} modes={['l2', 'l3', 'l3s']} />
        <ParentField item={item} />
        <CheckField name="internal" label="Internal (no way out)" value={item.def.internal} onChange={(v) => item.set(['internal'], v)} diagnostics={item.at('internal')} />
      </>}
    </NetworkPanel>
  );
}

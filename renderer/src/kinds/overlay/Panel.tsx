import { CheckField } from '../shared/fields';
import { MtuField, NetworkPanel } from '../shared/NetworkPanel';

export default function OverlayPanel({ id }: { id: string }) {
  return (
    <NetworkPanel id={id}>
      {(item) => <>
        <CheckField name="internal" label="Internal (no way out)" value={item.def.internal} onChange={(v) => item.set(['internal'], v)} diagnostics={item.at('internal')} />
        <CheckField name="encrypted" label="Encrypt VXLAN traffic (IPsec)" value={item.def.encrypted} onChange={(v) => item.set(['encrypted'], v)} diagnostics={item.at('encrypted')} />
        <MtuField item={item} />
      </>}
    </NetworkPanel>
  );
}

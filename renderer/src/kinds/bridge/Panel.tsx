import { CheckField } from '../shared/fields';
import { MtuField, NetworkPanel } from '../shared/NetworkPanel';

export default function BridgePanel({ id }: { id: string }) {
  return (
    <NetworkPanel id={id}>
      {(item) => <>
        <CheckField name="internal" label="Internal (no way out)" value={item.def.internal} onChange={(v) => item.set(['internal'], v)} diagnostics={item.at('internal')} />
        <CheckField name="icc-off" label="Isolate containers (icc: false)" value={item.def.icc === false ? true : undefined} onChange={(v) => item.set(['icc'], v ? false : undefined)} diagnostics={item.at('icc')} />
        <CheckField name="builtin" label="Docker's default bridge (docker0)" value={item.def.builtin} onChange={(v) => item.set(['builtin'], v)} diagnostics={item.at('builtin')} />
        <MtuField item={item} />
      </>}
    </NetworkPanel>
  );
}

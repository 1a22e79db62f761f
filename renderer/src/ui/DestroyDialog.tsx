import { useState } from 'react';
import { useLab } from '../store';
import { Dialog } from './Dialog';
import { destroyLab } from './engine';

export function DestroyDialog({ onClose }: { onClose: () => void }) {
  const name = useLab((s) => s.document?.name ?? '');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  return (
    <Dialog title="Destroy the lab" onClose={onClose} testId="destroy-dialog"
      footer={<>
        <button type="button" className="secondary" onClick={onClose}>{message ? 'Close' : 'Cancel'}</button>
        {!message && <button type="button" className="danger" data-testid="destroy-confirm" disabled={busy} onClick={async () => { setBusy(true); setMessage(await destroyLab()); setBusy(false); }}>Destroy</button>}
      </>}>
      {!message && <p>Remove every container, network and veth that lab <strong>{name}</strong> created on the engine? Nothing else is touched. The file stays as it is.</p>}
      {busy && <p className="panel-note">Removing…</p>}
      {message && <p data-testid="destroy-result">{message}</p>}
    </Dialog>
  );
}

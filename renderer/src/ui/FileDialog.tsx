import { useEffect, useState } from 'react';
import { errorMessage, labApi } from '../api/client';
import { labStore } from '../store';
import { Dialog } from './Dialog';

/** Open a lab file from the workspace folder, or save under a name. */
export function FileDialog({ mode, onClose }: { mode: 'open' | 'save'; onClose: () => void }) {
  const [files, setFiles] = useState<{ path: string; modified: string }[]>();
  const [folder, setFolder] = useState('');
  const [name, setName] = useState(() => labStore.getState().filePath ?? `${labStore.getState().document?.name ?? 'lab'}.yaml`);
  const [error, setError] = useState<string>();
  useEffect(() => {
    labApi().filesList({}).then((r) => { setFiles(r.files); setFolder(r.folder); }).catch((e) => setError(errorMessage(e)));
  }, []);
  const open = async (path: string) => {
    if (labStore.getState().dirty && !window.confirm('Discard the changes to the current lab?')) return;
    try {
      const { text } = await labApi().filesRead({ path });
      labStore.getState().load(text, path);
      onClose();
    } catch (e) { setError(errorMessage(e)); }
  };
  const save = async () => {
    const path = /\.ya?ml$/.test(name) ? name : `${name}.yaml`;
    if (files?.some((f) => f.path === path) && path !== labStore.getState().filePath && !window.confirm(`Replace ${path}?`)) return;
    try {
      const text = labStore.getState().text;
      await labApi().filesWrite({ path, text });
      labStore.getState().markSaved(path, text);
      onClose();
    } catch (e) { setError(errorMessage(e)); }
  };
  return (
    <Dialog title={mode === 'open' ? 'Open a lab' : 'Save the lab'} onClose={onClose} testId={`${mode}-dialog`}
      footer={mode === 'save' ? <><button type="button" className="secondary" onClick={onClose}>Cancel</button><button type="button" className="primary" data-testid="save-confirm" onClick={save}>Save</button></> : undefined}>
      {folder && <p className="panel-note">Folder: {folder}</p>}
      {error && <p className="sev-error">{error}</p>}
      {mode === 'save' && (
        <div className="field">
          <label htmlFor="save-name">File name</label>
          <input id="save-name" data-testid="field-file-name" value={name} autoFocus onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && save()} />
        </div>
      )}
      <ul className="file-list">
        {files?.length === 0 && <li className="panel-note">No lab files yet.</li>}
        {files?.map((f) => (
          <li key={f.path}>
            <button type="button" data-testid={`file-${f.path}`} onClick={() => (mode === 'open' ? open(f.path) : setName(f.path))}>
              <span>{f.path}</span><span className="file-date">{new Date(f.modified).toLocaleString()}</span>
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

/** Save to the current file, or ask for a name. Returns false when a dialog is needed. */
export async function quickSave(): Promise<boolean | string> {
  const { filePath, text } = labStore.getState();
  if (!filePath) return false;
  try {
    await labApi().filesWrite({ path: filePath, text });
    labStore.getState().markSaved(filePath, text);
    return true;
  } catch (e) {
    return errorMessage(e);
  }
}

import { useReactFlow } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { onConnectionState, type ConnectionState } from '../api/client';
import { autoLayoutWithProgress } from '../canvas/auto-layout';
import { moveItems } from '../store/actions';
import { labStore, NEW_LAB_TEXT, useLab } from '../store';
import { isLabRunning } from '../store/selectors';

export type DialogName = 'templates' | 'open' | 'save' | 'deploy' | 'destroy';

export function Toolbar({ openDialog, onSave }: { openDialog: (d: DialogName) => void; onSave: () => void }) {
  const s = useLab((st) => ({
    canUndo: st.past.length > 0, canRedo: st.future.length > 0, undoLabel: st.past[st.past.length - 1]?.label, redoLabel: st.future[0]?.label,
    theme: st.theme, layingOut: st.layingOut > 0, dirty: st.dirty, filePath: st.filePath, name: st.document?.name, parseOk: st.parseOk,
    traceOpen: st.traceOpen, inspectorOpen: st.inspectorOpen, consolesShown: st.consolesShown, consoles: st.consoles.length, trafficOn: st.trafficOn, trafficError: st.trafficError, running: isLabRunning(st),
  }));
  const rf = useReactFlow();
  const [engine, setEngine] = useState<ConnectionState>('connecting');
  useEffect(() => onConnectionState(setEngine), []);
  const relayout = async () => {
    const doc = labStore.getState().document;
    if (!doc) return;
    moveItems(labStore, await autoLayoutWithProgress(doc));
    labStore.getState().closeStep();
    requestAnimationFrame(() => rf.fitView({ padding: 0.2, duration: 300, includeHiddenNodes: true }));
  };
  const newLab = () => {
    if (labStore.getState().dirty && !window.confirm('Discard the changes to the current lab?')) return;
    labStore.getState().load(NEW_LAB_TEXT);
  };
  const B = ({ id, label, onClick, disabled, title, cls }: { id: string; label: string; onClick: () => void; disabled?: boolean; title?: string; cls?: string }) => (
    <button type="button" data-testid={id} onClick={onClick} disabled={disabled} title={title} className={cls}>{label}</button>
  );
  return (
    <header className="toolbar">
      <div className="brand">topolab</div>
      <div className="tool-group">
        <B id="new" label="New" onClick={newLab} title="An empty lab" />
        <B id="templates" label="Templates" onClick={() => openDialog('templates')} />
        <B id="open" label="Open" onClick={() => openDialog('open')} />
        <B id="save" label="Save" onClick={onSave} title="Save (Ctrl+S)" />
      </div>
      <div className="tool-group">
        <B id="undo" label="Undo" onClick={() => labStore.getState().undo()} disabled={!s.canUndo} title={s.undoLabel ? `Undo ${s.undoLabel} (Ctrl+Z)` : 'Undo (Ctrl+Z)'} />
        <B id="redo" label="Redo" onClick={() => labStore.getState().redo()} disabled={!s.canRedo} title={s.redoLabel ? `Redo ${s.redoLabel} (Ctrl+Shift+Z)` : 'Redo (Ctrl+Shift+Z)'} />
      </div>
      <div className="tool-group">
        <B id="fit-view" label="Fit view" onClick={() => rf.fitView({ padding: 0.2, duration: 300, includeHiddenNodes: true })} />
        <B id="auto-layout" label="Auto-layout" onClick={relayout} disabled={s.layingOut} title="Place everything with a graph layout (one undo step)" />
        <B id="theme" label={s.theme === 'light' ? 'Dark' : 'Light'} onClick={() => labStore.getState().setTheme(s.theme === 'light' ? 'dark' : 'light')} title="Switch theme" />
      </div>
      <div className="tool-group">
        <button type="button" className="toggle" data-testid="trace-open" aria-pressed={s.traceOpen} onClick={() => labStore.getState().setTraceOpen(!s.traceOpen)}
          title="Send one real packet through the running lab and replay its path">Trace</button>
        <button type="button" className="toggle" data-testid="inspector-open" aria-pressed={s.inspectorOpen} onClick={() => labStore.getState().setInspectorOpen(!s.inspectorOpen)}
          title="Inspect what the running lab really has: the selected node's namespaces, a network's bridge, the Docker host">Inspect</button>
        <button type="button" className="toggle" data-testid="consoles-open" aria-pressed={s.consolesShown} onClick={() => labStore.getState().setConsolesShown(!s.consolesShown)}
          title="Shells in the lab's nodes (double-click a running node to open one)">{s.consoles ? `Consoles (${s.consoles})` : 'Consoles'}</button>
        <button type="button" className="toggle" data-testid="traffic-toggle" aria-pressed={s.trafficOn} disabled={!s.running && !s.trafficOn}
          onClick={() => labStore.getState().setTrafficOn(!s.trafficOn)}
          title={s.trafficError ?? (s.running ? 'Show every interface\'s packet and bit rates, live' : 'Deploy the lab first: rates come from its running containers')}>
          {s.trafficError ? 'Traffic ⚠' : 'Traffic'}
        </button>
      </div>
      <div className="lab-title" title={s.filePath ?? 'not saved yet'}>
        <span>{s.name ?? 'lab'}</span>
        <span className="file">{s.filePath ?? 'unsaved'}{s.dirty ? ' •' : ''}</span>
      </div>
      <div className="tool-group end">
        <span className={`engine engine-${engine}`} data-testid="engine-state" title={engine === 'open' ? 'Connected to the topolab engine' : 'Not connected to the topolab engine'}>
          {engine === 'open' ? 'engine' : engine === 'connecting' ? 'connecting…' : 'no engine'}
        </span>
        <B id="deploy" label="Deploy" cls="primary" onClick={() => openDialog('deploy')} disabled={!s.parseOk} />
        <B id="destroy" label="Destroy" cls="danger" onClick={() => openDialog('destroy')} />
      </div>
    </header>
  );
}

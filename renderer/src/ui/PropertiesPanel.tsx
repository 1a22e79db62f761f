import { KIND_LABEL } from '../kinds/shared/kind-info';
import { PANELS } from '../kinds/registry';
import { networkKind, type CanvasKind } from '../canvas/mapping';
import { removeEdge, removeSelection } from '../store/actions';
import { labStore, useLab } from '../store';
import { TextField } from '../kinds/shared/fields';

/** The side panel: the selected object's properties, or the lab's own. */
export function PropertiesPanel() {
  const { selected, selectedEdge, document } = useLab((s) => ({ selected: s.selected, selectedEdge: s.selectedEdge, document: s.document }));
  let body;
  let title = 'Lab';
  if (selected.length === 1 && document) {
    const id = selected[0];
    const kind: CanvasKind | undefined = document.hosts?.some((h) => h.id === id)
      ? 'host'
      : document.networks?.find((n) => n.id === id) ? networkKind(document.networks.find((n) => n.id === id)!)
      : document.nodes?.find((n) => n.id === id)?.kind;
    if (kind) {
      const Panel = PANELS[kind];
      title = `${KIND_LABEL[kind]} · ${id}`;
      body = (
        <>
          <Panel key={id} id={id} />
          <button type="button" className="danger-link" data-testid="delete-selected" onClick={() => removeSelection(labStore)}>Delete {id}</button>
        </>
      );
    }
  } else if (selected.length > 1) {
    title = `${selected.length} selected`;
    body = (
      <>
        <p className="panel-note">{selected.join(', ')}</p>
        <p className="panel-note">Ctrl+C / Ctrl+V to copy, Delete to remove.</p>
        <button type="button" className="danger-link" onClick={() => removeSelection(labStore)}>Delete all {selected.length}</button>
      </>
    );
  } else if (selectedEdge) {
    const [kind, node, index] = selectedEdge.split(':');
    const iface = kind === 'if' || kind === 'hif';
    title = kind === 'if' ? `Interface · ${node} eth${index}` : kind === 'hif' ? `Underlay interface · ${node} eth${index}` : `Shared namespace · ${node}`;
    body = (
      <>
        <p className="panel-note">{kind === 'if' ? 'Edit its address in the node’s panel.' : kind === 'hif' ? `The virtual host's own link to a bridge on the local engine; edit its address in the host's panel.` : `${node} joins another node's network namespace.`}</p>
        <button type="button" className="secondary" onClick={() => labStore.getState().select([node])}>Select {node}</button>
        <button type="button" className="danger-link" onClick={() => removeEdge(labStore, selectedEdge)}>{iface ? 'Disconnect' : 'Stop sharing'}</button>
      </>
    );
  } else {
    body = <LabPanel />;
  }
  return (
    <section className="properties" data-testid="properties" aria-label="Properties">
      <h2>{title}</h2>
      {body}
    </section>
  );
}

function LabPanel() {
  const { name, description, diagnostics } = useLab((s) => ({ name: s.document?.name ?? '', description: s.document?.description ?? '', diagnostics: s.diagnostics }));
  const at = diagnostics.filter((d) => d.path[0] === 'name');
  const set = (field: string, value: string) => labStore.getState().edit([{ op: 'set', path: [field], value: value === '' && field === 'description' ? undefined : value }], { label: `edit ${field}`, coalesce: `lab:${field}` });
  return (
    <>
      <TextField name="lab-name" label="Lab name (prefix of every Docker object)" value={name} onCommit={(v) => { set('name', v.trim()); }} diagnostics={at} />
      <TextField name="lab-description" label="Description" value={description} multiline onCommit={(v) => { set('description', v); }} />
      <p className="panel-note">Select a node or network to edit it.</p>
    </>
  );
}

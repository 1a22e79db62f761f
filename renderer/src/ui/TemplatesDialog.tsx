import { useCallback, useEffect, useRef, useState } from 'react';
import type { TemplateSummary } from '../../../electron/lab/api';
import { errorMessage, labApi } from '../api/client';
import { labStore } from '../store';
import { Dialog } from './Dialog';
import { TemplatePreview, templateCounts } from './TemplatePreview';
import { Thumbnail } from './Thumbnail';

type TemplateFile = { text: string; guide?: string };

/** The gallery: every template with a drawing and one line; the selected one's guide beside
 *  the list. Open (or a double-click) loads it, with its guide, which the sidebar then shows. */
export function TemplatesDialog({ onClose }: { onClose: () => void }) {
  const [templates, setTemplates] = useState<TemplateSummary[]>();
  const [files, setFiles] = useState<Record<string, TemplateFile>>({});
  const [selected, setSelected] = useState<string>();
  const [error, setError] = useState<string>();
  // Each file is read once: one by one for the thumbnails, the selected one at once.
  const requested = useRef(new Set<string>());
  const mounted = useRef(true);
  const read = useCallback(async (id: string) => {
    if (requested.current.has(id)) return;
    requested.current.add(id);
    try {
      const { text, guide } = await labApi().templatesRead({ id });
      if (mounted.current) setFiles((prev) => ({ ...prev, [id]: { text, guide } }));
    } catch (e) {
      requested.current.delete(id); // asked again when selected again
      throw e;
    }
  }, []);
  useEffect(() => {
    mounted.current = true;
    labApi().templatesList({}).then(async (list) => {
      if (!mounted.current) return;
      setTemplates(list);
      setSelected((s) => s ?? list[0]?.id);
      for (const t of list) {
        if (!mounted.current) return;
        await read(t.id);
      }
    }).catch((e) => mounted.current && setError(errorMessage(e)));
    return () => { mounted.current = false; };
  }, [read]);
  useEffect(() => {
    if (selected) read(selected).catch((e) => mounted.current && setError(errorMessage(e)));
  }, [selected, read]);

  const open = async (id: string) => {
    if (labStore.getState().dirty && !window.confirm('Discard the changes to the current lab?')) return;
    try {
      const file = files[id] ?? (await labApi().templatesRead({ id }));
      labStore.getState().load(file.text, undefined, file.guide);
      // A template with a guide is opened to be read: show it beside the canvas.
      if (file.guide) labStore.getState().setSidebarTab('guide');
      onClose();
    } catch (e) { setError(errorMessage(e)); }
  };
  const chosen = templates?.find((t) => t.id === selected);
  return (
    <Dialog title="Templates" onClose={onClose} testId="templates-dialog" className="templates"
      footer={<>
        <button type="button" className="secondary" onClick={onClose}>Cancel</button>
        <button type="button" className="primary" data-testid="template-open" disabled={!chosen} onClick={() => chosen && open(chosen.id)}>
          {chosen ? `Open ${chosen.name}` : 'Open'}
        </button>
      </>}>
      {error && <p className="sev-error">{error}</p>}
      {!templates && !error && <p className="panel-note">Loading…</p>}
      <div className="templates-layout">
        <div className="gallery" role="listbox" aria-label="Templates">
          {templates?.map((t) => (
            <button type="button" key={t.id} role="option" aria-selected={t.id === selected} className="gallery-card" data-testid={`template-${t.id}`}
              onClick={() => setSelected(t.id)} onDoubleClick={() => open(t.id)} title="Double-click to open">
              <Thumbnail text={files[t.id]?.text} />
              <strong>{t.name}</strong>
              <span className="gallery-desc">{t.description}</span>
              <span className="gallery-meta">{templateCounts(t)}</span>
            </button>
          ))}
        </div>
        {chosen && <TemplatePreview template={chosen} text={files[chosen.id]?.text} guide={files[chosen.id]?.guide} loading={!files[chosen.id]} />}
      </div>
    </Dialog>
  );
}

import { useEffect, useState } from 'react';
import type { TemplateSummary } from '../../../electron/lab/api';
import { errorMessage, labApi } from '../api/client';
import { labStore } from '../store';
import { Dialog } from './Dialog';
import { Thumbnail } from './Thumbnail';

/** The gallery: every template with a drawing and one line; click to open it. */
export function TemplatesDialog({ onClose }: { onClose: () => void }) {
  const [templates, setTemplates] = useState<TemplateSummary[]>();
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    labApi().templatesList({}).then(async (list) => {
      if (!live) return;
      setTemplates(list);
      for (const t of list) {
        const { text } = await labApi().templatesRead({ id: t.id });
        if (live) setTexts((prev) => ({ ...prev, [t.id]: text }));
      }
    }).catch((e) => live && setError(errorMessage(e)));
    return () => { live = false; };
  }, []);
  const open = async (id: string) => {
    if (labStore.getState().dirty && !window.confirm('Discard the changes to the current lab?')) return;
    try {
      const text = texts[id] ?? (await labApi().templatesRead({ id })).text;
      labStore.getState().load(text);
      onClose();
    } catch (e) { setError(errorMessage(e)); }
  };
  return (
    <Dialog title="Templates" onClose={onClose} testId="templates-dialog" wide>
      {error && <p className="sev-error">{error}</p>}
      {!templates && !error && <p className="panel-note">Loading…</p>}
      <div className="gallery">
        {templates?.map((t) => (
          <button type="button" key={t.id} className="gallery-card" data-testid={`template-${t.id}`} onClick={() => open(t.id)}>
            <Thumbnail text={texts[t.id]} />
            <strong>{t.name}</strong>
            <span className="gallery-desc">{t.description}</span>
            <span className="gallery-meta">{t.networks} networks · {t.nodes} nodes</span>
          </button>
        ))}
      </div>
    </Dialog>
  );
}

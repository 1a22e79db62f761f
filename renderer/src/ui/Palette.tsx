import { DRAG_MIME } from '../canvas/Canvas';
import { KIND_ICON } from '../kinds/shared/kind-info';
import { KINDS } from '../kinds/registry';

/** Drag an item onto the canvas to add it. */
export function Palette() {
  const groups: { title: string; section: string }[] = [
    { title: 'Hosts', section: 'hosts' },
    { title: 'Networks', section: 'networks' },
    { title: 'Nodes', section: 'nodes' },
  ];
  return (
    <aside className="palette" aria-label="Palette">
      {groups.map((g) => (
        <div key={g.section} className="palette-group">
          <h3>{g.title}</h3>
          {KINDS.filter((k) => k.section === g.section).map((k) => (
            <div
              key={k.kind}
              className={`palette-item kind-${k.kind}`}
              data-testid={`palette-${k.kind}`}
              draggable
              title={k.description}
              onDragStart={(e) => {
                e.dataTransfer.setData(DRAG_MIME, k.kind);
                e.dataTransfer.effectAllowed = 'copy';
              }}
            >
              <span className="tl-icon" aria-hidden>{KIND_ICON[k.kind]}</span>
              <span>{k.label}</span>
            </div>
          ))}
        </div>
      ))}
      <p className="palette-hint">Drag onto the canvas. Connect a container to a network by dragging from its handle.</p>
    </aside>
  );
}

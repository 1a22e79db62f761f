import type { ReactNode } from 'react';
import { labStore, useLab } from '../store';
import type { RowMark } from './marks';

/** One foldable part of the Inspector. Folding is remembered by name across nodes; a
 *  folded section still says how many of its rows are new, so nothing lights up unseen. */
export function Section({ name, title, count, marked = 0, note, children }: {
  name: string;
  title: string;
  count?: number;
  marked?: number;
  /** A short fact shown in the header (e.g. "Docker's embedded resolver"). */
  note?: string;
  children: ReactNode;
}) {
  const folded = useLab((s) => s.collapsed.includes(name));
  return (
    <section className={`inspect-section${folded ? ' folded' : ''}`} data-testid={`inspect-section-${name}`}>
      <h3>
        <button type="button" className="inspect-fold" aria-expanded={!folded} onClick={() => labStore.getState().toggleSection(name)}>
          <span className="chevron" aria-hidden>{folded ? '▸' : '▾'}</span>
          <span className="inspect-section-title">{title}</span>
          {count !== undefined && <span className="count">{count}</span>}
          {note && <span className="inspect-section-note">{note}</span>}
          {marked > 0 && <span className="new-chip" title="New or changed since the previous refreshes">{marked} new</span>}
        </button>
      </h3>
      {!folded && <div className="inspect-section-body">{children}</div>}
    </section>
  );
}

/** A table row of a section: its test id, and its mark when new or changed. */
export function Row({ section, id, mark, title, children, onMouseEnter, onMouseLeave }: {
  section: string;
  id: string;
  mark?: RowMark;
  title?: string;
  children: ReactNode;
  onMouseEnter?: () => void;
  onMouseLeave?: () => void;
}) {
  return (
    <tr data-testid={`inspect-row-${section}-${id}`} data-new={mark ? 'true' : undefined} data-mark={mark} className={mark ? 'marked' : undefined}
      title={title} onMouseEnter={onMouseEnter} onMouseLeave={onMouseLeave}>
      {children}
    </tr>
  );
}

/** A marked row's React key carries the marks' sequence: a fresh change remounts it, so it flashes again. */
export function rowKey(key: string, mark: RowMark | undefined, seq = 0): string {
  return mark ? `${key}#${seq}` : key;
}

/** The chip at the end of a marked row's first cell. */
export function MarkChip({ mark }: { mark: RowMark | undefined }) {
  return mark ? <span className={`row-chip row-chip-${mark}`}>{mark}</span> : null;
}

/** "none", said quietly, for an empty table. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="inspect-empty">{children}</p>;
}

// Which Inspector rows are highlighted. The engine says what changed since its previous
// inspection of the node (one second ago); a row that lit up must stay marked long
// enough to be seen, so a section's marks are kept until a later refresh reports a new
// change in that section (or the row goes away). Pure: the store calls it per refresh.
import type { InspectView } from '../../../electron/lab/api';

export type ChangedSection = keyof InspectView['changes'];

export const CHANGED_SECTIONS: readonly ChangedSection[] = ['neighbours', 'sockets', 'routes', 'conntrack', 'processes'];

export interface SectionMarks {
  /** Row keys (inspect/diff.ts) that appeared. */
  added: string[];
  /** Row keys whose value changed (an ARP entry going STALE, a socket's state). */
  changed: string[];
  /** Bumps each time the marks are replaced: the rows flash again. */
  seq: number;
}

export type RowMarks = Partial<Record<ChangedSection, SectionMarks>>;

/**
 * The marks after one refresh. `present` holds the keys of the rows now shown per section;
 * `previous` is undefined when the inspection is of another target (nothing carries over).
 */
export function nextMarks(
  previous: RowMarks | undefined,
  changes: InspectView['changes'],
  present: Record<ChangedSection, ReadonlySet<string>>,
): RowMarks {
  const next: RowMarks = {};
  for (const section of CHANGED_SECTIONS) {
    const before = previous?.[section];
    const shown = (keys: readonly string[]) => keys.filter((key) => present[section].has(key));
    const added = shown(changes[section].added);
    const changed = shown(changes[section].changed).filter((key) => !added.includes(key));
    if (added.length + changed.length > 0) next[section] = { added, changed, seq: (before?.seq ?? 0) + 1 };
    else if (before) {
      const kept = { added: shown(before.added), changed: shown(before.changed), seq: before.seq };
      const count = kept.added.length + kept.changed.length;
      if (count === before.added.length + before.changed.length) next[section] = before;
      else if (count > 0) next[section] = kept;
    }
  }
  return next;
}

export type RowMark = 'new' | 'changed';

/** How a row is marked, if it is: a lookup the section components share. */
export function markLookup(marks: SectionMarks | undefined): (key: string) => RowMark | undefined {
  if (!marks) return () => undefined;
  const added = new Set(marks.added);
  const changed = new Set(marks.changed);
  return (key) => (added.has(key) ? 'new' : changed.has(key) ? 'changed' : undefined);
}

/** How many rows of a section are marked (for its header when folded). */
export function markCount(marks: SectionMarks | undefined): number {
  return (marks?.added.length ?? 0) + (marks?.changed.length ?? 0);
}

import type { Diagnostic } from '../../../../electron/lab/model/diagnostics';

/** Diagnostics about one object: those under its path, or naming it as subject. */
export function diagnosticsOf(all: readonly Diagnostic[], section: string, index: number, id: string): Diagnostic[] {
  return all.filter((d) => (d.path[0] === section && d.path[1] === index) || (d.subject?.id === id && d.path[0] !== 'layout'));
}

/** The ones about a field (path prefix after [section, index]). */
export function diagnosticsAt(list: readonly Diagnostic[], section: string, index: number, field: ReadonlyArray<string | number>): Diagnostic[] {
  return list.filter((d) => d.path[0] === section && d.path[1] === index && field.every((f, i) => d.path[2 + i] === f));
}

// A diagnostic is something a person can act on: where (field path, line:column,
// the node or network concerned), what is wrong, and what to do about it.

export type Severity = 'error' | 'warning' | 'info';
export type FieldPath = ReadonlyArray<string | number>;

export interface SourcePosition {
  line: number; // 1-based
  column: number; // 1-based
}

export interface Diagnostic {
  severity: Severity;
  /** Stable machine-readable code, e.g. 'subnet-overlap'. */
  code: string;
  message: string;
  /** What to do about it. */
  hint: string;
  /** Path of the offending field in the document, e.g. ['nodes', 1, 'interfaces', 0, 'ip']. */
  path: FieldPath;
  /** Where the field is in the file (filled in when the document came from text). */
  position?: SourcePosition;
  /** The lab object concerned, so a UI can focus it. */
  subject?: { kind: 'host' | 'network' | 'node'; id: string };
}

export function formatPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out || '(document)';
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** One line per diagnostic: `file:line:col severity [code] path: message (hint)`. */
export function formatDiagnostic(d: Diagnostic, file?: string): string {
  const where = d.position ? `${file ?? ''}:${d.position.line}:${d.position.column}` : file ?? '';
  const prefix = where ? `${where} ` : '';
  return `${prefix}${d.severity} [${d.code}] ${formatPath(d.path)}: ${d.message}\n    → ${d.hint}`;
}

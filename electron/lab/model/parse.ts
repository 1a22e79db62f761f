// Lab file text → LabDocument, keeping where every field sits in the file so that
// each diagnostic can point at a line and column.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { LabDocumentSchema, type LabDocument } from './schema';
import { migrateToCurrent } from './migrate';
import type { Diagnostic, FieldPath, SourcePosition } from './diagnostics';

/** Finds the line:column of a field path in the parsed text. */
export type PositionLookup = (path: FieldPath, at?: 'value' | 'key') => SourcePosition | undefined;

export type ParseResult =
  | { ok: true; document: LabDocument; positionOf: PositionLookup; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[]; positionOf: PositionLookup };

export function parseLab(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const yamlDoc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toPosition = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const positionOf: PositionLookup = (path, at = 'value') => {
    const offset = offsetOf(yamlDoc.contents as YamlNode | null, path, at);
    return offset === undefined ? undefined : toPosition(offset);
  };

  if (yamlDoc.errors.length > 0) {
    const diagnostics = yamlDoc.errors.map((error): Diagnostic => ({
      severity: 'error',
      code: 'yaml-syntax',
      message: `The file is not valid YAML: ${firstLine(error.message)}`,
      hint: 'Fix the YAML syntax at this line (indentation, a missing colon, an unclosed quote or bracket).',
      path: [],
      position: toPosition(error.pos[0]),
    }));
    return { ok: false, diagnostics, positionOf };
  }

  const migrated = migrateToCurrent(yamlDoc.toJS({ maxAliasCount: 100 }));
  if (!migrated.ok) {
    const d = migrated.diagnostic;
    return { ok: false, diagnostics: [{ ...d, position: positionOf(d.path) ?? { line: 1, column: 1 } }], positionOf };
  }

  const checked = LabDocumentSchema.safeParse(migrated.raw);
  if (!checked.success) {
    const diagnostics = checked.error.issues.flatMap((issue) => issueToDiagnostics(issue, migrated.raw));
    return { ok: false, diagnostics: diagnostics.map((d) => ({ ...d, position: positionOf(d.path, d.code === 'unknown-field' ? 'key' : 'value') })), positionOf };
  }
  const notes: Diagnostic[] = migrated.migratedFrom
    ? [{
        severity: 'info',
        code: 'format-migrated',
        message: `This file uses lab format ${migrated.migratedFrom}; it was read as format ${checked.data.topolab}.`,
        hint: 'Saving from topolab writes the current format.',
        path: ['topolab'],
        position: positionOf(['topolab']),
      }]
    : [];
  return { ok: true, document: checked.data, positionOf, diagnostics: notes };
}

/** Attaches source positions to diagnostics produced on a parsed document. */
export function withPositions(diagnostics: Diagnostic[], positionOf: PositionLookup): Diagnostic[] {
  return diagnostics.map((d) => (d.position ? d : { ...d, position: positionOf(d.path) }));
}

function issueToDiagnostics(issue: z.core.$ZodIssue, raw: unknown): Diagnostic[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const subject = subjectOf(path, raw);
  // " in node web": the message names the object, not just an index.
  const where = (_: FieldPath) => (subject ? ` in ${subject.kind} ${subject.id}` : '');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      severity: 'error' as const,
      code: 'unknown-field',
      message: `Unknown field \`${key}\`${where(path)}.`,
      hint: `Remove it or check its spelling; allowed fields are listed in templates/lab.schema.json.`,
      path: [...path, key],
      subject,
    }));
  }
  const field = path.length ? `\`${String(path[path.length - 1])}\`` : 'The document';
  let message: string;
  let hint: string;
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    message = `${field} is required${where(path.slice(0, -1))}.`;
    hint = `Add \`${String(path[path.length - 1])}:\`.`;
  } else if (issue.code === 'invalid_value') {
    const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
    message = `${field} must be one of ${allowed}${where(path.slice(0, -1))}.`;
    hint = `Use one of ${allowed}.`;
  } else if (issue.code === 'invalid_type') {
    message = `${field} must be ${article(issue.expected)}${where(path.slice(0, -1))}.`;
    hint = `Write ${article(issue.expected)} here.`;
  } else if (issue.code === 'invalid_union' && path[0] === 'expectations' && typeof path[1] === 'number') {
    message = `Expectation #${path[1] + 1} is none of the kinds topolab can check.`;
    hint = 'Write {from, to, reachable} (with proto/port/hops), {node, route} (with via), {nodes: [a, b], share: net}, or {from, resolves, resolvable} (with address).';
  } else {
    message = `${field}: ${issue.message}${where(path.slice(0, -1))}.`;
    hint = 'See templates/lab.schema.json for the allowed shape.';
  }
  return [{ severity: 'error', code: 'invalid-field', message, hint, path, subject }];
}

function article(expected: string): string {
  const map: Record<string, string> = { array: 'a list', object: 'a mapping', string: 'a text', number: 'a number', int: 'a whole number', boolean: 'true or false' };
  return map[expected] ?? expected;
}


function subjectOf(path: FieldPath, raw: unknown): Diagnostic['subject'] {
  const [section, index] = path;
  const kinds: Record<string, 'host' | 'network' | 'node'> = { hosts: 'host', networks: 'network', nodes: 'node' };
  if (typeof section !== 'string' || typeof index !== 'number' || !kinds[section]) return undefined;
  const list = (raw as Record<string, unknown>)[section];
  const item = Array.isArray(list) ? (list[index] as Record<string, unknown> | undefined) : undefined;
  const id = item && typeof item.id === 'string' ? item.id : undefined;
  return id ? { kind: kinds[section], id } : undefined;
}

/** Offset of the value at `path`, or of its key; the nearest existing parent for a missing field. */
function offsetOf(root: YamlNode | null, path: FieldPath, at: 'value' | 'key'): number | undefined {
  let node: YamlNode | null | undefined = root;
  let best = root?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    if (!node) break;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === part);
      if (!pair) break;
      const key = pair.key as YamlNode;
      best = key.range?.[0] ?? best;
      node = pair.value as YamlNode | null;
      const wantsKey = at === 'key' && i === path.length - 1;
      if (node?.range && !wantsKey) best = node.range[0];
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part] as YamlNode | undefined;
      if (node?.range) best = node.range[0];
    } else {
      break;
    }
  }
  return best;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

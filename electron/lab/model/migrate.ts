// Lab files carry `topolab: <format version>`. Older formats are migrated step by
// step to the current one; a file newer than this app is refused, never guessed at.
import { CURRENT_FORMAT_VERSION } from './schema';
import type { Diagnostic } from './diagnostics';

/** A migration turns a plain object of format `from` into format `from + 1`. */
interface Migration {
  from: number;
  migrate(raw: Record<string, unknown>): Record<string, unknown>;
}

// Format 1 is the first; migrations are appended here when the format changes.
const MIGRATIONS: Migration[] = [];

export type MigrationResult =
  | { ok: true; raw: Record<string, unknown>; migratedFrom?: number }
  | { ok: false; diagnostic: Diagnostic };

export function migrateToCurrent(raw: unknown, migrations: Migration[] = MIGRATIONS): MigrationResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return refuse('not-a-lab', 'This is not a topolab lab file: its top level is not a mapping.', 'A lab file starts with `topolab: 1` and `name: <lab name>`.');
  }
  const record = raw as Record<string, unknown>;
  const version = record.topolab;
  if (version === undefined) {
    return refuse('not-a-lab', 'This is not a topolab lab file: it has no `topolab:` format version.', 'Add `topolab: 1` as the first line.');
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return refuse('bad-version', `The format version \`topolab: ${JSON.stringify(version)}\` is not a positive whole number.`, 'Write `topolab: 1`.');
  }
  if (version > CURRENT_FORMAT_VERSION) {
    return refuse(
      'format-too-new',
      `This file uses lab format ${version}, written by a newer topolab; this topolab reads formats up to ${CURRENT_FORMAT_VERSION}.`,
      'Update topolab to open it. The file was not changed.',
    );
  }
  let current = record;
  for (let v = version; v < CURRENT_FORMAT_VERSION; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) {
      return refuse('migration-missing', `No migration from lab format ${v} to ${v + 1}.`, 'Report this as a topolab bug.');
    }
    current = { ...step.migrate(current), topolab: v + 1 };
  }
  return version === CURRENT_FORMAT_VERSION ? { ok: true, raw: current } : { ok: true, raw: current, migratedFrom: version };
}

function refuse(code: string, message: string, hint: string): MigrationResult {
  return { ok: false, diagnostic: { severity: 'error', code, message, hint, path: ['topolab'] } };
}

export type { Migration };

// The template gallery: lab files shipped in a folder, offered by id.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TemplateSummary } from '../api';
import { parseLab } from '../model/parse';
import { LabApiFailure } from './failure';

export async function listTemplates(templatesDir: string): Promise<TemplateSummary[]> {
  const names = (await readdir(templatesDir).catch(() => [] as string[])).filter((n) => n.endsWith('.yaml')).sort();
  const out: TemplateSummary[] = [];
  for (const name of names) {
    const text = await readFile(join(templatesDir, name), 'utf8').catch(() => undefined);
    const parsed = text === undefined ? undefined : parseLab(text);
    if (!parsed?.ok) continue; // a broken template is not offered
    const doc = parsed.document;
    out.push({
      id: name.slice(0, -'.yaml'.length), name: doc.name, description: doc.description ?? '',
      nodes: doc.nodes?.length ?? 0, networks: doc.networks?.length ?? 0, expectations: doc.expectations?.length ?? 0,
    });
  }
  return out;
}

/** The template's lab text, and its guide (`<id>.md` beside it, Markdown) when it has one. */
export async function readTemplate(templatesDir: string, id: string): Promise<{ id: string; text: string; guide?: string }> {
  if (!/^[a-z0-9-]+$/.test(id)) throw new LabApiFailure('invalid-request', `${id} is not a template id.`);
  const [text, guide] = await Promise.all([
    readFile(join(templatesDir, `${id}.yaml`), 'utf8').catch(() => undefined),
    readFile(join(templatesDir, `${id}.md`), 'utf8').catch(() => undefined),
  ]);
  if (text === undefined) throw new LabApiFailure('not-found', `There is no template ${id}.`);
  return guide === undefined ? { id, text } : { id, text, guide };
}

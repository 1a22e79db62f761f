import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { parseLab } from './parse';
import { migrateToCurrent, type Migration } from './migrate';
import { labJsonSchemaText } from './json-schema';

const templatesDir = new URL('../../../templates/', import.meta.url);

describe('parseLab', () => {
  it('reads a minimal lab and fills defaults', () => {
    const result = parseLab('topolab: 1\nname: demo\nnodes:\n  - id: a\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.nodes?.[0]).toEqual({ id: 'a', kind: 'container' });
  });

  it('reports YAML syntax errors with line and column', () => {
    const result = parseLab('topolab: 1\nname: demo\nnodes:\n  - id: a\n   bad: [\n');
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0].code).toBe('yaml-syntax');
    expect(result.diagnostics[0].position?.line).toBeGreaterThanOrEqual(4);
  });

  it('reports an unknown field at its key, naming the node', () => {
    const result = parseLab('topolab: 1\nname: demo\nnodes:\n  - id: web\n    imgae: nginx\n');
    expect(result.ok).toBe(false);
    const d = result.diagnostics[0];
    expect(d).toMatchObject({ code: 'unknown-field', path: ['nodes', 0, 'imgae'], position: { line: 5, column: 5 }, subject: { kind: 'node', id: 'web' } });
    expect(d.message).toContain('node web');
  });

  it('reports wrong types and enum values with the allowed values', () => {
    const result = parseLab('topolab: 1\nname: demo\nnetworks:\n  - id: n\n    driver: brige\n    mtu: big\n');
    expect(result.ok).toBe(false);
    const codes = result.diagnostics.map((d) => [d.path.join('.'), d.position?.line]);
    expect(codes).toContainEqual(['networks.0.driver', 5]);
    expect(codes).toContainEqual(['networks.0.mtu', 6]);
    const driver = result.diagnostics.find((d) => d.path.join('.') === 'networks.0.driver')!;
    expect(driver.message).toContain('"bridge"');
  });

  it('reports a missing required field', () => {
    const result = parseLab('topolab: 1\nnodes: []\n');
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ path: ['name'] });
    expect(result.diagnostics[0].message).toContain('required');
  });

  it('refuses a file from a newer topolab, saying so', () => {
    const result = parseLab('topolab: 7\nname: x\n');
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: 'format-too-new', position: { line: 1, column: 10 } });
    expect(result.diagnostics[0].message).toContain('newer topolab');
  });

  it('says when a file is not a lab file', () => {
    expect(parseLab('- a\n- b\n').diagnostics[0].code).toBe('not-a-lab');
    expect(parseLab('name: x\n').diagnostics[0].code).toBe('not-a-lab');
    expect(parseLab('topolab: "one"\nname: x\n').diagnostics[0].code).toBe('bad-version');
  });

  it('rejects duplicate keys', () => {
    const result = parseLab('topolab: 1\nname: a\nname: b\n');
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0].code).toBe('yaml-syntax');
  });

  it('parses every shipped template', () => {
    for (const file of readdirSync(templatesDir).filter((f) => f.endsWith('.yaml'))) {
      const result = parseLab(readFileSync(new URL(file, templatesDir), 'utf8'));
      expect(result.diagnostics, file).toEqual([]);
    }
  });
});

describe('migrations', () => {
  it('runs migrations step by step up to the current format', () => {
    const migrations: Migration[] = [];
    const result = migrateToCurrent({ topolab: 1, name: 'x' }, migrations);
    expect(result).toEqual({ ok: true, raw: { topolab: 1, name: 'x' } });
  });

  it('refuses a gap in the migration chain rather than guessing', () => {
    // Pretend the current format were 1 but the file is 0: a missing step is a bug, not a guess.
    const result = migrateToCurrent({ topolab: 0, name: 'x' });
    expect(result.ok).toBe(false);
  });
});

describe('published JSON Schema', () => {
  it('matches the schema definition (run `npm run schema` after changing it)', () => {
    expect(readFileSync(new URL('lab.schema.json', templatesDir), 'utf8')).toBe(labJsonSchemaText());
  });

  it('forbids unknown fields, like the parser', () => {
    const schema = JSON.parse(labJsonSchemaText());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.nodes.items.additionalProperties).toBe(false);
  });
});

// The published JSON Schema of the lab file, for editors' autocompletion
// (templates/lab.schema.json; YAML files point at it with a yaml-language-server comment).
import { labJsonSchema } from './schema';

export const SCHEMA_ID = 'urn:topolab:lab-schema:1';

export function labJsonSchemaText(): string {
  const schema = { $id: SCHEMA_ID, title: 'topolab lab file', ...labJsonSchema() };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

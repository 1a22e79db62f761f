// Writes templates/lab.schema.json from the one schema definition (model/schema.ts).
// A unit test fails when the shipped file is stale, so run `npm run schema` after a schema change.
import { writeFileSync } from 'node:fs';
import { labJsonSchemaText } from '../electron/lab/model/json-schema';

writeFileSync(new URL('../templates/lab.schema.json', import.meta.url), labJsonSchemaText());
console.log('wrote templates/lab.schema.json');

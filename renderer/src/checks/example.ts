// What the Checks panel shows a lab with no expectations: one line to copy into the
// file, with the lab's own node ids when it has two (a made-up pair otherwise).
import type { LabDocument } from '../../../electron/lab/model/schema';

export function exampleExpectation(document: LabDocument | undefined): string {
  const ids = (document?.nodes ?? []).map((n) => n.id);
  const [from, to] = ids.length >= 2 ? ids : ['client', 'server'];
  return `expectations:\n  - {from: ${from}, to: ${to}, reachable: true}`;
}

// Text → everything the UI shows about it: parsed document, diagnostics, planned addresses.
import { planAddresses, type AddressingResult } from '../../../electron/lab/model/addressing';
import type { Diagnostic } from '../../../electron/lab/model/diagnostics';
import { parseLab, withPositions } from '../../../electron/lab/model/parse';
import type { LabDocument } from '../../../electron/lab/model/schema';
import { validateLab } from '../../../electron/lab/model/validate';
import { addressingDocument } from '../kinds/host/underlay';

export interface Derived {
  document?: LabDocument;
  parseOk: boolean;
  diagnostics: Diagnostic[];
  addressing?: AddressingResult;
}

export function derive(text: string, previous?: LabDocument): Derived {
  const parsed = parseLab(text);
  if (!parsed.ok) return { document: previous, parseOk: false, diagnostics: parsed.diagnostics };
  const document = parsed.document;
  // virtual hosts' underlay interfaces get addresses too (keys `${host}/${network}`)
  const addressing = planAddresses({ document: addressingDocument(document), used: [] });
  const diagnostics = [...parsed.diagnostics, ...withPositions(validateLab(document), parsed.positionOf)];
  return { document, parseOk: true, diagnostics, addressing };
}

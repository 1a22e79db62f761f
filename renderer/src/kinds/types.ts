import type { LabDocument } from '../../../electron/lab/model/schema';
import type { CanvasKind } from '../canvas/mapping';

/** What the palette and the canvas need to know about a kind. */
export interface KindDef {
  kind: CanvasKind;
  label: string;
  section: 'hosts' | 'networks' | 'nodes';
  /** First id tried (`lan1` → lan1, lan2…). */
  idBase: string;
  description: string;
  /** Fields of a new object of this kind (besides its id). */
  defaults: (doc?: LabDocument) => Record<string, unknown>;
}

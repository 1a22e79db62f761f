import type { Diagnostic } from '../../../../electron/lab/model/diagnostics';
import type { HostDef, NetworkDef, NodeDef } from '../../../../electron/lab/model/schema';
import { setItemField } from '../../store/actions';
import { labStore, useLab } from '../../store';
import { diagnosticsAt, diagnosticsOf } from './diagnostics';

type SectionOf<T> = T extends NodeDef ? 'nodes' : T extends NetworkDef ? 'networks' : 'hosts';

/** The object with this id in the document, its diagnostics, and a setter for its fields. */
export function useItem<T extends HostDef | NetworkDef | NodeDef>(section: SectionOf<T>, id: string) {
  const { list, all } = useLab((s) => ({ list: s.document?.[section] as T[] | undefined, all: s.diagnostics }));
  const index = (list ?? []).findIndex((item) => item.id === id);
  const def = index >= 0 ? (list as T[])[index] : undefined;
  const mine = diagnosticsOf(all, section, index, id);
  return {
    def,
    index,
    diagnostics: mine,
    at: (...field: (string | number)[]): Diagnostic[] => diagnosticsAt(mine, section, index, field),
    set: (field: (string | number)[], value: unknown) => setItemField(labStore, id, field, value),
  };
}

// Row keys: the same functions the engine uses to list changes (inspect/diff.ts, pure),
// so a key in `changes` names exactly one row on screen.
import type { InspectView } from '../../../electron/lab/api';
import { conntrackKey, neighbourKey, processKey, routeKey, socketKey } from '../../../electron/lab/inspect/diff';
import type { ChangedSection } from './marks';

export { conntrackKey, neighbourKey, processKey, routeKey, socketKey };

/** The keys of every row of the highlighted sections, as now shown. */
export function presentKeys(view: Pick<InspectView, ChangedSection>): Record<ChangedSection, ReadonlySet<string>> {
  return {
    neighbours: new Set(view.neighbours.map(neighbourKey)),
    sockets: new Set(view.sockets.map(socketKey)),
    routes: new Set(view.routes.map(routeKey)),
    conntrack: new Set(view.conntrack.map(conntrackKey)),
    processes: new Set(view.processes.map(processKey)),
  };
}

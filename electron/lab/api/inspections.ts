// labInspect: one node's inside, with what changed since the previous inspection of the
// same node (the Inspector refreshes live and highlights new ARP entries, sockets…).
import type { ChangeList, InspectView, LabApiRequest } from '../api';
import { checkLabText } from '../lab-service';
import { inspectNode, InspectError } from '../inspect-service';
import { inspectionChanges, type ChangedKeys } from '../inspect/diff';
import type { NodeInspectionView } from '../inspect/types';
import type { WithDocker } from './engine-connection';
import { LabApiFailure } from './failure';

const asList = (c: ChangedKeys): ChangeList => ({ added: [...c.added], changed: [...c.changed], removed: c.removed });

export function createInspections(withDocker: WithDocker): { inspect(request: LabApiRequest<'labInspect'>): Promise<InspectView> } {
  /** The last inspection of each lab/node: the baseline of the next one's changes. */
  const previous = new Map<string, NodeInspectionView>();

  async function inspect({ text, node }: LabApiRequest<'labInspect'>): Promise<InspectView> {
    const checked = checkLabText(text);
    if (!checked.document) throw new LabApiFailure('invalid-request', `The lab file cannot be read: ${checked.diagnostics[0]?.message ?? 'unknown error'}`);
    let view: NodeInspectionView;
    try {
      view = await withDocker((docker) => inspectNode(docker, checked.document!, node));
    } catch (error) {
      if (error instanceof InspectError) throw new LabApiFailure('invalid-request', error.message);
      throw error;
    }
    const key = `${view.lab}/${node}`;
    const changes = inspectionChanges(previous.get(key), view);
    previous.set(key, view);
    return {
      ...view,
      changes: {
        neighbours: asList(changes.neighbours), sockets: asList(changes.sockets), routes: asList(changes.routes),
        conntrack: asList(changes.conntrack), processes: asList(changes.processes),
      },
    };
  }

  return { inspect };
}

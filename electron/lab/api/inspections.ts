// labInspect: one node's inside, with what changed since the previous inspection of the
// same node (the Inspector refreshes live and highlights new ARP entries, sockets…).
import type { ChangeList, InspectView, LabApiRequest } from '../api';
import { checkLabText } from '../lab-service';
import { inspectNode, InspectError } from '../inspect-service';
import { inspectionChanges, type ChangedKeys } from '../inspect/diff';
import type { HostInspection, NetworkInspection, NodeInspectionView } from '../inspect/types';
import { inspectHost, inspectNetwork, InspectNetworkError } from '../inspect-host';
import type { LabDocument } from '../model/schema';
import type { WithDocker } from './engine-connection';
import { LabApiFailure } from './failure';

const asList = (c: ChangedKeys): ChangeList => ({ added: [...c.added], changed: [...c.changed], removed: c.removed });

export interface Inspections {
  inspect(request: LabApiRequest<'labInspect'>): Promise<InspectView>;
  network(request: LabApiRequest<'labInspectNetwork'>): Promise<NetworkInspection>;
  host(request: LabApiRequest<'labInspectHost'>): Promise<HostInspection>;
}

function documentOf(text: string): LabDocument {
  const checked = checkLabText(text);
  if (!checked.document) throw new LabApiFailure('invalid-request', `The lab file cannot be read: ${checked.diagnostics[0]?.message ?? 'unknown error'}`);
  return checked.document;
}

/** Errors that say what to do travel as 'invalid-request' with their message. */
function explained<T>(run: () => Promise<T>): Promise<T> {
  return run().catch((error: unknown) => {
    if (error instanceof InspectError || error instanceof InspectNetworkError) throw new LabApiFailure('invalid-request', error.message);
    throw error;
  });
}

export function createInspections(withDocker: WithDocker): Inspections {
  /** The last inspection of each lab/node: the baseline of the next one's changes. */
  const previous = new Map<string, NodeInspectionView>();

  async function inspect({ text, node }: LabApiRequest<'labInspect'>): Promise<InspectView> {
    const document = documentOf(text);
    const view = await explained(() => withDocker((docker) => inspectNode(docker, document, node)));
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

  return {
    inspect,
    network: ({ text, network }) => { const document = documentOf(text); return explained(() => withDocker((docker) => inspectNetwork(docker, document, network))); },
    host: ({ text, host }) => { const document = documentOf(text); return explained(() => withDocker((docker) => inspectHost(docker, document, host))); },
  };
}

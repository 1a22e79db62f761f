import type { LabStateEvent, NodeLiveState } from '../../../electron/lab/api';
import { applyHostEvent, applyHostProgress, applyHostStatus } from './host-live';
import type { DeployItem, LiveNode, LiveSlice, Slice } from './types';

/** The engine's words for a stopped container, from a status line ("Exited (3) 2 seconds ago"):
 *  labStatus has no message field, and the events say "exited with code 3", so both read alike. */
export function messageFromStatus(state: NodeLiveState['state'], status: string): string | undefined {
  if (state === 'exited') {
    const code = /Exited \((-?\d+)\)/.exec(status)?.[1];
    return code === undefined ? undefined : `exited with code ${code}`;
  }
  return state === 'dead' ? status || 'dead' : undefined;
}

/** An event updates a node without losing what only labStatus knows (its live addresses). */
function merge(prev: LiveNode | undefined, event: LabStateEvent): LiveNode {
  const gone = event.state === 'missing';
  // kill/oom come before die: keep their message while the state does not change.
  const message = event.message ?? (prev?.state === event.state ? prev.message : undefined) ?? messageFromStatus(event.state, event.status);
  return { state: event.state, status: event.status, message, interfaces: gone ? undefined : prev?.interfaces };
}

export const createLiveSlice: Slice<LiveSlice> = (set, get) => ({
  liveLab: undefined,
  liveNodes: {},
  liveHosts: {},
  deploy: undefined,
  applyLabState(event) {
    const { liveLab, liveNodes, liveHosts } = get();
    if (liveLab !== undefined && event.lab !== liveLab) return;
    if (event.kind === 'host') return set({ liveLab: event.lab, liveHosts: applyHostEvent(liveHosts, event) });
    set({ liveLab: event.lab, liveNodes: { ...liveNodes, [event.node]: merge(liveNodes[event.node], event) } });
  },
  applyStatus(lab, nodes, hosts) {
    const liveNodes: LiveSlice['liveNodes'] = {};
    for (const n of nodes) {
      liveNodes[n.id] = { state: n.state, status: n.status, message: messageFromStatus(n.state, n.status), interfaces: n.state === 'missing' ? undefined : n.interfaces };
    }
    // another lab's hosts mean nothing here
    const { liveLab, liveHosts } = get();
    const before = liveLab === undefined || liveLab === lab ? liveHosts : {};
    set({ liveLab: lab, liveNodes, liveHosts: hosts ? applyHostStatus(before, hosts) : before });
  },
  applyDeployProgress(event) {
    const current = get().deploy;
    const items: DeployItem[] = event.type === 'started' && !current ? [] : [...(current?.items ?? [])];
    if (event.key) {
      const index = items.findIndex((item) => item.key === event.key);
      const status: DeployItem['status'] = event.type === 'failed' ? 'failed' : event.type === 'finished' ? 'done' : 'running';
      const item: DeployItem = { key: event.key, label: event.label ?? items[index]?.label ?? event.key, status, message: event.message };
      if (index >= 0) items[index] = item;
      else items.push(item);
    }
    const phase = event.type === 'done' ? (event.counts.failed > 0 ? 'failed' : 'done') : event.type === 'aborted' ? 'aborted' : 'running';
    set({ deploy: { phase, items, counts: event.counts }, liveHosts: applyHostProgress(get().liveHosts, event) });
  },
  resetLive(lab) {
    set({ liveLab: lab, liveNodes: {}, liveHosts: {}, deploy: undefined });
  },
});

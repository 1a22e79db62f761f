import type { DeployItem, LiveSlice, Slice } from './types';

export const createLiveSlice: Slice<LiveSlice> = (set, get) => ({
  liveLab: undefined,
  liveNodes: {},
  deploy: undefined,

  applyLabState(event) {
    const { liveLab, liveNodes } = get();
    if (liveLab !== undefined && event.lab !== liveLab) return;
    set({ liveLab: event.lab, liveNodes: { ...liveNodes, [event.node]: { state: event.state, status: event.status, message: event.message } } });
  },

  applyStatus(lab, nodes) {
    const liveNodes: LiveSlice['liveNodes'] = {};
    for (const n of nodes) liveNodes[n.id] = { state: n.state, status: n.status };
    set({ liveLab: lab, liveNodes });
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
    set({ deploy: { phase, items, counts: event.counts } });
  },

  resetLive(lab) {
    set({ liveLab: lab, liveNodes: {}, deploy: undefined });
  },
});

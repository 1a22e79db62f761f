// Questions about the store that several parts of the UI ask.
import type { LabStore, SidebarTab } from './types';

/** The engine runs this lab: its live state is this lab's and some node is up. */
export function isLabRunning(state: Pick<LabStore, 'document' | 'liveLab' | 'liveNodes'>): boolean {
  const name = state.document?.name;
  return !!name && state.liveLab === name && Object.values(state.liveNodes).some((n) => n.state === 'running');
}

/** What the sidebar shows: the Inspector when open, else its tab (Guide only while the lab has one). */
export function sidebarView(state: Pick<LabStore, 'inspectorOpen' | 'sidebarTab' | 'guide'>): SidebarTab | 'inspector' {
  if (state.inspectorOpen) return 'inspector';
  return state.sidebarTab === 'guide' && !state.guide ? 'properties' : state.sidebarTab;
}

// The consoles drawer's tabs, one per node (pure). A node has at most one console:
// asking again brings its tab to the front instead of opening a second shell.

export interface ConsoleTab {
  node: string;
  /** 'opening' until consoleOpen answers; 'ended' after consoleExit; 'failed' when it could not open. */
  status: 'opening' | 'open' | 'ended' | 'failed';
  /** Where the shell runs: the node itself, or a sidecar sharing its namespaces (image without a shell). */
  via?: 'node' | 'sidecar';
  /** The engine's console id while a session is open. */
  id?: string;
}

export interface Tabs {
  tabs: ConsoleTab[];
  active?: string;
}

/** Opens (or brings forward) the console of `node`; it becomes the active tab. */
export function openTab(state: Tabs, node: string): Tabs {
  if (state.tabs.some((t) => t.node === node)) return { tabs: state.tabs, active: node };
  return { tabs: [...state.tabs, { node, status: 'opening' }], active: node };
}

/** Closes a tab; when it was in front, its right neighbour (else its left one) comes forward. */
export function closeTab(state: Tabs, node: string): Tabs {
  const index = state.tabs.findIndex((t) => t.node === node);
  if (index < 0) return state;
  const tabs = state.tabs.filter((t) => t.node !== node);
  if (state.active !== node) return { tabs, active: state.active };
  return { tabs, active: (tabs[index] ?? tabs[index - 1])?.node };
}

export function patchTab(state: Tabs, node: string, patch: Partial<Omit<ConsoleTab, 'node'>>): Tabs {
  if (!state.tabs.some((t) => t.node === node)) return state;
  return { tabs: state.tabs.map((t) => (t.node === node ? { ...t, ...patch } : t)), active: state.active };
}

/** The tab's title: the node, and where its shell really runs when that is not the node. */
export function tabTitle(tab: Pick<ConsoleTab, 'node' | 'via'>): string {
  return tab.via === 'sidecar' ? `${tab.node} via sidecar` : tab.node;
}

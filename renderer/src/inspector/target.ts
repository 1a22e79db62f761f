// What the Inspector looks at, and whether it can: pure questions about the store, so
// the panel and its polling agree, and tests can ask them too.
import type { LabStore } from '../store/types';

export type InspectTarget =
  | { key: string; kind: 'node'; id: string }
  | { key: string; kind: 'network'; id: string }
  | { key: 'host'; kind: 'host' };

type State = Pick<LabStore, 'document' | 'selected' | 'inspectorHost' | 'liveLab' | 'liveNodes'>;

/** The Host view, else the one selected node or network; undefined with anything else selected. */
export function inspectTarget(state: Pick<State, 'document' | 'selected' | 'inspectorHost'>): InspectTarget | undefined {
  if (state.inspectorHost) return { key: 'host', kind: 'host' };
  if (state.selected.length !== 1) return undefined;
  const id = state.selected[0];
  if (state.document?.nodes?.some((n) => n.id === id)) return { key: `node:${id}`, kind: 'node', id };
  if (state.document?.networks?.some((n) => n.id === id)) return { key: `network:${id}`, kind: 'network', id };
  return undefined;
}

/** The key alone: a string the panel can subscribe to without re-rendering on every store change. */
export function inspectTargetKey(state: Pick<State, 'document' | 'selected' | 'inspectorHost'>): string | undefined {
  return inspectTarget(state)?.key;
}

/** Why the target cannot be inspected now (nothing to ask the engine), in one sentence. */
export function inspectBlocker(state: State, target: InspectTarget | undefined): string | undefined {
  if (!target) {
    if (state.selected.length > 1) return 'Select one node or network to inspect it.';
    if (state.selected.length === 1) return `${state.selected[0]} is a host group: select a node or network in it, or look at the Docker host (Host).`;
    return 'Select a node or a network to inspect it, or look at the Docker host (Host).';
  }
  if (target.kind === 'host') return undefined;
  const deployed = !!state.document && state.liveLab === state.document.name;
  if (target.kind === 'network') {
    return deployed && Object.values(state.liveNodes).some((n) => n.state === 'running') ? undefined : 'Deploy the lab to inspect it.';
  }
  const live = deployed ? state.liveNodes[target.id] : undefined;
  if (!live || live.state === 'missing') return 'Deploy the lab to inspect it.';
  if (live.state !== 'running') return `${target.id} is ${live.state}: its namespaces exist only while it runs. Deploy again to start it.`;
  return undefined;
}

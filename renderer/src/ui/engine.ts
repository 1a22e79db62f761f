// Deploy, watch and destroy: the engine calls behind the toolbar buttons.
import { errorMessage, labApi } from '../api/client';
import { labStore } from '../store';
import { plural } from '../kinds/shared/format';
import { consoleRouter } from '../console/output-router';

let subscribed = false;

/** Routes engine events into the store (once). */
export function subscribeToEngine(): void {
  if (subscribed) return;
  subscribed = true;
  const api = labApi();
  api.on('labState', (e) => {
    labStore.getState().applyLabState(e);
    // Events carry no addresses: a node or host that (re)starts gets them from a status read
    // (which also tells whether a host's engine answers).
    const known = e.kind === 'host' ? labStore.getState().liveHosts[e.node]?.state === 'running' : !!labStore.getState().liveNodes[e.node]?.interfaces?.length;
    if (e.state === 'running' && !known) refreshSoon();
  });
  api.on('deployProgress', (e) => labStore.getState().applyDeployProgress(e));
  api.on('traceProgress', (e) => {
    if (e.lab === labStore.getState().document?.name) labStore.getState().setTracePhase(e.phase);
  });
  api.on('traffic', (e) => labStore.getState().applyTraffic(e));
  // Run checks: each expectation as the engine decides it (the slice keeps its own lab's).
  api.on('expectationResult', (e) => labStore.getState().applyCheckResult(e));
  // Shell output goes straight to its terminal, not through the store (it is a stream, not state).
  api.on('consoleOutput', (e) => consoleRouter.output(e.id, e.data));
  api.on('consoleExit', (e) => consoleRouter.exit(e.id, e.code));
}

/** Starts watching the lab's containers and seeds their state from a status read. */
export async function watchLab(): Promise<void> {
  const { document, text } = labStore.getState();
  if (!document) return;
  const lab = document.name;
  // the text lets the engine watch the lab's remote hosts too
  await labApi().labWatch({ lab, watch: true, text });
  const status = await labApi().labStatus({ text });
  labStore.getState().applyStatus(status.lab, status.nodes, status.hosts);
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;

/** One status read for a burst of events (a deploy starts many containers at once). */
function refreshSoon(): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    const { text, liveLab, document } = labStore.getState();
    if (!document || document.name !== liveLab) return;
    labApi().labStatus({ text }).then((status) => labStore.getState().applyStatus(status.lab, status.nodes, status.hosts)).catch(() => undefined);
  }, 300);
}

export async function destroyLab(): Promise<string> {
  const { document, text } = labStore.getState();
  const lab = document?.name;
  if (!lab) return 'The lab has no name.';
  try {
    // with the text, the lab's remote hosts are cleaned too
    const out = await labApi().labDestroy({ lab, text });
    labStore.getState().resetLive(lab);
    const failed = out.failed.map((f) => `${f.kind} ${f.name}: ${f.message}`);
    return failed.length
      ? `Some objects could not be removed: ${failed.join('; ')}`
      : `Removed ${plural(out.removedContainers.length, 'container')} and ${plural(out.removedNetworks.length, 'network')}.`;
  } catch (e) {
    return errorMessage(e);
  }
}

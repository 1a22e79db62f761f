// How a virtual host's live state reads on its box and in its panel (pure).
import type { HostLive } from '../../store/types';
import type { LiveView } from '../shared/live-info';

const DETAIL: Record<HostLive['state'], string> = {
  starting: 'its Docker engine is being started',
  running: 'its Docker engine runs',
  stopped: 'its container is stopped',
  removing: 'being removed with everything in it',
  error: 'failed',
};

/** Badge classes (live-*) shared with nodes' badges. */
const CLS: Record<HostLive['state'], string> = { starting: 'starting', running: 'running', stopped: 'exited', removing: 'removing', error: 'error' };

/** Badge class suffix and text (the current step while one runs), and the engine's words. */
export function hostLiveView(live: HostLive | undefined): LiveView | undefined {
  if (!live) return undefined;
  const failed = live.state === 'error';
  const label = failed ? 'error' : (live.step ?? live.state);
  const detail = live.message ?? (live.step && live.step !== live.state ? `${live.step}…` : DETAIL[live.state]);
  return { cls: CLS[live.state], label, detail, failed };
}

// How a node's live state reads on its badge and in its panel: one place, so both agree.
import type { LiveNode } from '../../store/types';

export interface LiveView {
  /** Badge class suffix and text: the state, or "error" when it stopped badly. */
  cls: string;
  label: string;
  /** The engine's message (exit code, signal…), else its status line. */
  detail: string;
  failed: boolean;
}

/** A clean exit (code 0, `docker stop`) is not an error; a non-zero code, a kill or death is. */
export function liveView(live: LiveNode | undefined): LiveView | undefined {
  if (!live || live.state === 'missing') return undefined;
  const code = /code (-?\d+)/.exec(live.message ?? '')?.[1];
  const failed = live.state === 'dead' || (live.state === 'exited' && !!live.message && code !== '0');
  return { cls: failed ? 'error' : live.state, label: failed ? 'error' : live.state, detail: live.message ?? readableStatus(live.status), failed };
}

/** The engine's status can carry a raw timestamp ("Up since 2026-01-02T06:12:51.7168Z"):
 *  shown as local date and time, to the second. */
export function readableStatus(status: string): string {
  return status.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, (iso) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
  });
}

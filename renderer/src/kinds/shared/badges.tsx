import type { LiveNode } from '../../store/types';
import { liveView, readableStatus } from './live-info';

/** Live state pill: created / running / exited / error, with the engine's words on hover. */
export function LiveBadge({ live }: { live?: LiveNode }) {
  const view = liveView(live);
  if (!view) return null;
  return (
    <span className={`live-badge live-${view.cls}`} title={view.detail} data-testid="live-badge">
      {view.label}
    </span>
  );
}

/** The same, spelled out for the properties panel: state, status line and the engine's message. */
export function LiveSummary({ live }: { live?: LiveNode }) {
  const view = liveView(live);
  if (!view || !live) return null;
  return (
    <div className={`live-summary${view.failed ? ' sev-error' : ''}`} data-testid="live-summary" data-state={live.state}>
      <LiveBadge live={live} />
      <span className="live-status">{readableStatus(live.status)}</span>
      {live.message && <span className="live-message" data-testid="live-message">{live.message}</span>}
    </div>
  );
}

export function ProblemBadge({ errors, warnings }: { errors: number; warnings: number }) {
  if (!errors && !warnings) return null;
  return (
    <span className={`problem-badge ${errors ? 'sev-error' : 'sev-warning'}`} title={`${errors} error(s), ${warnings} warning(s)`}>
      {errors || warnings}
    </span>
  );
}

import type { LiveNode } from '../../store/types';

/** Live state pill: created / running / exited / error, with the engine's words on hover. */
export function LiveBadge({ live }: { live?: LiveNode }) {
  if (!live || live.state === 'missing') return null;
  const failed = live.state === 'dead' || (live.state === 'exited' && !!live.message);
  const cls = failed ? 'error' : live.state;
  return (
    <span className={`live-badge live-${cls}`} title={live.message ?? live.status} data-testid="live-badge">
      {failed ? 'error' : live.state}
    </span>
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

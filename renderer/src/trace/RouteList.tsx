import type { RouteDecision } from '../../../electron/lab/trace/types';

/** `ip route get` where the packet started and at each router that forwarded it. */
export function RouteList({ routes }: { routes: RouteDecision[] }) {
  if (routes.length === 0) return null;
  return (
    <div className="trace-routes" data-testid="trace-routes">
      <h3>Route decisions</h3>
      <ul>
        {routes.map((r, i) => (
          <li key={i} className={r.ok ? '' : 'sev-error'}><strong>{r.place}</strong> <code>{r.text}</code></li>
        ))}
      </ul>
    </div>
  );
}

import { useEffect } from 'react';
import { labStore, useLab } from '../store';
import { HostView } from './host/HostView';
import { NetworkView } from './network/NetworkView';
import { NodeView } from './node/NodeView';
import { inspectBlocker, inspectTarget } from './target';
import { useInspection } from './use-inspection';

/** The Inspector: the selected node's namespaces, the selected network, or the Docker
 *  host, refreshed live while shown. Rendered only while its sidebar tab is open. */
export function InspectorPanel() {
  useInspection();
  const s = useLab((st) => {
    const target = inspectTarget(st);
    const node = target?.kind === 'node' ? target.id : undefined;
    return {
      target: target?.key, kind: target?.kind, id: target && target.kind !== 'host' ? target.id : undefined,
      blocker: inspectBlocker(st, target),
      inspection: st.inspection && st.inspection.target === target?.key ? st.inspection : undefined,
      error: st.inspectError && st.inspectError.target === target?.key ? st.inspectError.message : undefined,
      host: st.inspectorHost,
      running: node !== undefined && st.liveLab === st.document?.name && st.liveNodes[node]?.state === 'running',
      isRouter: node !== undefined && st.document?.nodes?.find((n) => n.id === node)?.kind === 'router',
    };
  });
  // What the mouse was over belongs to the view being left.
  useEffect(() => () => labStore.getState().highlightNodes([]), [s.target]);

  const title = s.kind === 'host' ? 'Docker host' : s.kind === 'network' ? `Network · ${s.id}` : s.kind === 'node' ? `${s.isRouter ? 'Router' : 'Container'} · ${s.id}` : 'Inspector';
  const view = s.inspection?.view;
  return (
    <section className="inspector" data-testid="inspector" data-target={s.target} aria-label="Inspector">
      <header className="inspector-head">
        <h2 title={title}>{title}</h2>
        {view && !s.blocker && (
          <span className={`inspector-live${s.error ? ' stale' : ''}`} data-testid="inspector-live" title={`Refreshed live; the last answer took ${view.tookMs} ms`}>
            <span className="live-dot" aria-hidden />
            {s.error ? 'stale' : 'live'} · {view.tookMs} ms
          </span>
        )}
        <span className="spacer" />
        {s.kind === 'node' && (
          <button type="button" data-testid="inspector-console" disabled={!s.running} onClick={() => labStore.getState().openConsole(s.id!)}
            title={s.running ? `Open a shell in ${s.id} (or double-click it on the canvas)` : 'Deploy the lab first: a console runs in the running container'}>Console</button>
        )}
        <button type="button" className="toggle" data-testid="inspector-host" aria-pressed={s.host} onClick={() => labStore.getState().setInspectorHost(!s.host)}
          title={s.host ? 'Back to the selection' : "The Docker host: its bridges, veths and Docker's iptables chains"}>Host</button>
      </header>
      {s.error && (
        <p className="inspect-error sev-error" role="alert" data-testid="inspect-error">
          {s.error}{view ? ' (showing the last answer)' : ''}
        </p>
      )}
      <div className="inspector-body">
        {s.blocker ? <p className="panel-note inspect-blocker" data-testid="inspect-blocker">{s.blocker}</p>
          : !s.inspection ? (!s.error && <p className="inspect-loading" role="status"><span className="spinner" aria-hidden />Inspecting {s.kind === 'host' ? 'the host' : s.id}…</p>)
          : (
            <>
              {s.inspection.view.errors.length > 0 && (
                <ul className="inspect-partial" data-testid="inspect-partial">
                  {s.inspection.view.errors.map((e) => <li key={e}>{e}</li>)}
                </ul>
              )}
              {s.inspection.kind === 'node' && <NodeView view={s.inspection.view} />}
              {s.inspection.kind === 'network' && <NetworkView view={s.inspection.view} />}
              {s.inspection.kind === 'host' && <HostView view={s.inspection.view} />}
            </>
          )}
      </div>
    </section>
  );
}

import { labStore, useLab } from '../store';
import { EventList } from './EventList';
import { ExportLinks } from './ExportLinks';
import { LayerDetails } from './LayerDetails';
import { PlaybackControls } from './PlaybackControls';
import { RouteList } from './RouteList';
import { TraceForm } from './TraceForm';
import { usePlayback } from './use-playback';
import { VerdictBanner } from './VerdictBanner';

/** The trace drawer under the canvas: what to send (left), every hop the captures saw
 *  (middle), the selected hop's headers (right). Rendered only while open. */
export function TracePanel() {
  usePlayback();
  const { trace, selectedHop } = useLab((s) => ({ trace: s.trace, selectedHop: s.selectedHop }));
  const hop = trace && selectedHop !== undefined ? trace.hops[selectedHop] : undefined;
  return (
    <section className="trace-drawer" data-testid="trace-panel" aria-label="Trace">
      <header className="trace-head">
        <h2>Trace</h2>
        {trace && (
          <span className="trace-summary" data-testid="trace-summary">
            {trace.from} → {trace.targetNode ?? trace.to} ({trace.targetIp}{trace.port ? `:${trace.port}` : ''}) · {trace.protocol.toUpperCase()} · {trace.hops.length} hops · {(trace.timings.totalMs / 1000).toFixed(1)} s
          </span>
        )}
        <span className="spacer" />
        {trace && <ExportLinks trace={trace} />}
        <button type="button" className="icon-button" aria-label="Close the trace panel" title="Close (the trace stays until another lab is opened)" onClick={() => labStore.getState().setTraceOpen(false)}>✕</button>
      </header>
      <div className="trace-body">
        <div className="trace-col trace-setup">
          <TraceForm />
          {trace && <VerdictBanner verdict={trace.verdict} />}
          {trace && <PlaybackControls />}
        </div>
        <div className="trace-col trace-middle">
          {trace ? <EventList hops={trace.hops} /> : <p className="panel-note trace-intro">Pick where a packet starts and where it goes, then Trace: topolab sends one real packet through the running lab, captures it on every interface it crosses, and replays its path on the canvas.</p>}
          {trace && <RouteList routes={trace.routes} />}
        </div>
        <div className="trace-col trace-detail">
          {trace && <LayerDetails hop={hop} />}
        </div>
      </div>
    </section>
  );
}

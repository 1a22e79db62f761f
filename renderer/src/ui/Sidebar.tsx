import { ChecksPanel } from '../checks/ChecksPanel';
import { checksSummary, currentRun } from '../checks/progress';
import { GuidePanel } from '../guide/GuidePanel';
import { InspectorPanel } from '../inspector/InspectorPanel';
import { labStore, useLab } from '../store';
import { sidebarView } from '../store/selectors';
import type { SidebarTab } from '../store/types';
import { DiagnosticsList } from './DiagnosticsList';
import { PropertiesPanel } from './PropertiesPanel';

/** The right sidebar: Properties (edit the lab), Inspector (what the running lab really has),
 *  Checks (its expectations, checked for real) and, for a lab opened from a template, its Guide. */
export function Sidebar() {
  const view = useLab(sidebarView);
  return (
    <aside className="sidebar">
      <SidebarTabs view={view} />
      {view === 'inspector' ? <InspectorPanel />
        : view === 'checks' ? <ChecksPanel />
        : view === 'guide' ? <GuidePanel />
        : (
          <>
            <PropertiesPanel />
            <DiagnosticsList />
          </>
        )}
    </aside>
  );
}

function SidebarTabs({ view }: { view: ReturnType<typeof sidebarView> }) {
  const s = useLab((st) => {
    const expectations = st.document?.expectations;
    const summary = checksSummary(currentRun(st.checks, expectations), expectations?.length ?? 0);
    return { hasGuide: !!st.guide, checksOk: summary?.ok };
  });
  const show = (tab: SidebarTab) => labStore.getState().setSidebarTab(tab);
  return (
    <div className="sidebar-tabs" role="tablist" aria-label="Sidebar">
      <button type="button" role="tab" aria-selected={view === 'properties'} data-testid="sidebar-properties" onClick={() => show('properties')}>Properties</button>
      <button type="button" role="tab" aria-selected={view === 'inspector'} data-testid="sidebar-inspector" onClick={() => labStore.getState().setInspectorOpen(true)}
        title="What the running lab really has: a node's namespaces, a network's bridge, the Docker host">Inspector</button>
      <button type="button" role="tab" aria-selected={view === 'checks'} data-testid="checks-tab" onClick={() => show('checks')}
        title="The lab's expectations, checked for real">
        Checks{s.checksOk !== undefined && <span className={`tab-dot ${s.checksOk ? 'ok' : 'sev-error'}`} aria-label={s.checksOk ? 'all hold' : 'some fail'} />}
      </button>
      {s.hasGuide && (
        <button type="button" role="tab" aria-selected={view === 'guide'} data-testid="guide-tab" onClick={() => show('guide')}
          title="What the template this lab came from explains">Guide</button>
      )}
    </div>
  );
}

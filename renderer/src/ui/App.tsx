import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useState } from 'react';
import { Canvas } from '../canvas/Canvas';
import { ConsoleDrawer } from '../console/ConsoleDrawer';
import { InspectorPanel } from '../inspector/InspectorPanel';
import { labStore, useLab } from '../store';
import { TracePanel } from '../trace/TracePanel';
import { useTrafficWatch } from '../traffic/use-traffic-watch';
import { DeployDialog } from './DeployDialog';
import { DestroyDialog } from './DestroyDialog';
import { DiagnosticsList } from './DiagnosticsList';
import { FileDialog, quickSave } from './FileDialog';
import { Palette } from './Palette';
import { PropertiesPanel } from './PropertiesPanel';
import { useShortcuts } from './shortcuts';
import { TemplatesDialog } from './TemplatesDialog';
import { Toolbar, type DialogName } from './Toolbar';

export function App() {
  const { theme, traceOpen, inspectorOpen } = useLab((s) => ({ theme: s.theme, traceOpen: s.traceOpen, inspectorOpen: s.inspectorOpen }));
  const [dialog, setDialog] = useState<DialogName>();
  const [notice, setNotice] = useState<string>();
  const close = useCallback(() => setDialog(undefined), []);
  const save = useCallback(async () => {
    const done = await quickSave();
    if (done === false) setDialog('save');
    else if (typeof done === 'string') setNotice(done);
    else setNotice(undefined);
  }, []);
  useShortcuts(save);
  useTrafficWatch();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar openDialog={setDialog} onSave={save} />
        {notice && <div className="notice sev-error" role="alert" onClick={() => setNotice(undefined)}>{notice}</div>}
        <main className={`workspace${inspectorOpen ? ' inspecting' : ''}`}>
          <Palette />
          <Canvas />
          <aside className="sidebar">
            <SidebarTabs inspectorOpen={inspectorOpen} />
            {inspectorOpen ? <InspectorPanel /> : (
              <>
                <PropertiesPanel />
                <DiagnosticsList />
              </>
            )}
          </aside>
        </main>
        {traceOpen && <TracePanel />}
        <ConsoleDrawer />
        {dialog === 'templates' && <TemplatesDialog onClose={close} />}
        {(dialog === 'open' || dialog === 'save') && <FileDialog mode={dialog} onClose={close} />}
        {dialog === 'deploy' && <DeployDialog onClose={close} />}
        {dialog === 'destroy' && <DestroyDialog onClose={close} />}
      </div>
    </ReactFlowProvider>
  );
}

/** Properties (edit the lab) or Inspector (what the running lab really has): the sidebar shows one. */
function SidebarTabs({ inspectorOpen }: { inspectorOpen: boolean }) {
  const open = (inspector: boolean) => labStore.getState().setInspectorOpen(inspector);
  return (
    <div className="sidebar-tabs" role="tablist" aria-label="Sidebar">
      <button type="button" role="tab" aria-selected={!inspectorOpen} data-testid="sidebar-properties" onClick={() => open(false)}>Properties</button>
      <button type="button" role="tab" aria-selected={inspectorOpen} data-testid="sidebar-inspector" onClick={() => open(true)}
        title="What the running lab really has: a node's namespaces, a network's bridge, the Docker host">Inspector</button>
    </div>
  );
}

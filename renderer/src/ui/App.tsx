import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useState } from 'react';
import { Canvas } from '../canvas/Canvas';
import { ConsoleDrawer } from '../console/ConsoleDrawer';
import { useLab } from '../store';
import { sidebarView } from '../store/selectors';
import { TracePanel } from '../trace/TracePanel';
import { useTrafficWatch } from '../traffic/use-traffic-watch';
import { DeployDialog } from './DeployDialog';
import { DestroyDialog } from './DestroyDialog';
import { FileDialog, quickSave } from './FileDialog';
import { Palette } from './Palette';
import { useShortcuts } from './shortcuts';
import { Sidebar } from './Sidebar';
import { TemplatesDialog } from './TemplatesDialog';
import { Toolbar, type DialogName } from './Toolbar';

export function App() {
  const { theme, traceOpen, view } = useLab((s) => ({ theme: s.theme, traceOpen: s.traceOpen, view: sidebarView(s) }));
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
        {/* The Inspector's tables, and the guide's and checks' sentences, want a wider sidebar. */}
        <main className={`workspace${view === 'inspector' ? ' inspecting' : view === 'guide' || view === 'checks' ? ' reading' : ''}`}>
          <Palette />
          <Canvas />
          <Sidebar />
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

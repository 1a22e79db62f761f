import { lazy, Suspense, useEffect, useRef, type PointerEvent } from 'react';
import { labStore, useLab } from '../store';
import { closeAllConsoles } from './session';
import type { ConsoleTab } from './tabs';

// The terminal emulator is loaded with the first console, not with every start-up.
const ConsoleTerminal = lazy(() => import('./ConsoleTerminal').then((m) => ({ default: m.ConsoleTerminal })));

/** The consoles drawer under the canvas: one tab per node, each an xterm. It stays mounted
 *  while hidden so the shells keep running; leaving the page closes them. */
export function ConsoleDrawer() {
  const s = useLab((st) => ({ tabs: st.consoles, active: st.activeConsole, shown: st.consolesShown, height: st.consoleHeight }));
  useEffect(() => {
    window.addEventListener('pagehide', closeAllConsoles);
    return () => window.removeEventListener('pagehide', closeAllConsoles);
  }, []);
  if (s.tabs.length === 0 && !s.shown) return null;
  return (
    <section className={`console-drawer${s.shown ? '' : ' hidden'}`} style={{ height: s.height }} data-testid="console-drawer" aria-label="Consoles">
      <ResizeEdge />
      <header className="console-head">
        <div className="console-tabs" role="tablist" aria-label="Consoles">
          {s.tabs.map((tab) => <Tab key={tab.node} tab={tab} active={tab.node === s.active} />)}
        </div>
        <span className="spacer" />
        <span className="console-hint">Esc returns to the canvas</span>
        <button type="button" className="icon-button" aria-label="Hide the consoles" title="Hide (the shells keep running)" onClick={() => labStore.getState().setConsolesShown(false)}>✕</button>
      </header>
      <div className="console-body">
        {s.tabs.length === 0 && <p className="panel-note console-intro">Double-click a running node on the canvas to open a shell in it.</p>}
        <Suspense fallback={<p className="panel-note console-intro">Starting the terminal…</p>}>
          {s.tabs.map((tab) => <ConsoleTerminal key={tab.node} node={tab.node} active={tab.node === s.active} />)}
        </Suspense>
      </div>
    </section>
  );
}

const STATUS_TEXT: Record<ConsoleTab['status'], string> = { opening: 'starting…', open: 'connected', ended: 'ended: press Enter in it to reconnect', failed: 'could not open' };

function Tab({ tab, active }: { tab: ConsoleTab; active: boolean }) {
  return (
    <div role="tab" aria-selected={active} tabIndex={-1} className={`console-tab${active ? ' active' : ''}`} data-testid={`console-tab-${tab.node}`} data-status={tab.status} data-via={tab.via}
      title={`${tab.node}: ${STATUS_TEXT[tab.status]}${tab.via === 'sidecar' ? " (its image has no shell: this one runs in a sidecar sharing the node's namespaces)" : ''}`}
      onClick={() => labStore.getState().activateConsole(tab.node)}>
      <span className={`console-dot status-${tab.status}`} aria-hidden />
      <span className="console-tab-title">{tab.node}</span>
      {tab.via === 'sidecar' && <span className="console-via">via sidecar</span>}
      <button type="button" className="console-close" aria-label={`Close the console of ${tab.node}`} data-testid={`console-close-${tab.node}`}
        onClick={(e) => { e.stopPropagation(); labStore.getState().closeConsole(tab.node); }}>×</button>
    </div>
  );
}

/** The drawer's top edge: drag it to give the terminals more (or less) room. */
function ResizeEdge() {
  const start = useRef<{ y: number; height: number }>(undefined);
  const down = (e: PointerEvent<HTMLDivElement>) => {
    start.current = { y: e.clientY, height: labStore.getState().consoleHeight };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const move = (e: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    // keep some canvas: at least 160 px under the toolbar
    const max = window.innerHeight - 220;
    labStore.getState().setConsoleHeight(Math.min(max, start.current.height + start.current.y - e.clientY));
  };
  const up = () => { start.current = undefined; };
  return <div className="console-resize" role="separator" aria-orientation="horizontal" aria-label="Resize the consoles" onPointerDown={down} onPointerMove={move} onPointerUp={up} onPointerCancel={up} />;
}

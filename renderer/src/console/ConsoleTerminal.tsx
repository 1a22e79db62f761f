import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef } from 'react';
import { labApi } from '../api/client';
import { focusCanvas } from '../canvas/keyboard-focus';
import { labStore, useLab } from '../store';
import { consoleRouter } from './output-router';
import { ConsoleSession } from './session';
import { TERMINAL_THEMES } from './terminal-theme';

/** xterm measures glyphs with a real font name: the stack --mono names, spelled out. */
const MONO = 'ui-monospace, "SF Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace';
/** Resizes while the drawer is dragged come in bursts: the shell hears the last one. */
const RESIZE_SETTLE_MS = 120;

interface Mounted {
  term: Terminal;
  fit: FitAddon;
}

/** Fits only a terminal that is laid out: a hidden tab measures 0×0. */
function fitIfShown(box: HTMLElement | null, fit: FitAddon): void {
  if (box && box.clientWidth > 0 && box.clientHeight > 0) fit.fit();
}

/** One node's terminal: xterm in the tab's box, its session to the engine. Mounted for as
 *  long as the tab exists (hidden behind other tabs, or with the drawer), so nothing is lost. */
export function ConsoleTerminal({ node, active }: { node: string; active: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const mounted = useRef<Mounted>(undefined);
  const s = useLab((st) => ({ theme: st.theme, shown: st.consolesShown, focus: st.consoleFocus }));

  useEffect(() => {
    const el = box.current!;
    const term = new Terminal({
      fontFamily: MONO, fontSize: 13, lineHeight: 1.1, cursorBlink: true, scrollback: 5000,
      theme: TERMINAL_THEMES[labStore.getState().theme],
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    fitIfShown(el, fit);
    // Escape gives the keyboard back to the canvas (the shell does not get it).
    term.attachCustomKeyEventHandler((e) => {
      if (e.key !== 'Escape' || e.ctrlKey || e.altKey || e.metaKey || e.shiftKey) return true;
      if (e.type === 'keydown') {
        term.blur();
        focusCanvas();
      }
      return false;
    });
    const session = new ConsoleSession(term, {
      api: labApi(), router: consoleRouter, node,
      text: () => labStore.getState().text,
      report: (patch) => labStore.getState().updateConsole(node, patch),
    });
    let settle: ReturnType<typeof setTimeout> | undefined;
    const typed = term.onData((data) => session.input(data));
    const resized = term.onResize(() => {
      clearTimeout(settle);
      settle = setTimeout(() => session.resize(), RESIZE_SETTLE_MS);
    });
    const observer = new ResizeObserver(() => fitIfShown(el, fit));
    observer.observe(el);
    mounted.current = { term, fit };
    void session.open();
    return () => {
      clearTimeout(settle);
      observer.disconnect();
      typed.dispose();
      resized.dispose();
      session.close();
      term.dispose();
      mounted.current = undefined;
    };
  }, [node]);

  useEffect(() => {
    if (mounted.current) mounted.current.term.options.theme = TERMINAL_THEMES[s.theme];
  }, [s.theme]);

  // In front (opened, its tab clicked, the drawer shown again): fit to the box and take the keyboard.
  useEffect(() => {
    const m = mounted.current;
    if (!m || !active || !s.shown) return;
    fitIfShown(box.current, m.fit);
    m.term.focus();
  }, [active, s.shown, s.focus]);

  return <div className={`console-term${active ? ' active' : ''}`} ref={box} data-testid={`console-${node}`} />;
}

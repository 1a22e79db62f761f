import { useEffect } from 'react';
import { pasteTarget } from '../canvas/paste-target';
import { copySelection, paste, removeSelection } from '../store/actions';
import { labStore } from '../store';

function editable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** In a terminal every key is the shell's, Ctrl+S (XOFF) and Ctrl+Z (suspend) included. */
function inTerminal(target: EventTarget | null): boolean {
  return target instanceof Element && !!target.closest('.xterm');
}

/** Ctrl+Z / Ctrl+Shift+Z, Delete, Ctrl+C / Ctrl+V, Ctrl+S — not while typing in a field or a terminal. */
export function useShortcuts(onSave: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (inTerminal(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 's') { e.preventDefault(); onSave(); return; }
      if (editable(e.target) || document.querySelector('.dialog-backdrop')) return;
      const store = labStore.getState();
      if (mod && key === 'z') { e.preventDefault(); if (e.shiftKey) store.redo(); else store.undo(); }
      else if (mod && key === 'y') { e.preventDefault(); store.redo(); }
      else if (mod && key === 'c') { copySelection(labStore); }
      else if (mod && key === 'v') { e.preventDefault(); paste(labStore, pasteTarget()); }
      else if (key === 'delete' || key === 'backspace') { e.preventDefault(); removeSelection(labStore); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onSave]);
}

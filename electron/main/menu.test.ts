import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuItemSpec } from './menu';

const labels = (items: MenuItemSpec[] = []) => items.filter((i) => i.type !== 'separator').map((i) => i.label ?? i.role);
const menu = (template: MenuItemSpec[], label: string) => template.find((m) => m.label === label)?.submenu ?? [];

describe('application menu', () => {
  it('has File, Edit, View and Help with the expected items', () => {
    const t = buildMenuTemplate({ dev: false, platform: 'linux', run: () => {} });
    expect(t.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    expect(labels(menu(t, 'File'))).toEqual(['New', 'Open…', 'Save', 'Save As…', 'Quit']);
    expect(labels(menu(t, 'Edit'))).toEqual(['Undo', 'Redo', 'Cut', 'Copy', 'Paste']);
    expect(labels(menu(t, 'View'))).toEqual(['Toggle Theme', 'Fit View']);
    expect(labels(menu(t, 'Help'))).toEqual(['About topolab']);
  });

  it('offers Reload (and devtools) only in development', () => {
    const t = buildMenuTemplate({ dev: true, platform: 'linux', run: () => {} });
    expect(menu(t, 'View').map((i) => i.role).filter(Boolean)).toEqual(['reload', 'toggleDevTools']);
    const prod = buildMenuTemplate({ dev: false, platform: 'linux', run: () => {} });
    expect(JSON.stringify(prod)).not.toMatch(/reload|toggleDevTools/);
  });

  it('turns lab items into actions; clipboard items use roles', () => {
    const run = vi.fn();
    const t = buildMenuTemplate({ dev: false, platform: 'linux', run });
    for (const item of [...menu(t, 'File'), ...menu(t, 'Edit'), ...menu(t, 'View'), ...menu(t, 'Help')]) item.click?.();
    expect(run.mock.calls.map((c) => c[0])).toEqual(['new', 'open', 'save', 'saveAs', 'undo', 'redo', 'toggleTheme', 'fitView', 'about']);
    expect(menu(t, 'Edit').map((i) => i.role).filter(Boolean)).toEqual(['cut', 'copy', 'paste']);
    expect(menu(t, 'Edit').find((i) => i.label === 'Redo')?.accelerator).toBe('CmdOrCtrl+Shift+Z');
  });

  it('adds the application menu on macOS', () => {
    expect(buildMenuTemplate({ dev: false, platform: 'darwin', run: () => {} })[0]).toEqual({ role: 'appMenu' });
  });
});

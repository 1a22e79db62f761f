// The application menu as data. Items that concern the lab (new, open, save, undo,
// theme, fit view…) become actions; main.ts turns those into dialogs and commands sent
// to the renderer on one channel. Clipboard items use Electron's roles, which fire the
// page's copy/cut/paste events. No 'electron' import: the result is a template for
// Menu.buildFromTemplate, tested as plain data.

export type MenuAction = 'new' | 'open' | 'save' | 'saveAs' | 'undo' | 'redo' | 'toggleTheme' | 'fitView' | 'about';

type Role = 'quit' | 'cut' | 'copy' | 'paste' | 'reload' | 'toggleDevTools' | 'appMenu';

export interface MenuItemSpec {
  label?: string;
  role?: Role;
  type?: 'separator';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemSpec[];
}

export function buildMenuTemplate(opts: { dev: boolean; platform: string; run: (action: MenuAction) => void }): MenuItemSpec[] {
  const act = (label: string, action: MenuAction, accelerator?: string): MenuItemSpec => ({ label, ...(accelerator ? { accelerator } : {}), click: () => opts.run(action) });
  const separator: MenuItemSpec = { type: 'separator' };
  const view: MenuItemSpec[] = [
    ...(opts.dev ? [{ role: 'reload' as const, label: 'Reload' }, { role: 'toggleDevTools' as const, label: 'Toggle Developer Tools' }, separator] : []),
    act('Toggle Theme', 'toggleTheme', 'CmdOrCtrl+Shift+L'),
    act('Fit View', 'fitView', 'Shift+1'),
  ];
  return [
    ...(opts.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        act('New', 'new', 'CmdOrCtrl+N'),
        act('Open…', 'open', 'CmdOrCtrl+O'),
        separator,
        act('Save', 'save', 'CmdOrCtrl+S'),
        act('Save As…', 'saveAs', 'CmdOrCtrl+Shift+S'),
        separator,
        { role: 'quit', label: 'Quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        // the lab's own history (the store), not the focused field's: the renderer decides
        act('Undo', 'undo', 'CmdOrCtrl+Z'),
        act('Redo', 'redo', 'CmdOrCtrl+Shift+Z'),
        separator,
        { role: 'cut', label: 'Cut' },
        { role: 'copy', label: 'Copy' },
        { role: 'paste', label: 'Paste' },
      ],
    },
    { label: 'View', submenu: view },
    { label: 'Help', submenu: [act('About topolab', 'about')] },
  ];
}

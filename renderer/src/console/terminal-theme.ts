// xterm's colours for the app's two themes: the terminal sits in a panel, so its
// background is the panel's, not a black hole in a light window.
import type { ITheme } from '@xterm/xterm';

export const TERMINAL_THEMES: Record<'light' | 'dark', ITheme> = {
  light: {
    background: '#ffffff', foreground: '#1d2330', cursor: '#2f6fdf', cursorAccent: '#ffffff',
    selectionBackground: '#b9d0f7',
    black: '#1d2330', red: '#c53030', green: '#1f7a45', yellow: '#976a06', blue: '#2f6fdf', magenta: '#8a4fd6', cyan: '#0f7a7a', white: '#8b95a7',
    brightBlack: '#5d6677', brightRed: '#d64545', brightGreen: '#1f9d55', brightYellow: '#b7830f', brightBlue: '#4a86ea', brightMagenta: '#a06ae0', brightCyan: '#159a9a', brightWhite: '#d8dce3',
  },
  dark: {
    background: '#1c2027', foreground: '#e4e8ef', cursor: '#5b8ff0', cursorAccent: '#1c2027',
    selectionBackground: '#34507f',
    black: '#323946', red: '#f06565', green: '#3cc47a', yellow: '#e0a93a', blue: '#6aa2ff', magenta: '#b48cf5', cyan: '#2fb3b3', white: '#c9d1dd',
    brightBlack: '#7b8494', brightRed: '#ff8080', brightGreen: '#5ad891', brightYellow: '#f0c060', brightBlue: '#8ab6ff', brightMagenta: '#c8a6ff', brightCyan: '#4fd0d0', brightWhite: '#ffffff',
  },
};

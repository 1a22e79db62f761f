import '@xyflow/react/dist/style.css';
import '@xterm/xterm/css/xterm.css';
import './styles.css';
import './trace/trace.css';
import './traffic/traffic.css';
import './inspector/inspector.css';
import './console/console.css';
import './guide/guide.css';
import './checks/checks.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { subscribeToEngine } from './ui/engine';
import { labStore } from './store';

const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
labStore.getState().setTheme(prefersDark ? 'dark' : 'light');
subscribeToEngine();

// For tests and debugging: the store, read-only by convention.
(window as unknown as { __topolab?: unknown }).__topolab = labStore;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

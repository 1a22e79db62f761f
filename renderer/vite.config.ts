// The renderer: root is renderer/, output goes to dist/renderer (loaded by Electron
// from file:// and served by the WebSocket bridge in browser mode, hence base './').
// The pure model/plan code and the LabApi contract are imported from ../electron/lab
// by relative paths; the dev server is allowed to read them.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = decodeURIComponent(new URL('.', import.meta.url).pathname);
const repo = decodeURIComponent(new URL('..', import.meta.url).pathname);

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  server: { fs: { allow: [repo] } },
  build: {
    outDir: `${repo}dist/renderer`,
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 4000,
  },
});

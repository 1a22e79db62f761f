import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'stream', 'util', 'events', 'url', 'process', 'buffer', 'readline', 'worker_threads'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.cache/**', 'test-results/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The engine is plain Node: it must run headless (CLI, WebSocket bridge, tests).
    files: ['electron/lab/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'electron/lab is plain Node; only electron/main may import electron.' }] }],
    },
  },
  {
    // The pure core runs in the renderer too: no Node modules, no Docker, no Electron.
    files: ['electron/lab/model/**/*.ts', 'electron/lab/plan/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The pure core must not import electron.' }, { name: 'dockerode', message: 'The pure core must not talk to Docker; pass live state in.' }],
        patterns: [{ group: nodeBuiltins, message: 'The pure core must not import Node modules; it runs in the renderer too.' }],
      }],
    },
  },
  {
    // The renderer runs in the browser (Electron renderer or Chromium): DOM globals, no Node.
    // (eslint-plugin-react-hooks is not installed; add its recommended rules here when it is.)
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts', 'renderer/**/*.test.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer reaches the engine only through renderer/src/api/client.ts.' }, { name: 'dockerode', message: 'The renderer reaches the engine only through renderer/src/api/client.ts.' }],
        patterns: [{ group: nodeBuiltins, message: 'The renderer never touches Node; ask the engine through the LabApi client.' }],
      }],
    },
  },
);

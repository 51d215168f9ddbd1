import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer: one bundle for browser mode and the Electron window, Monaco included (no CDN).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  resolve: {
    alias: [
      // monaco-yaml's worker (through monaco-worker-manager) imports Monaco's worker entry by its path before 0.55; 0.57's exports map names it thus
      { find: 'monaco-editor/esm/vs/editor/editor.worker.js', replacement: 'monaco-editor/editor/editor.worker' },
    ],
  },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
  },
});

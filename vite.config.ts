import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer: one bundle for browser mode and the Electron window, Monaco included (no CDN).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
  },
});

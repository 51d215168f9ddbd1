import { defineConfig } from 'vite';

// The Electron preload: one CommonJS file, because a sandboxed preload cannot load
// ES modules or require anything but 'electron' (which the runtime provides).
export default defineConfig({
  publicDir: false,
  build: {
    lib: { entry: 'electron/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
    outDir: 'dist/preload',
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    rolldownOptions: { external: ['electron'] },
  },
});

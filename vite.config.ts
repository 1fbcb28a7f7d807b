// Builds the renderer (renderer/) into dist/renderer, served by the browser-mode host and by Electron's app://.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // No inline scripts or data: modules, so the strict CSP holds.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});

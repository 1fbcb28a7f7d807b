// Builds the renderer (renderer/) into dist/renderer, served by the browser-mode host and by Electron's app://.
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * index.html preloads the app's start chunk (renderer/app/start.tsx) and the chunks it imports: main.tsx loads it
 * with import() so the launch exchange goes out before React and Fluent are evaluated, and without these links
 * the browser would only start fetching them once main.tsx had run.
 */
function preloadStart(): Plugin {
  return {
    name: 'desk-preload-start',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const start = Object.values(bundle).find(
          (c) => c.type === 'chunk' && c.facadeModuleId?.replaceAll('\\', '/').endsWith('/renderer/app/start.tsx'),
        );
        if (!start || start.type !== 'chunk') throw new Error('the start chunk (renderer/app/start.tsx) is missing');
        const files = new Set<string>();
        const add = (file: string) => {
          const chunk = bundle[file];
          // The entry itself is index.html's own script already.
          if (files.has(file) || !chunk || chunk.type !== 'chunk' || chunk.isEntry) return;
          files.add(file);
          chunk.imports.forEach(add);
        };
        add(start.fileName);
        return [...files].map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), preloadStart()],
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

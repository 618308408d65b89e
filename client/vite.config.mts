import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

// The hub serves the built console at `/`; in development Vite proxies the hub's routes.
const hub = 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/',
  resolve: {
    // Compile the contract from source so the console never runs a stale shared/dist.
    alias: { '@ioc/shared': resolve(here, '../shared/src/index.ts') },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Leaflet's small images are inlined; keep them as data: URIs rather than extra requests.
    assetsInlineLimit: 8192,
  },
  server: {
    proxy: {
      '/api': hub,
      '/health': hub,
      '/metrics': hub,
      '/socket.io': { target: hub, ws: true },
    },
  },
  preview: {
    proxy: {
      '/api': hub,
      '/health': hub,
      '/metrics': hub,
      '/socket.io': { target: hub, ws: true },
    },
  },
});

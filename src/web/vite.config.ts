import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
// The server serves the built app from dist/web at the repository root, next to the API.
const outDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  // csv-parse's package entry for ESM expects Node's Buffer; its browser build carries its own (the postal page parses
  // a batch CSV on the device with the same parser as the CLI).
  resolve: { alias: [{ find: /^csv-parse\/sync$/, replacement: fileURLToPath(new URL('../../node_modules/csv-parse/dist/esm/sync.js', import.meta.url)) }] },
  // The preferential pages' device steps run on a module Web Worker (src/web/pages/preferential/device.worker.ts),
  // which shares the crypto chunks with the app: ES format, as module workers are.
  worker: { format: 'es' },
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    // During development the API runs separately (`npm start`). The proxy keeps the browser's Host header
    // (no changeOrigin), so the API's same-origin check sees the Origin it expects.
    proxy: { '/api': 'http://localhost:8080' },
  },
});

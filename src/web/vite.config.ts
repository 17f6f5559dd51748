import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
// The server serves the built app from dist/web at the repository root, next to the API.
const outDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    // During development the API runs separately (`npm start`); same-origin requests keep cookies and CSRF simple.
    proxy: { '/api': 'http://localhost:8080' },
  },
});

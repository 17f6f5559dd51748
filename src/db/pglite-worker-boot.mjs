// Starts the database thread (pglite-worker.ts) the way bin/confidence.js starts the CLI: through tsx, so that the
// worker runs the TypeScript sources as they are.
import { register } from 'tsx/esm/api';

register();
await import('./pglite-worker.ts');

#!/usr/bin/env node
// The one `confidence` command. Runs the TypeScript sources through tsx so that the
// CLI, the server and the tests execute exactly the same code (no separate build).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');

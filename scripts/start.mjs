#!/usr/bin/env node
// `npm start`: the two-command quick start. Builds the web app only if its sources changed, then serves.
// With nothing configured (no SMTP_URL, no CONFIDENCE_DEMO, NODE_ENV not production) it starts the demo on
// purpose and says so; any production setting leaves the decision to `confidence serve`, which refuses a
// server without a real mailer unless CONFIDENCE_DEMO=on (src/config/env.ts, serveMode).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureWebBuilt } from './build-web.mjs';

const env = { ...process.env };
if (!env.SMTP_URL && !env.CONFIDENCE_DEMO && env.NODE_ENV !== 'production') {
  env.CONFIDENCE_DEMO = 'on';
  process.stderr.write('No SMTP_URL: starting the DEMO (CONFIDENCE_DEMO=on). For production see README "Production".\n');
}
await ensureWebBuilt();
const bin = fileURLToPath(new URL('../bin/confidence.js', import.meta.url));
const child = spawn(process.execPath, [bin, 'serve', ...process.argv.slice(2)], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

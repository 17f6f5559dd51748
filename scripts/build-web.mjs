#!/usr/bin/env node
// Builds the web app into dist/web only when its inputs changed. The inputs are exactly the files Vite
// bundled last time (recorded beside the output, with a hash of their contents) plus the lockfile and the
// Vite config, so an installed checkout starts without a 30-second rebuild, and any edit to a bundled
// source — in src/web or a shared module it imports — triggers one. `--force` always builds.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const OUT = resolve(REPO, 'dist/web');
const STAMP = resolve(OUT, '.build-inputs.json');
const FIXED_INPUTS = ['package-lock.json', 'src/web/vite.config.ts', 'src/web/index.html'];

function hashInputs(files) {
  const h = createHash('sha256');
  for (const f of [...FIXED_INPUTS, ...files].sort()) {
    h.update(f).update('\0');
    h.update(existsSync(resolve(REPO, f)) ? readFileSync(resolve(REPO, f)) : 'missing').update('\0');
  }
  return h.digest('hex');
}

/** Whether dist/web is up to date with its recorded inputs. */
export function webBuildIsCurrent() {
  if (!existsSync(resolve(OUT, 'index.html')) || !existsSync(STAMP)) return false;
  try {
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
    return stamp.hash === hashInputs(stamp.files);
  } catch {
    return false;
  }
}

/** Builds (if needed, or always with force) and records the inputs. Returns whether it built. */
export async function ensureWebBuilt({ force = false, log = (l) => process.stderr.write(`${l}\n`) } = {}) {
  if (!force && webBuildIsCurrent()) return false;
  log('Building the web app (once; again only when its sources change)…');
  const { build } = await import('vite');
  const files = new Set();
  const recordInputs = {
    name: 'confidence-record-inputs',
    generateBundle() {
      for (const id of this.getModuleIds()) {
        const path = id.split('?')[0];
        if (!path.startsWith(REPO) || path.includes(`${sep}node_modules${sep}`) || !existsSync(path)) continue;
        files.add(relative(REPO, path));
      }
    },
  };
  // vitest and some shells set NODE_ENV=test/development: what ships is the production bundle.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: resolve(REPO, 'src/web/vite.config.ts'), logLevel: 'warn', plugins: [recordInputs] });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
  const list = [...files].sort();
  writeFileSync(STAMP, JSON.stringify({ hash: hashInputs(list), files: list }, null, 1));
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await ensureWebBuilt({ force: process.argv.includes('--force') });
}

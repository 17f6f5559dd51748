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
const FIXED_INPUTS = ['package-lock.json', 'src/web/vite.config.ts', 'src/web/index.html'];
const out = (root) => resolve(root, 'dist/web');
const stampFile = (root) => resolve(out(root), '.build-inputs.json');

function hashInputs(files, root) {
  const h = createHash('sha256');
  for (const f of [...FIXED_INPUTS, ...files].sort()) {
    h.update(f).update('\0');
    h.update(existsSync(resolve(root, f)) ? readFileSync(resolve(root, f)) : 'missing').update('\0');
  }
  return h.digest('hex');
}

/** Whether dist/web (under `root`, the checkout by default) is up to date with its recorded inputs. */
export function webBuildIsCurrent(root = REPO) {
  if (!existsSync(resolve(out(root), 'index.html')) || !existsSync(stampFile(root))) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampFile(root), 'utf8'));
    return stamp.hash === hashInputs(stamp.files, root);
  } catch {
    return false;
  }
}

/** Vite's production build of the web app, calling `record(path)` for each file of the checkout it bundled. */
async function viteBuild(root, record) {
  const { build } = await import('vite');
  const recordInputs = {
    name: 'confidence-record-inputs',
    generateBundle() {
      for (const id of this.getModuleIds()) record(id.split('?')[0]);
    },
  };
  // vitest and some shells set NODE_ENV=test/development: what ships is the production bundle.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: resolve(root, 'src/web/vite.config.ts'), logLevel: 'warn', plugins: [recordInputs] });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}

/**
 * Builds (if needed, or always with force) and records the inputs. Returns whether it built. `root` and `bundle`
 * (the build itself) are for tests; the defaults are this checkout and Vite.
 */
export async function ensureWebBuilt({ force = false, log = (l) => process.stderr.write(`${l}\n`), root = REPO, bundle = viteBuild } = {}) {
  if (!force && webBuildIsCurrent(root)) return false;
  log('Building the web app (once; again only when its sources change)…');
  const files = new Set();
  await bundle(root, (path) => {
    if (!path.startsWith(root) || path.includes(`${sep}node_modules${sep}`) || !existsSync(path)) return;
    files.add(relative(root, path));
  });
  const list = [...files].sort();
  writeFileSync(stampFile(root), JSON.stringify({ hash: hashInputs(list, root), files: list }, null, 1));
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await ensureWebBuilt({ force: process.argv.includes('--force') });
}

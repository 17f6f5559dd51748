import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureWebBuilt, webBuildIsCurrent } from '../scripts/build-web.mjs';

/**
 * `npm start` builds the web app only when what it bundled changed (scripts/build-web.mjs): an installed checkout
 * starts without a rebuild, and an edit to any bundled source, the lockfile or the Vite config triggers one.
 * Here on a checkout of a few files, with a stand-in for Vite that bundles src/web/main.tsx and a shared module.
 */
describe('the web app is built once, and again only when its inputs change', () => {
  let root: string;
  let builds: number;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const bundle = async (at: string, record: (path: string) => void) => {
    builds++;
    write('dist/web/index.html', '<!doctype html>');
    for (const f of ['src/web/main.tsx', 'src/domain/shared.ts', 'src/web/index.html']) record(join(at, f));
    record(join(at, 'node_modules/react/index.js'));
  };
  const start = () => ensureWebBuilt({ root, bundle, log: () => {} });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'confidence-web-build-'));
    builds = 0;
    write('package-lock.json', '{"lockfileVersion":3}');
    write('src/web/vite.config.ts', 'export default {}');
    write('src/web/index.html', '<div id="root"></div>');
    write('src/web/main.tsx', 'render()');
    write('src/domain/shared.ts', 'export const x = 1');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a fresh checkout builds once; later starts do not rebuild', async () => {
    expect(webBuildIsCurrent(root)).toBe(false);
    expect(await start()).toBe(true);
    expect(webBuildIsCurrent(root)).toBe(true);
    expect(await start()).toBe(false);
    expect(await start()).toBe(false);
    expect(builds).toBe(1);
  });

  it('an edit to a bundled source outside src/web, the lockfile or the Vite config rebuilds; an unbundled file does not', async () => {
    await start();
    write('src/server/app.ts', 'not bundled');
    expect(await start()).toBe(false);
    write('src/domain/shared.ts', 'export const x = 2');
    expect(await start()).toBe(true);
    write('package-lock.json', '{"lockfileVersion":3,"packages":{}}');
    expect(await start()).toBe(true);
    write('src/web/vite.config.ts', 'export default { base: "/" }');
    expect(await start()).toBe(true);
    expect(await start()).toBe(false);
    expect(builds).toBe(4);
  });

  it('a missing output or a damaged record rebuilds; --force always does', async () => {
    await start();
    rmSync(join(root, 'dist/web/index.html'));
    expect(await start()).toBe(true);
    writeFileSync(join(root, 'dist/web/.build-inputs.json'), '{not json');
    expect(await start()).toBe(true);
    expect(await ensureWebBuilt({ root, bundle, log: () => {}, force: true })).toBe(true);
    expect(builds).toBe(4);
  });
});

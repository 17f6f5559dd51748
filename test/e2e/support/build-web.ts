import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const WEB_SOURCES = join(REPO, 'src/web');
const BUILT_INDEX = join(REPO, 'dist/web/index.html');
const LOCK = join(REPO, 'dist/.web-build.lock');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function webBuildIsStale(): boolean {
  return !existsSync(BUILT_INDEX) || statSync(BUILT_INDEX).mtimeMs < newestMtime(WEB_SOURCES);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds dist/web when it is missing or older than src/web. Test files run in parallel processes, so a
 * lock directory makes the others wait for one build instead of racing on the same output folder.
 */
export async function ensureWebBuilt(): Promise<void> {
  if (!webBuildIsStale()) return;
  mkdirSync(join(REPO, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 250) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than two minutes belongs to a build that died.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      if (waited > 180_000) throw new Error(`Timed out waiting for the web build lock ${LOCK}`);
      await sleep(250);
    }
  }
  try {
    // vitest sets NODE_ENV=test, which would make Vite bundle React's development build (twice the size,
    // StrictMode's doubled effects): test what ships.
    if (webBuildIsStale()) {
      execFileSync('npm', ['run', 'build:web', '--silent'], {
        cwd: REPO,
        stdio: 'inherit',
        env: { ...process.env, NODE_ENV: 'production' },
      });
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../domain/errors';

/**
 * One writer per PGlite data folder. PGlite is PostgreSQL compiled to WebAssembly inside one process: two
 * processes opening the same folder each get a private copy in memory and each writes its own version of
 * the files back, so one silently loses the other's changes (a recorded letter vanished; the audit chain
 * forked). A lock file in the folder, created exclusively, names the holder (pid, command, and the URL when
 * it is a server); a second opener gets DATA_DIR_LOCKED saying who holds it and what to do. A lock whose
 * process is gone (kill -9, power cut) is stale and taken over.
 */
export const LOCK_FILE = 'confidence.lock';

export interface LockInfo {
  pid: number;
  command: string;
  startedAt: string;
  /** Set by `confidence serve` once it listens: where the CLI sends commands instead. */
  url?: string;
}

export interface DataDirLock {
  readonly path: string;
  /** Records the server's URL in the lock so the CLI can find it. */
  announce(url: string): void;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** The live holder of a data folder's lock, or null (no lock, or a stale one). */
export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as LockInfo;
    return Number.isInteger(info.pid) && alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

export function describeHolder(info: LockInfo): string {
  return `process ${info.pid} (${info.command}${info.url ? `, serving ${info.url}` : ''}, since ${info.startedAt})`;
}

export function lockDataDir(dataDir: string, command = commandLine()): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, command, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, JSON.stringify(mine));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) throw e;
      const holder = readLock(dataDir);
      if (holder && holder.pid !== process.pid) {
        throw new AppError(
          'DATA_DIR_LOCKED',
          `the data folder ${dataDir} is in use by ${describeHolder(holder)}. ` +
            (holder.url
              ? `The CLI's commands go through that server's API instead (run \`confidence login\` once, or pass --server); to open the folder itself (a second server, a copy), stop that server first.`
              : `Wait for it to finish or stop it, then try again.`),
          { holder },
        );
      }
      if (holder?.pid === process.pid) break; // this process already holds it (a second open in-process)
      try {
        unlinkSync(path); // stale: its process is gone
      } catch {
        /* another opener removed it first; retry */
      }
    }
  }
  let released = false;
  const onExit = () => release();
  function release() {
    if (released) return;
    released = true;
    process.off('exit', onExit);
    try {
      const current = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
      if (current.pid === process.pid) unlinkSync(path);
    } catch {
      /* already gone */
    }
  }
  process.on('exit', onExit);
  return {
    path,
    announce(url) {
      writeFileSync(path, JSON.stringify({ ...mine, url }));
    },
    release,
  };
}

function commandLine(): string {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('/'));
  return `confidence ${args.join(' ')}`.trim().slice(0, 200);
}

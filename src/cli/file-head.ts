import { closeSync, openSync, readSync } from 'node:fs';

/**
 * The first line of a file (the whole file if it has no newline), read in 64 KiB blocks and at most `maxBytes`: the
 * CLI recognises a board's kind by its setup record without loading a board of hundreds of megabytes.
 * Throws what `openSync`/`readSync` throw (a missing or unreadable file); a line longer than `maxBytes` is cut there.
 */
export function firstLineOfFile(path: string, maxBytes = 1 << 24): string {
  const fd = openSync(path, 'r');
  try {
    const parts: Buffer[] = [];
    for (let pos = 0; pos < maxBytes; ) {
      const buf = Buffer.alloc(Math.min(65536, maxBytes - pos));
      const n = readSync(fd, buf, 0, buf.length, pos);
      const nl = buf.subarray(0, n).indexOf(10);
      if (nl >= 0 || n === 0) {
        parts.push(buf.subarray(0, nl >= 0 ? nl : n));
        break;
      }
      parts.push(buf.subarray(0, n));
      pos += n;
    }
    return Buffer.concat(parts).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

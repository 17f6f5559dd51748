#!/usr/bin/env node
// The one `confidence` command. Runs the TypeScript sources through tsx so that the
// CLI, the server and the tests execute exactly the same code (no separate build).
import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';

/**
 * `confidence verify` streams a board and keeps about half a kilobyte per ballot, but V8 sizes its heap for the
 * machine (gigabytes on a large one) and collects late, so a 200,000-ballot verify would hold twice the memory it
 * needs. Unless the user chose a heap size (NODE_OPTIONS or a node flag), `verify` re-runs itself in a child node
 * whose old space is capped to fit the board: 192 MB plus 0.35 × the board's size (all *.jsonl of a contest directory).
 * Returns the cap in MB, or null to run as is.
 */
function verifyHeapCap(argv) {
  if (argv[0] !== 'verify' || process.env.CONFIDENCE_VERIFY_HEAP === 'default') return null;
  if (/--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '') || process.execArgv.some((a) => a.startsWith('--max-old-space-size'))) return null;
  // The board is the largest file or directory named (options' values such as receipts are small files or not files).
  let bytes = -1;
  let board = null;
  for (const path of argv.slice(1)) {
    if (path.startsWith('-') || /^https?:/.test(path)) continue;
    try {
      const st = statSync(path);
      let size = st.size;
      if (st.isDirectory()) for (const f of readdirSync(path)) size += f.endsWith('.jsonl') ? statSync(join(path, f)).size : 0;
      if (size > bytes) [bytes, board] = [size, st.isDirectory() ? null : path];
    } catch {
      // not a file: an option's value, or a missing board (the command itself reports it)
    }
  }
  if (bytes < 0) return null;
  // A preferential board's verifier checks each record as it streams and keeps packed rows and cell values only
  // (src/mixnet/board-verify.ts); a mix record's line (about a quarter of the file) is read straight into packed
  // form, so its peak is that line twice (its pieces, then the joined line) and the packed rows of two mixes: the
  // cap is 256 MB plus 0.6 × the file's size.
  if (board !== null && isPreferentialFile(board)) return Math.ceil(256 + (0.6 * bytes) / 2 ** 20);
  return Math.ceil(192 + (0.35 * bytes) / 2 ** 20);
}

/** True if the file's first line (within its first 64 KiB) is a preferential board's setup record. */
function isPreferentialFile(path) {
  try {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(65536);
      const n = readSync(fd, buf, 0, buf.length, 0);
      const text = buf.subarray(0, n).toString('utf8');
      const first = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
      return first.includes('"type":"setup"') && first.includes('"version":"confidence-preferential/1"');
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

const cap = verifyHeapCap(process.argv.slice(2));
if (cap !== null) {
  // The child is the verifier; this process only waits for it and passes its exit code through. A signal sent to this
  // process alone (a job runner's timeout, `kill PID`) is passed on, so the verifier never runs on orphaned and
  // prints a verdict after its caller has been told it stopped.
  // The handlers come first: the child exists as soon as spawn returns, and a signal that arrived before they were
  // installed would kill this process alone (the default action), leaving the verifier orphaned.
  let child = null;
  let early = null;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => (child ? child.kill(sig) : (early = sig)));
  child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${cap}`, ...process.argv.slice(1)], { stdio: 'inherit' });
  if (early) child.kill(early);
  child.on('error', (e) => {
    throw e;
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  // `verify` loads the verifier alone (src/cli/verify-main.ts registers the same command), not every command and service.
  await import(process.argv[2] === 'verify' ? '../src/cli/verify-main.ts' : '../src/cli/main.ts');
}

/**
 * The body limit for JSON requests, read straight from Node's request stream when the app runs under
 * `@hono/node-server` (`confidence serve`). Hono's own `bodyLimit` and `c.req.text()` first build a WHATWG Request
 * around the Node request and read it through web streams, which costs more CPU than the rest of a cast's HTTP
 * handling; this reads the same bytes with a byte count, decodes them as `Request.text()` does (UTF-8, a leading BOM
 * dropped, invalid bytes replaced), and leaves the text in Hono's body cache, so `inputHygiene` and the route's
 * validator parse exactly what they did before. A body over the limit (by its Content-Length, or counted as it
 * arrives) gets the same `onError` answer, before the rest of it is read.
 *
 * Only JSON bodies take this path; any other body, and every request without a Node stream (`app.request()` in
 * tests), goes through `fallback` (Hono's `bodyLimit`) unchanged.
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler, Next } from 'hono';

const decoder = new TextDecoder('utf-8');

/** Reads `incoming` up to `maxSize` bytes: the bytes, or null once the count passes the limit. */
function readLimited(incoming: IncomingMessage, maxSize: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxSize) {
        done();
        incoming.pause();
        return resolve(null);
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    const onAborted = () => onError(new Error('the request was aborted'));
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('aborted', onAborted);
  });
}

export function nodeJsonBodyLimit(maxSize: number, onError: (c: Context) => Response | Promise<Response>, fallback: MiddlewareHandler): MiddlewareHandler {
  return async (c: Context, next: Next) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const method = c.req.method;
    if (!incoming || typeof incoming.on !== 'function' || incoming.readableEnded || method === 'GET' || method === 'HEAD' || !/json/i.test(c.req.header('content-type') ?? '')) return fallback(c, next);
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.header('transfer-encoding') && Number.parseInt(declared, 10) > maxSize) return onError(c);
    const bytes = await readLimited(incoming, maxSize);
    if (bytes === null) return onError(c);
    // Hono keeps the promise of each body form it has read (HonoRequest#cachedBody); its type says the value.
    (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(decoder.decode(bytes));
    await next();
  };
}

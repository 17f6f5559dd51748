import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from '../types';

/**
 * The client's address, for rate limits. Directly on the network it is the socket's peer. Behind a
 * reverse proxy (TRUST_PROXY=on) every socket is the proxy's, so the address is the last entry of
 * X-Forwarded-For — the one our proxy appended; earlier entries are whatever the client claimed and are
 * never trusted. Off by default: without a proxy anyone could set the header and dodge the limits.
 */
export function clientAddress(c: Context<AppEnv>): string {
  if (c.get('ctx').config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').map((s) => s.trim()).filter(Boolean).pop();
    if (last) return last.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'in-process'; // app.request() in tests has no socket
  }
}

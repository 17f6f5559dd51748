import { createMiddleware } from 'hono/factory';
import { AppError } from '../../domain/errors';
import { clientAddress } from './client';
import type { AppEnv } from '../types';

/**
 * A per-address budget for anonymous API reads (CONFIDENCE_READS_PER_MINUTE, default 600; 0 turns it off):
 * the public pages are cheap now, but one client must not be able to take the whole server. Logged-in
 * users are not limited here (their writes are bounded by the services). A fixed one-minute window per
 * address, in memory: each server instance limits its own share.
 */
export function anonymousReadLimit() {
  const windows = new Map<string, { start: number; count: number }>();
  return createMiddleware<AppEnv>(async (c, next) => {
    const method = c.req.method;
    const limit = method === 'GET' || method === 'HEAD' ? (c.get('ctx').config.readsPerMinute ?? 0) : 0;
    if (limit > 0 && c.get('account') === null) {
      const now = Date.now();
      const address = clientAddress(c);
      let w = windows.get(address);
      if (!w || now - w.start >= 60_000) {
        if (windows.size > 50_000) windows.clear(); // bounded memory under an address-spraying flood
        w = { start: now, count: 0 };
        windows.set(address, w);
      }
      if (++w.count > limit) {
        c.header('Retry-After', String(Math.ceil((w.start + 60_000 - now) / 1000)));
        throw new AppError('RATE_LIMITED', `more than ${limit} requests a minute from your address; wait a minute`);
      }
    }
    await next();
  });
}

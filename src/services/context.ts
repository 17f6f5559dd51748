import type { Config } from '../config/env';
import type { Db } from '../db';
import type { Logger } from './logger';
import type { Mailer } from './mailer';

/**
 * Everything a service needs from the outside world, passed explicitly: the database, the clock,
 * the mailer and the logger. Tests swap any of them; the domain below never sees them.
 */
export interface AppContext {
  db: Db;
  clock: () => Date;
  mailer: Mailer;
  logger: Logger;
  config: Pick<Config, 'secureCookies' | 'publicUrl' | 'env' | 'loginMaxPerIp'> &
    Partial<Pick<Config, 'publicOrigin' | 'hsts' | 'trustProxy' | 'readsPerMinute' | 'sealSecret'>> & {
      /** Demo mode: banner on every page; the dev mailbox and printed codes exist only here. */
      demoMode?: boolean;
      /** This process is the database's only writer (PGlite, ADR 0011): nothing changes behind its back. */
      soleWriter?: boolean;
      /** PGlite runs its statements in this thread, synchronously (not in a worker): long writes should yield. */
      pgliteOnMainThread?: boolean;
    };
}

/** Who performs an action, as recorded in the audit log. */
export interface Actor {
  accountId: string | null;
  role: 'chair' | 'officer' | 'member' | 'editor' | 'system' | 'cli';
  memberId: string | null;
  label: string;
}

export const SYSTEM_ACTOR: Actor = { accountId: null, role: 'system', memberId: null, label: 'system' };
export const CLI_ACTOR: Actor = { accountId: null, role: 'cli', memberId: null, label: 'cli (operator)' };

export function actorLabel(a: Actor): string {
  return a.accountId ? `account:${a.accountId}` : a.label;
}

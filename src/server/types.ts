import type { Account } from '../services/auth';
import type { AppContext } from '../services/context';

/** Per-request variables set by the middleware. */
export interface AppEnv {
  Variables: {
    ctx: AppContext;
    account: Account | null;
    /** Set by roleGate (middleware/session.ts): the account it admitted for this route's roles. */
    gatedAccount?: Account;
    sessionId: string | null;
    csrfToken: string | null;
    requestId: string;
  };
}

import type { Account } from '../services/auth';
import type { AppContext } from '../services/context';

/** Per-request variables set by the middleware. */
export interface AppEnv {
  Variables: {
    ctx: AppContext;
    account: Account | null;
    sessionId: string | null;
    csrfToken: string | null;
    requestId: string;
  };
}

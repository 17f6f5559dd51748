import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken, type Account, type Session } from './api';

interface SessionState {
  /** undefined while the first GET /api/session is in flight. */
  account: Account | null | undefined;
  /** The server runs the demo (CONFIDENCE_DEMO=on): every page says so. */
  demo: boolean;
  loadError: string | null;
  signedIn(session: Session): void;
  signOut(): Promise<void>;
  reload(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [account, setAccount] = useState<Account | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [demo, setDemo] = useState(false);

  const signedIn = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setAccount(session.account);
    if (session.demo !== undefined) setDemo(session.demo);
  }, []);

  const reload = useCallback(async () => {
    try {
      signedIn(await api.session());
      setLoadError(null);
    } catch (error) {
      setAccount(null);
      setLoadError(error instanceof Error ? error.message : String(error));
    }
  }, [signedIn]);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setCsrfToken(null);
      setAccount(null);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const value = useMemo(() => ({ account, demo, loadError, signedIn, signOut, reload }), [account, demo, loadError, signedIn, signOut, reload]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

export const isCommitteeOfficer = (account: Account | null | undefined): boolean =>
  account?.role === 'chair' || account?.role === 'officer';

import type { ReactNode } from 'react';
import type { Account } from '../api';
import { paths, useLocation } from '../router';
import { useSession } from '../session';
import { Loading } from '../components/ui';

/**
 * Gate for pages that need a role. The server enforces access on every request; this only gives people
 * a clear page instead of a failed request.
 */
export function RequireRole({
  title,
  allowed,
  forbiddenText,
  children,
}: {
  title: string;
  allowed: (account: Account) => boolean;
  forbiddenText: string;
  children: (account: Account) => ReactNode;
}) {
  const { account } = useSession();
  const location = useLocation();
  if (account === undefined) {
    return (
      <div className="container">
        <h1>{title}</h1>
        <Loading what="your session" />
      </div>
    );
  }
  if (account === null) {
    return (
      <div className="container narrow">
        <h1>{title}</h1>
        <p>You need to log in to see this page.</p>
        <p>
          <a className="button" href={paths.login(location)}>
            Log in
          </a>
        </p>
      </div>
    );
  }
  if (!allowed(account)) return <Forbidden text={forbiddenText} />;
  return <>{children(account)}</>;
}

export function Forbidden({ text }: { text: string }) {
  return (
    <div className="container narrow">
      <h1>Forbidden</h1>
      <div className="notice notice-error" role="alert">
        <p className="notice-title">You are not allowed to see this page</p>
        <p>{text}</p>
      </div>
      <p>
        <a href="/">Back to the public procedure page</a>
      </p>
    </div>
  );
}

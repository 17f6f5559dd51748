import type { ReactNode } from 'react';
import type { Account } from '../api';
import { paths, useLocation } from '../router';
import { useSession } from '../session';
import { Loading } from '../components/ui';
import { useT } from '../i18n/I18n';

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
  const t = useT();
  if (account === undefined) {
    return (
      <div className="container">
        <h1>{title}</h1>
        <Loading what={t('loading.session')} />
      </div>
    );
  }
  if (account === null) {
    return (
      <div className="container narrow">
        <h1>{title}</h1>
        <p>{t('requireRole.logIn')}</p>
        <p>
          <a className="button" href={paths.login(location)}>
            {t('shell.logIn')}
          </a>
        </p>
      </div>
    );
  }
  if (!allowed(account)) return <Forbidden text={forbiddenText} />;
  return <>{children(account)}</>;
}

export function Forbidden({ text }: { text: string }) {
  const t = useT();
  return (
    <div className="container narrow">
      <h1>{t('forbidden.title')}</h1>
      <div className="notice notice-error" role="alert">
        <p className="notice-title">{t('forbidden.notAllowed')}</p>
        <p>{text}</p>
      </div>
      <p>
        <a href="/">{t('forbidden.back')}</a>
      </p>
    </div>
  );
}

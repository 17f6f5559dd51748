import { useEffect, useRef, type ReactNode } from 'react';
import { ApiError } from '../api';
import { errorMessageFor } from '../../domain/error-messages';
import { useLocale, useT } from '../i18n/I18n';

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {what}
    </p>
  );
}

/** English text of any error (for logs and for English readers: the server's precise message). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * An error from the API is shown by its stable code in the reader's language; the server's precise
 * English message is kept one click away (a disclosure, marked lang="en") when the reader chose Welsh or
 * French, so the page speaks their language and no detail is lost.
 */
export function ErrorText({ error }: { error: unknown }) {
  const { locale } = useLocale();
  const t = useT();
  if (error instanceof ApiError) {
    if (error.code === 'NETWORK') return <p>{t('error.network')}</p>;
    const translated = locale === 'en' ? null : errorMessageFor(error.code, locale);
    if (!translated) return <p>{error.message}</p>;
    return (
      <>
        <p>{translated}</p>
        <details className="error-details">
          <summary>{t('journeys.error.englishDetails')}</summary>
          <p lang="en">{error.message}</p>
        </details>
      </>
    );
  }
  return <p>{errorMessage(error)}</p>;
}

export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  const t = useT();
  if (!error) return null;
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{title ?? t('error.title')}</p>
      <ErrorText error={error} />
      {error instanceof ApiError && (error.code === 'UNAUTHENTICATED' || error.code === 'CSRF_FAILED') && (
        // A session that expired in another tab: the way out is to log in again and come back here.
        <p>
          <a href={`/login?next=${encodeURIComponent(window.location.pathname)}`}>{t('error.loginAgain')}</a>
        </p>
      )}
    </div>
  );
}

export function SuccessMessage({ children }: { children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  // The button that triggered the action often disappears with it (a confirmed withdrawal); rather than
  // leave keyboard focus on <body>, put it on the confirmation.
  useEffect(() => {
    if (children && (!document.activeElement || document.activeElement === document.body)) box.current?.focus();
  }, [children]);
  if (!children) return null;
  return (
    <div className="notice notice-success" role="status" tabIndex={-1} ref={box}>
      <p>{children}</p>
    </div>
  );
}

export function SimulatedTag() {
  const t = useT();
  return (
    <span className="tag tag-simulated" title={t('simulated.title')}>
      {t('simulated.tag')}
    </span>
  );
}

export function SecretCountNotice() {
  const t = useT();
  return (
    <aside className="notice notice-secret" aria-labelledby="secret-count-title">
      <p className="notice-title" id="secret-count-title">
        {t('secretCount.title')}
      </p>
      <p>{t('secretCount.body')}</p>
    </aside>
  );
}

/** Text that comes from data in English (rule summaries, server details): marked so screen readers pronounce it right. */
export function English({ children }: { children: ReactNode }) {
  const { locale } = useLocale();
  return locale === 'en' ? <>{children}</> : <span lang="en">{children}</span>;
}

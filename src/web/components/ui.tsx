import { useEffect, useRef, type ReactNode } from 'react';
import { ApiError } from '../api';

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function ErrorMessage({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{title}</p>
      <p>{errorMessage(error)}</p>
      {error instanceof ApiError && (error.code === 'UNAUTHENTICATED' || error.code === 'CSRF_FAILED') && (
        // A session that expired in another tab: the way out is to log in again and come back here.
        <p>
          <a href={`/login?next=${encodeURIComponent(window.location.pathname)}`}>Log in again</a>
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
  return (
    <span className="tag tag-simulated" title="Simulated for the demo: the real letters were never published">
      Simulated
    </span>
  );
}

export function SecretCountNotice() {
  return (
    <aside className="notice notice-secret" aria-labelledby="secret-count-title">
      <p className="notice-title" id="secret-count-title">
        The count is secret
      </p>
      <p>
        Only the chair and the officers of the committee know how many letters have been received, and from whom. This
        page never shows the number of letters or any names: it shows only the public state of the procedure.
      </p>
    </aside>
  );
}

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api';
import { useMailboxEnabled, usePageTitle } from '../hooks';
import { navigate, paths } from '../router';
import { useSession } from '../session';
import { ErrorMessage } from '../components/ui';

/** Where to go after logging in: the requested page, else the page each role works on. */
function landingFor(role: string, next: string | null): string {
  if (next && next.startsWith('/') && !next.startsWith('//')) return next;
  if (role === 'member') return '/my-letter';
  if (role === 'chair' || role === 'officer') return '/chair';
  return paths.home();
}

export function LoginPage({ next }: { next: string | null }) {
  usePageTitle('Log in');
  const { account, signedIn, signOut, reload } = useSession();
  const [step, setStep] = useState<'email' | 'code'>('email');
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);
  const mailboxEnabled = useMailboxEnabled();

  useEffect(() => {
    if (step === 'code') codeInput.current?.focus();
  }, [step]);

  // People arrive here when a session expired; ask the server rather than trust what this tab remembers.
  useEffect(() => {
    void reload();
  }, [reload]);

  async function requestCode(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!email.trim()) {
      setError(new Error('Enter your email address.'));
      return;
    }
    setBusy(true);
    try {
      await api.requestCode(email.trim());
      setStep('code');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function verifyCode(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!code.trim()) {
      setError(new Error('Enter the code from the email.'));
      return;
    }
    setBusy(true);
    try {
      const result = await api.verifyCode(email.trim(), code.trim());
      signedIn(result);
      navigate(landingFor(result.account.role, next), { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  if (account) {
    return (
      <div className="container narrow">
        <h1>You are logged in</h1>
        <p>
          You are logged in as <strong>{account.displayName}</strong> ({account.email}).
        </p>
        <p className="button-row">
          <a className="button" href={landingFor(account.role, next)}>
            Continue
          </a>
          <button type="button" className="button button-secondary" onClick={() => void signOut()}>
            Log out
          </button>
        </p>
      </div>
    );
  }

  return (
    <div className="container narrow">
      <h1>Log in</h1>
      <p className="lede">We email you a one-time code. There is no password.</p>
      <ErrorMessage error={error} title="Could not log you in" />
      {step === 'email' ? (
        <form onSubmit={requestCode} className="card form" noValidate>
          <div className="field">
            <label htmlFor="login-email">Email address</label>
            <input
              id="login-email"
              name="email"
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Sending…' : 'Email me a code'}
          </button>
        </form>
      ) : (
        <form onSubmit={verifyCode} className="card form" noValidate>
          <p role="status">
            If <strong>{email}</strong> has an account, a code is on its way. It works once and expires soon.
          </p>
          <div className="field">
            <label htmlFor="login-code">One-time code</label>
            <input
              id="login-code"
              name="code"
              ref={codeInput}
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </div>
          <p className="button-row">
            <button type="submit" className="button" disabled={busy}>
              {busy ? 'Checking…' : 'Log in'}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setStep('email');
                setCode('');
                setError(null);
              }}
            >
              Use another email
            </button>
          </p>
        </form>
      )}
      {mailboxEnabled && (
        <p className="hint">
          Trying the demo? The email is printed on the server console and shown in the{' '}
          <a href={paths.mailbox()}>dev mailbox</a>.
        </p>
      )}
    </div>
  );
}

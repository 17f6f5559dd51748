import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api';
import { useMailboxEnabled, usePageTitle } from '../hooks';
import { navigate, paths } from '../router';
import { useSession } from '../session';
import { ErrorMessage } from '../components/ui';
import { TextField } from '../components/fields';
import { useT } from '../i18n/I18n';

/** Where to go after logging in: the requested page, else the page each role works on. */
function landingFor(role: string, next: string | null): string {
  if (next && next.startsWith('/') && !next.startsWith('//')) return next;
  if (role === 'member') return '/my-letter';
  if (role === 'chair' || role === 'officer') return '/chair';
  return paths.home();
}

/** The demo's accounts (src/services/demo.ts), shown on a demo server only. */
const DEMO_ACCOUNTS = [
  ['chair', 'chair@demo.confidence'],
  ['officer', 'officer@demo.confidence'],
  ['mp', 'peter-aldous@members.demo'],
  ['editor', 'editor@demo.confidence'],
] as const;

export function LoginPage({ next }: { next: string | null }) {
  const t = useT();
  usePageTitle(t('login.title'));
  const { account, signedIn, signOut, reload, demo } = useSession();
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
      setError(new Error(t('login.enterEmail')));
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
      setError(new Error(t('login.enterCode')));
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
        <h1>{t('login.loggedInTitle')}</h1>
        <p>{t.rich('login.loggedInAs', { name: account.displayName, email: account.email, b: (c) => <strong>{c}</strong> })}</p>
        <p className="button-row">
          <a className="button" href={landingFor(account.role, next)}>
            {t('common.continue')}
          </a>
          <button type="button" className="button button-secondary" onClick={() => void signOut()}>
            {t('shell.logOut')}
          </button>
        </p>
      </div>
    );
  }

  return (
    <div className="container narrow">
      <h1>{t('login.title')}</h1>
      <p className="lede">{t('login.lede')}</p>
      <ErrorMessage error={error} title={t('login.error')} />
      {step === 'email' ? (
        <form onSubmit={requestCode} className="card form" noValidate>
          <TextField id="login-email" type="email" label={t('login.email')} autoComplete="email" isRequired value={email} onChange={setEmail} inputProps={{ name: 'email' }} />
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('login.sending') : t('login.sendCode')}
          </button>
        </form>
      ) : (
        <form onSubmit={verifyCode} className="card form" noValidate>
          <p role="status">{t.rich('login.codeSent', { email, b: (c) => <strong>{c}</strong> })}</p>
          <TextField id="login-code" label={t('login.code')} autoComplete="one-time-code" isRequired value={code} onChange={setCode} inputRef={codeInput} inputProps={{ name: 'code', inputMode: 'numeric' }} />
          <p className="button-row">
            <button type="submit" className="button" disabled={busy}>
              {busy ? t('login.checking') : t('login.submit')}
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
              {t('login.otherEmail')}
            </button>
          </p>
        </form>
      )}
      {mailboxEnabled && (
        <p className="hint">
          {t.rich('login.demoHint', { a: (c) => <a href={paths.mailbox()}>{c}</a> })}
        </p>
      )}
      {demo && step === 'email' && (
        // A first visitor to the demo does not know its accounts: each role is one press away.
        <section className="card demo-aside" aria-labelledby="demo-accounts-heading" data-testid="demo-accounts">
          <h2 id="demo-accounts-heading">{t('journeys.demo.accountsHeading')}</h2>
          <ul className="demo-accounts">
            {DEMO_ACCOUNTS.map(([role, address]) => (
              <li key={address}>
                <button type="button" className="button button-small button-secondary" onClick={() => setEmail(address)}>
                  {t('journeys.demo.use')} <span className="visually-hidden">{address}</span>
                </button>{' '}
                {t(`journeys.demo.account.${role}`)} — <code>{address}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

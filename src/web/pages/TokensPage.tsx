import { useState, type FormEvent } from 'react';
import { api, type ApiToken } from '../api';
import { ConfirmButton } from '../components/ConfirmDialog';
import { ErrorMessage, Loading, SuccessMessage } from '../components/ui';
import { TextField } from '../components/fields';
import { formatDateTime } from '../format';
import { useLoader, usePageTitle } from '../hooks';
import { useT } from '../i18n/I18n';
import { RequireRole } from './RequireRole';

/**
 * The signed-in user's API tokens: how the command line acts as them against this server (ADR 0011). A new
 * token is shown once, with the command that stores it; revoking one ends it at once.
 */
export function TokensPage() {
  const t = useT();
  usePageTitle(t('tokens.title'));
  return (
    <RequireRole title={t('tokens.title')} allowed={() => true} forbiddenText={t('tokens.forbidden')}>
      {() => <Tokens />}
    </RequireRole>
  );
}

function Tokens() {
  const t = useT();
  const [tokens, reload] = useLoader(() => api.apiTokens(), []);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setRevoked(null);
    if (!label.trim()) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setBusy(true);
    try {
      const made = await api.createApiToken(label.trim());
      setCreated(made.token);
      setLabel('');
      await reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(token: ApiToken) {
    setError(null);
    setCreated(null);
    await api.revokeApiToken(token.id);
    setRevoked(token.label);
    await reload();
  }

  return (
    <div className="container narrow">
      <h1>{t('tokens.title')}</h1>
      <p className="lede">{t('tokens.lede')}</p>
      <ErrorMessage error={error} />
      <SuccessMessage>{revoked ? t('tokens.revoked', { label: revoked }) : null}</SuccessMessage>
      {created && (
        <section className="card" aria-labelledby="token-created">
          <h2 id="token-created">{t('tokens.created.heading')}</h2>
          <p>{t('tokens.created.once')}</p>
          <pre className="token-command" data-testid="token-command">
            <code>{['confidence', 'login', '--server', window.location.origin, '--token', created].join(' ')}</code>
          </pre>
        </section>
      )}
      <form onSubmit={create} className="card form" noValidate>
        <h2>{t('tokens.create.heading')}</h2>
        <TextField id="token-label" label={t('tokens.create.label')} hint={t('tokens.create.hint')} error={invalid ? t('tokens.create.noLabel') : null} maxLength={100} value={label} onChange={setLabel} inputProps={{ name: 'label' }} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('tokens.create.busy') : t('tokens.create.button')}
        </button>
      </form>
      <section aria-labelledby="token-list">
        <h2 id="token-list">{t('tokens.list.heading')}</h2>
        {tokens.status === 'loading' && <Loading what={t('tokens.list.heading')} />}
        {tokens.status === 'error' && <ErrorMessage error={tokens.error} title={t('tokens.loadError')} />}
        {tokens.status === 'ready' && tokens.data.tokens.length === 0 && <p>{t('tokens.list.none')}</p>}
        {tokens.status === 'ready' && tokens.data.tokens.length > 0 && (
          <ul className="token-list">
            {tokens.data.tokens.map((token) => (
              <li key={token.id} className="card">
                <p>
                  <strong>{token.label}</strong>
                </p>
                <p className="hint">
                  {t('tokens.list.created', { when: formatDateTime(token.createdAt) })} ·{' '}
                  {token.lastUsedAt ? t('tokens.list.lastUsed', { when: formatDateTime(token.lastUsedAt) }) : t('tokens.list.neverUsed')}
                </p>
                <ConfirmButton
                  label={t('tokens.revoke.button')}
                  title={t('tokens.revoke.title', { label: token.label })}
                  confirmLabel={t('tokens.revoke.confirm')}
                  onConfirm={() => revoke(token)}
                  danger
                  className="button button-secondary button-small"
                >
                  <p>{t('tokens.revoke.body')}</p>
                </ConfirmButton>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

import { api } from '../api';
import { useLoader, usePageTitle } from '../hooks';
import { paths } from '../router';
import { ErrorMessage, Loading } from '../components/ui';
import { formatDateTime } from '../format';
import { useT } from '../i18n/I18n';

/** Demo only: the emails the server would have sent, so people can log in without a mail server. */
export function MailboxPage() {
  const t = useT();
  usePageTitle(t('mailbox.title'));
  const [mailbox, reload] = useLoader(() => api.mailbox(), []);

  return (
    <div className="container">
      <h1>{t('mailbox.title')}</h1>
      <p className="lede">{t.rich('mailbox.lede', { a: (c) => <a href={paths.login()}>{c}</a> })}</p>
      <p>
        <button type="button" className="button button-secondary" onClick={() => void reload()}>
          {t('mailbox.refresh')}
        </button>
      </p>
      {mailbox.status === 'loading' && <Loading what={t('loading.mailbox')} />}
      {mailbox.status === 'error' && <ErrorMessage error={mailbox.error} title={t('mailbox.loadError')} />}
      {mailbox.status === 'ready' && !mailbox.data.enabled && (
        <p className="notice notice-warning">{t('mailbox.off')}</p>
      )}
      {mailbox.status === 'ready' && mailbox.data.enabled && mailbox.data.messages.length === 0 && <p>{t('mailbox.empty')}</p>}
      {mailbox.status === 'ready' && mailbox.data.enabled && mailbox.data.messages.length > 0 && (
        <ol className="mail-list" aria-label={t('mailbox.messages')}>
          {[...mailbox.data.messages]
            .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
            .map((message) => (
              <li key={message.id} className="card mail">
                <h2 className="mail-subject" lang="en">
                  {message.subject}
                </h2>
                <p className="hint">{t.rich('mailbox.to', { to: message.to, when: formatDateTime(message.createdAt), b: (c) => <strong>{c}</strong> })}</p>
                <pre className="mail-text" lang="en">
                  {message.text}
                </pre>
              </li>
            ))}
        </ol>
      )}
    </div>
  );
}

import { api } from '../api';
import { useLoader, usePageTitle } from '../hooks';
import { paths } from '../router';
import { ErrorMessage, Loading } from '../components/ui';
import { formatDateTime } from '../format';

/** Demo only: the emails the server would have sent, so people can log in without a mail server. */
export function MailboxPage() {
  usePageTitle('Dev mailbox');
  const [mailbox, reload] = useLoader(() => api.mailbox(), []);

  return (
    <div className="container">
      <h1>Dev mailbox</h1>
      <p className="lede">
        In the demo no email leaves the server. Every message it would have sent appears here, newest first, so you can
        copy a one-time code and <a href={paths.login()}>log in</a>.
      </p>
      <p>
        <button type="button" className="button button-secondary" onClick={() => void reload()}>
          Refresh
        </button>
      </p>
      {mailbox.status === 'loading' && <Loading what="the mailbox" />}
      {mailbox.status === 'error' && <ErrorMessage error={mailbox.error} title="The mailbox could not be loaded" />}
      {mailbox.status === 'ready' && !mailbox.data.enabled && (
        <p className="notice notice-warning">The dev mailbox is turned off on this server. Emails are sent for real.</p>
      )}
      {mailbox.status === 'ready' && mailbox.data.enabled && mailbox.data.messages.length === 0 && <p>No messages yet.</p>}
      {mailbox.status === 'ready' && mailbox.data.enabled && mailbox.data.messages.length > 0 && (
        <ol className="mail-list" aria-label="Messages">
          {[...mailbox.data.messages]
            .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
            .map((message) => (
              <li key={message.id} className="card mail">
                <h2 className="mail-subject">{message.subject}</h2>
                <p className="hint">
                  To <strong>{message.to}</strong> · {formatDateTime(message.createdAt)}
                </p>
                <pre className="mail-text">{message.text}</pre>
              </li>
            ))}
        </ol>
      )}
    </div>
  );
}

import { useState, type FormEvent } from 'react';
import { useLoader, usePageTitle } from '../hooks';
import { ErrorMessage, Loading, SuccessMessage } from '../components/ui';
import { formatDay } from '../format';
import { RequireRole } from '../pages/RequireRole';
import { STANCE_LABELS, STANCE_ORDER, trackerApi, trackerPaths, type TrackerDeclaration } from './api';
import { Sources } from './Sources';
import { PossibleQueue } from './PossibleQueue';

/** The editors' desk: ingest articles, then accept, correct or reject what the extractor proposes. */
export function TrackerReviewPage({ id }: { id: string }) {
  usePageTitle('Review declarations');
  return (
    <RequireRole
      title="Review declarations"
      allowed={(a) => a.role === 'editor' || a.role === 'chair'}
      forbiddenText="Only tracker editors review declarations before they are published."
    >
      {() => <ReviewDesk id={id} />}
    </RequireRole>
  );
}

function ReviewDesk({ id }: { id: string }) {
  const [queue, reload] = useLoader(() => trackerApi.queue(id), [id]);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="container">
      <p className="eyebrow">
        <a href={trackerPaths.tracker(id)}>Public tracker</a>
      </p>
      <h1>Review declarations</h1>
      <p className="lede">Proposed declarations are not public until you accept them. Check each one against its quoted sentence.</p>
      <SuccessMessage>{message}</SuccessMessage>
      <IngestForm
        id={id}
        onDone={(text) => {
          setMessage(text);
          void reload();
        }}
      />
      <ManualEntryForm
        id={id}
        onDone={(text) => {
          setMessage(text);
          void reload();
        }}
      />
      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading">Proposed</h2>
        {queue.status === 'loading' && <Loading what="the review queue" />}
        {queue.status === 'error' && <ErrorMessage error={queue.error} title="The queue could not be loaded" />}
        {queue.status === 'ready' && queue.data.declarations.length === 0 && <p>Nothing is waiting for review.</p>}
        {queue.status === 'ready' && (
          <ul className="card-list">
            {queue.data.declarations.map((d) => (
              <Proposal
                key={d.id}
                d={d}
                onDone={(text) => {
                  setMessage(text);
                  void reload();
                }}
              />
            ))}
          </ul>
        )}
      </section>
      <PossibleQueue id={id} onDone={setMessage} />
    </div>
  );
}

function Proposal({ d, onDone }: { d: TrackerDeclaration; onDone: (message: string) => void }) {
  const [stance, setStance] = useState(d.stance);
  const [date, setDate] = useState(d.date ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const headingId = `proposal-${d.id}`;

  async function act(type: 'accept' | 'reject') {
    setBusy(true);
    setError(null);
    try {
      // Corrections first, so what is published is what the editor saw on screen.
      if (stance !== d.stance || (date || null) !== d.date) await trackerApi.review(d.id, { type: 'edit', stance, date: date || null });
      await trackerApi.review(d.id, { type });
      onDone(`${d.person}: ${type === 'accept' ? 'published' : 'rejected'}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {d.person} — {STANCE_LABELS[d.stance]?.one ?? d.stance}
        {d.date && <span className="hint"> · {formatDay(d.date)}</span>}
        {d.confidence !== null && <span className="hint"> · confidence {Math.round(d.confidence * 100)}%</span>}
      </h3>
      <Sources declaration={d} />
      <div className="field-row">
        <label className="field">
          <span>Stance</span>
          <select value={stance} onChange={(e) => setStance(e.target.value)} disabled={busy}>
            {STANCE_ORDER.map((s) => (
              <option key={s} value={s}>
                {STANCE_LABELS[s]!.one}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Date</span>
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} disabled={busy} />
        </label>
      </div>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void act('accept')} disabled={busy} aria-describedby={headingId}>
          Accept and publish
        </button>
        <button type="button" className="button button-secondary" onClick={() => void act('reject')} disabled={busy} aria-describedby={headingId}>
          Reject
        </button>
      </div>
      <ErrorMessage error={error} title="That did not work" />
    </li>
  );
}

function IngestForm({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const [fileName, setFileName] = useState('');
  const [outlet, setOutlet] = useState('');
  const [published, setPublished] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await trackerApi.ingest(id, { fileName: fileName || 'pasted article', text, outlet: outlet || null, published: published || null });
      onDone(
        r.status === 'duplicate'
          ? `${r.fileName} was already ingested; nothing changed.`
          : `${r.fileName}: ${r.proposed} proposed, ${r.possible} possible, ${r.corroborated} added as sources to existing declarations.${r.unresolved.length ? ` Unresolved names: ${r.unresolved.join(', ')}.` : ''}`,
      );
      setText('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="ingest-heading" className="card">
      <h2 id="ingest-heading">Add an article</h2>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <div className="field-row">
          <label className="field">
            <span>Title or file name</span>
            <input value={fileName} onChange={(e) => setFileName(e.target.value)} maxLength={200} />
          </label>
          <label className="field">
            <span>Outlet</span>
            <input value={outlet} onChange={(e) => setOutlet(e.target.value)} maxLength={200} />
          </label>
          <label className="field">
            <span>Published</span>
            <input type="date" value={published} onChange={(e) => setPublished(e.target.value)} />
          </label>
        </div>
        <label className="field">
          <span>Article text (plain text or HTML)</span>
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={8} required />
        </label>
        <button type="submit" className="button" disabled={busy || !text.trim()}>
          {busy ? 'Reading the article…' : 'Find declarations'}
        </button>
        <ErrorMessage error={error} title="The article could not be ingested" />
      </form>
    </section>
  );
}

/** A declaration the extractor could not find (a broadcast, a tweet, a statement): entered and published by an editor. */
function ManualEntryForm({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const [memberId, setMemberId] = useState('');
  const [stance, setStance] = useState('submitted_letter');
  const [date, setDate] = useState('');
  const [quote, setQuote] = useState('');
  const [outlet, setOutlet] = useState('');
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const d = await trackerApi.enter(id, { memberId: memberId.trim(), stance, date, quote, outlet: outlet || null, url: url || null });
      onDone(`${d.person}: ${STANCE_LABELS[d.stance]?.one ?? d.stance} — published.`);
      setQuote('');
      setMemberId('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="card">
      <summary>
        <h2 style={{ display: 'inline' }}>Enter a declaration by hand</h2>
      </summary>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <div className="field-row">
          <label className="field">
            <span>Member id</span>
            <input value={memberId} onChange={(e) => setMemberId(e.target.value)} required placeholder="peter-aldous" aria-describedby="member-id-hint" />
            <span className="hint" id="member-id-hint">
              As in the roster: first name and surname in lower case, joined by a dash.
            </span>
          </label>
          <label className="field">
            <span>Stance</span>
            <select value={stance} onChange={(e) => setStance(e.target.value)}>
              {STANCE_ORDER.map((s) => (
                <option key={s} value={s}>
                  {STANCE_LABELS[s]!.one}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Date</span>
            <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
          </label>
        </div>
        <label className="field">
          <span>What they said (verbatim)</span>
          <textarea value={quote} onChange={(e) => setQuote(e.target.value)} rows={3} required />
        </label>
        <div className="field-row">
          <label className="field">
            <span>Outlet</span>
            <input value={outlet} onChange={(e) => setOutlet(e.target.value)} maxLength={200} />
          </label>
          <label className="field">
            <span>Address (https://…)</span>
            <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} maxLength={2000} />
          </label>
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Publishing…' : 'Publish declaration'}
        </button>
        <ErrorMessage error={error} title="The declaration could not be entered" />
      </form>
    </details>
  );
}

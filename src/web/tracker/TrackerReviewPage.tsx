import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useLoader, usePageTitle } from '../hooks';
import { ErrorMessage, Loading, SuccessMessage } from '../components/ui';
import { formatDay } from '../format';
import { RequireRole } from '../pages/RequireRole';
import { isStaleDecision, STANCE_ORDER, trackerApi, trackerPaths, type TrackerDeclaration } from './api';
import { Sources } from './Sources';
import { PossibleQueue } from './PossibleQueue';
import { EndorsementQueue } from './EndorsementQueue';
import { focusNeighbour, useResumeFocus } from './resumeFocus';
import { ConfirmButton } from '../components/ConfirmDialog';
import { Select, TextField } from '../components/fields';
import { useT } from '../i18n/I18n';
import { stanceText } from './stanceText';

/**
 * The editors' desk: ingest articles, then accept, correct or reject what the extractor proposes (declarations, their
 * later reports, and the endorsements recorded for leadership contests).
 */
export function TrackerReviewPage({ id }: { id: string }) {
  const t = useT();
  usePageTitle(t('review.title'));
  return (
    <RequireRole title={t('review.title')} allowed={(a) => a.role === 'editor' || a.role === 'chair'} forbiddenText={t('review.forbidden')}>
      {() => <ReviewDesk id={id} />}
    </RequireRole>
  );
}

function ReviewDesk({ id }: { id: string }) {
  const t = useT();
  const [queue, reload] = useLoader(() => trackerApi.queue(id), [id]);
  const [message, setMessage] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  // Keyboard review resumes at the decided proposal's place once it has left, else at the first possible item.
  const remember = useResumeFocus(list, '[data-proposal]', '[data-possible]', queue.status === 'ready', queue);
  const move = (from: HTMLElement, step: number) => focusNeighbour(list, '[data-proposal]', from, step);
  return (
    <div className="container">
      <p className="eyebrow">
        <a href={trackerPaths.tracker(id)}>{t('tracker.title')}</a>
      </p>
      <h1>{t('review.title')}</h1>
      <p className="lede">{t('review.lede')}</p>
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
        <h2 id="queue-heading">{t('review.proposed')}</h2>
        <p className="hint">{t('review.keys')}</p>
        {queue.status === 'loading' && <Loading what={t('review.loading')} />}
        {queue.status === 'error' && <ErrorMessage error={queue.error} title={t('review.loadError')} />}
        {queue.status === 'ready' && queue.data.declarations.length === 0 && <p>{t('review.empty')}</p>}
        {queue.status === 'ready' && (
          <ul className="card-list" ref={list}>
            {queue.data.declarations.map((d) => (
              <Proposal
                key={d.id}
                d={d}
                onMove={move}
                onKeyAct={remember}
                onStale={() => void reload()}
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
      <HeldReports id={id} onDone={setMessage} />
      <EndorsementQueue id={id} onDone={setMessage} />
    </div>
  );
}

/**
 * Later reports of declarations already published: the extractor matched them to a public declaration, but what they
 * add (a quote, an outlet) is public only once an editor says so.
 */
function HeldReports({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const t = useT();
  const [held, reload] = useLoader(() => trackerApi.queue(id, 'held'), [id]);
  if (held.status === 'ready' && held.data.declarations.length === 0) return null;
  return (
    <section aria-labelledby="held-heading">
      <h2 id="held-heading">{t('review.held.heading')}</h2>
      <p className="hint">{t('review.held.lede')}</p>
      {held.status === 'loading' && <Loading what={t('review.held.loading')} />}
      {held.status === 'error' && <ErrorMessage error={held.error} title={t('review.loadError')} />}
      {held.status === 'ready' && (
        <ul className="card-list">
          {held.data.declarations.map((d) => (
            <HeldReport
              key={d.id}
              d={d}
              onDone={(text) => {
                onDone(text);
                void reload();
              }}
              onStale={() => void reload()}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function HeldReport({ d, onDone, onStale }: { d: TrackerDeclaration; onDone: (message: string) => void; onStale: () => void }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const headingId = `held-${d.id}`;
  async function act(type: 'accept' | 'drop-held') {
    setBusy(true);
    setError(null);
    try {
      // The held reports on screen: one that arrived since is refused (409), never published or dropped unseen.
      await trackerApi.review(d.id, { type, sources: d.sources.filter((s) => type === 'accept' || s.held).map((s) => s.id) });
      onDone(t(type === 'accept' ? 'review.held.published' : 'review.held.dropped', { person: d.person }));
    } catch (e) {
      setError(e);
      if (isStaleDecision(e)) onStale();
    } finally {
      setBusy(false);
    }
  }
  return (
    <li className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {d.person} — {stanceText(t, d.stance, 'one')}
        {d.date && <span className="hint"> · {formatDay(d.date)}</span>}
      </h3>
      <Sources declaration={d} only={(s) => !!s.held} />
      <div className="button-row">
        <button type="button" className="button" onClick={() => void act('accept')} disabled={busy} aria-describedby={headingId}>
          {t('review.held.publish')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => void act('drop-held')} disabled={busy} aria-describedby={headingId}>
          {t('review.held.drop')}
        </button>
      </div>
      <ErrorMessage error={error} title={t('common.didNotWork')} />
    </li>
  );
}

function Proposal({
  d,
  onDone,
  onMove,
  onKeyAct,
  onStale,
}: {
  d: TrackerDeclaration;
  onDone: (message: string) => void;
  onMove: (from: HTMLElement, step: number) => void;
  /** A key decided this proposal: keyboard focus resumes at its place once it has left the list. */
  onKeyAct: (from: HTMLElement) => void;
  /** The decision was refused because a report arrived meanwhile: reload, so the editor reads it. */
  onStale: () => void;
}) {
  const t = useT();
  const [stance, setStance] = useState(d.stance);
  const [date, setDate] = useState(d.date ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const headingId = `proposal-${d.id}`;

  async function act(type: 'accept' | 'reject') {
    if (type === 'accept') {
      // Corrections first, so what is published is what the editor saw on screen.
      if (stance !== d.stance || (date || null) !== d.date) await trackerApi.review(d.id, { type: 'edit', stance, date: date || null });
    }
    // An accept names the reports shown: one that arrived since is refused (409), never published unseen.
    await trackerApi.review(d.id, type === 'accept' ? { type, sources: d.sources.map((s) => s.id) } : { type });
    onDone(t(type === 'accept' ? 'review.published' : 'review.rejected', { person: d.person }));
  }
  async function accept() {
    setBusy(true);
    setError(null);
    try {
      await act('accept');
    } catch (e) {
      setError(e);
      if (isStaleDecision(e)) onStale();
    } finally {
      setBusy(false);
    }
  }

  // One key per decision, as in the possible tier: A accept and publish (with the corrections on screen),
  // S next stance, R reject (asks first: focus lands on Cancel, Tab then Enter confirms), J/K or arrows move.
  function onKeyDown(e: KeyboardEvent<HTMLLIElement>) {
    if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey || busy) return;
    const key = e.key.toLowerCase();
    if (key === 'a') {
      onKeyAct(e.currentTarget);
      void accept();
    } else if (key === 'r') {
      onKeyAct(e.currentTarget);
      e.currentTarget.querySelector<HTMLButtonElement>(`[data-testid="reject-${d.id}"]`)?.click();
    } else if (key === 's') setStance((s) => STANCE_ORDER[(STANCE_ORDER.indexOf(s) + 1) % STANCE_ORDER.length]!);
    else if (key === 'j' || e.key === 'ArrowDown') onMove(e.currentTarget, 1);
    else if (key === 'k' || e.key === 'ArrowUp') onMove(e.currentTarget, -1);
    else return;
    e.preventDefault();
  }

  return (
    <li className="card" aria-labelledby={headingId} data-proposal={d.id} tabIndex={0} onKeyDown={onKeyDown} aria-busy={busy}>
      <h3 id={headingId}>
        {d.person} — {stanceText(t, d.stance, 'one')}
        {d.date && <span className="hint"> · {formatDay(d.date)}</span>}
        {d.confidence !== null && <span className="hint"> · {t('review.confidence', { p: d.confidence })}</span>}
      </h3>
      <Sources declaration={d} />
      <div className="field-row">
        <Select id={`${headingId}-stance`} label={t('review.stance')} value={stance} onChange={setStance} isDisabled={busy} options={STANCE_ORDER.map((s) => ({ value: s, label: stanceText(t, s, 'one') }))} />
        <TextField id={`${headingId}-date`} type="date" label={t('review.date')} value={date} onChange={setDate} isDisabled={busy} />
      </div>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void accept()} disabled={busy} aria-describedby={headingId}>
          {t('review.accept')}
        </button>
        {/* A rejection is final for this proposal (the desk never proposes it again), so it is confirmed first. */}
        <ConfirmButton
          label={t('review.reject')}
          className="button button-secondary"
          title={t('review.rejectTitle')}
          confirmLabel={t('review.rejectConfirm')}
          danger
          disabled={busy}
          testId={`reject-${d.id}`}
          onConfirm={() => act('reject')}
        >
          <p>{t('review.rejectBody', { person: d.person, stance: stanceText(t, d.stance, 'one') })}</p>
        </ConfirmButton>
      </div>
      <ErrorMessage error={error} title={t('common.didNotWork')} />
    </li>
  );
}

function IngestForm({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const t = useT();
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
      const r = await trackerApi.ingest(id, { fileName: fileName || t('review.pastedArticle'), text, outlet: outlet || null, published: published || null });
      onDone(
        r.status === 'duplicate'
          ? t('review.duplicate', { file: r.fileName })
          : t('review.ingested', { file: r.fileName, proposed: r.proposed, possible: r.possible, corroborated: r.corroborated }) +
              (r.unresolved.length ? ` ${t('review.unresolved', { names: r.unresolved.join(', ') })}` : ''),
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
      <h2 id="ingest-heading">{t('review.addArticle')}</h2>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <div className="field-row">
          <TextField id="ingest-file" label={t('review.fileName')} value={fileName} onChange={setFileName} maxLength={200} />
          <TextField id="ingest-outlet" label={t('review.outlet')} value={outlet} onChange={setOutlet} maxLength={200} />
          <TextField id="ingest-published" type="date" label={t('review.publishedOn')} value={published} onChange={setPublished} />
        </div>
        <TextField id="ingest-text" rows={8} label={t('review.articleText')} value={text} onChange={setText} isRequired />
        <button type="submit" className="button" disabled={busy || !text.trim()}>
          {busy ? t('review.reading') : t('review.find')}
        </button>
        <ErrorMessage error={error} title={t('review.ingestError')} />
      </form>
    </section>
  );
}

/** A declaration the extractor could not find (a broadcast, a tweet, a statement): entered and published by an editor. */
function ManualEntryForm({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const t = useT();
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
      onDone(t('review.publishedStance', { person: d.person, stance: stanceText(t, d.stance, 'one') }));
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
        <h2 style={{ display: 'inline' }}>{t('review.manualHeading')}</h2>
      </summary>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <div className="field-row">
          <TextField id="manual-member" label={t('review.memberId')} hint={t('review.memberIdHint')} value={memberId} onChange={setMemberId} isRequired placeholder="peter-aldous" />
          <Select id="manual-stance" label={t('review.stance')} value={stance} onChange={setStance} options={STANCE_ORDER.map((s) => ({ value: s, label: stanceText(t, s, 'one') }))} />
          <TextField id="manual-date" type="date" label={t('review.date')} value={date} onChange={setDate} isRequired />
        </div>
        <TextField id="manual-quote" rows={3} label={t('review.quote')} value={quote} onChange={setQuote} isRequired />
        <div className="field-row">
          <TextField id="manual-outlet" label={t('review.outlet')} value={outlet} onChange={setOutlet} maxLength={200} />
          <TextField id="manual-url" type="url" label={t('review.url')} value={url} onChange={setUrl} maxLength={2000} />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('review.publishing') : t('review.publishDeclaration')}
        </button>
        <ErrorMessage error={error} title={t('review.manualError')} />
      </form>
    </details>
  );
}

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { MySlotCheck } from '../components/SealPanel';
import { api, type MyLetter, type ProcedurePublic } from '../api';
import { useLoader, usePageTitle } from '../hooks';
import { paths } from '../router';
import { ErrorMessage, Loading, SuccessMessage } from '../components/ui';
import { STATE_WORDS, formatDateTime, formatDay } from '../format';
import { RequireRole } from './RequireRole';

export function MyLetterPage({ id }: { id: string }) {
  usePageTitle('My letter');
  return (
    <RequireRole
      title="My letter"
      allowed={(a) => a.role === 'member'}
      forbiddenText="Only members of the parliamentary party write letters. Your account has another role."
    >
      {() => <MyLetterContent id={id} />}
    </RequireRole>
  );
}

function MyLetterContent({ id }: { id: string }) {
  const [data, reload] = useLoader(
    () => Promise.all([api.procedure(id), api.myLetter(id)]).then(([procedure, mine]) => ({ procedure, ...mine })),
    [id],
  );

  return (
    <div className="container narrow">
      <h1>My letter</h1>
      {data.status === 'loading' && <Loading what="your letter" />}
      {data.status === 'error' && <ErrorMessage error={data.error} title="Your letter could not be loaded" />}
      {data.status === 'ready' && (
        <>
          <LetterPanel procedure={data.data.procedure} eligible={data.data.eligible} letter={data.data.letter} reload={reload} />
          {data.data.eligible && <MySlotCheck procedureId={data.data.procedure.id} letterInForce={data.data.letter?.inForce ?? false} />}
        </>
      )}
    </div>
  );
}

function LetterPanel({
  procedure,
  eligible,
  letter,
  reload,
}: {
  procedure: ProcedurePublic;
  eligible: boolean;
  letter: MyLetter | null;
  reload: () => Promise<void>;
}) {
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const confirmHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (confirming) confirmHeading.current?.focus();
  }, [confirming]);

  const hasLetter = letter?.status === 'submitted';

  async function act(action: () => Promise<unknown>, success: string) {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await action();
      await reload();
      setDone(success);
      setConfirming(false);
      setEffectiveFrom('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const postDated = effectiveFrom && effectiveFrom > procedure.asOf;
    void act(
      () => api.submitMyLetter(procedure.id, effectiveFrom || undefined),
      postDated ? `Your letter has been sent. It takes effect on ${formatDay(effectiveFrom)}.` : 'Your letter has been sent to the chair.',
    );
  }

  return (
    <>
      <p className="lede">
        {procedure.title}: <a href={paths.procedure(procedure.id)}>{procedure.stateLabel || STATE_WORDS[procedure.state].title}</a>
      </p>
      <p>
        Your letter goes to the chair alone. The chair and the officers see who has written; nobody else does, and the
        count is never published.
      </p>

      <SuccessMessage>{done}</SuccessMessage>
      <ErrorMessage error={error} title="That did not work" />

      <section className="card" aria-labelledby="letter-status-heading">
        <h2 id="letter-status-heading">Status</h2>
        <LetterStatus letter={letter} />
      </section>

      {!eligible && (
        <div className="notice notice-warning">
          <p className="notice-title">You cannot write a letter in this procedure</p>
          <p>Only members who hold the party whip may write. If you think this is wrong, contact the chair.</p>
        </div>
      )}

      {eligible && !hasLetter && (
        <form className="card form" onSubmit={submit} aria-labelledby="write-heading">
          <h2 id="write-heading">{letter ? 'Write a new letter' : 'Write a letter of no confidence'}</h2>
          <p>
            By sending this letter you tell the chair that you have no confidence in {procedure.leader.name} as leader.
          </p>
          <div className="field">
            <label htmlFor="effective-from">Takes effect from (optional)</label>
            <p className="hint" id="effective-from-hint">
              Leave empty for the letter to count at once. Choose a later date to post-date it: it counts only from that
              day.
            </p>
            <input
              id="effective-from"
              type="date"
              min={procedure.asOf}
              value={effectiveFrom}
              aria-describedby="effective-from-hint"
              onChange={(e) => setEffectiveFrom(e.target.value)}
            />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Sending…' : 'Send my letter to the chair'}
          </button>
        </form>
      )}

      {hasLetter && !confirming && (
        <p>
          <button type="button" className="button button-danger" onClick={() => setConfirming(true)} disabled={busy}>
            Withdraw my letter
          </button>
        </p>
      )}

      {hasLetter && confirming && (
        <section className="card confirm" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading" tabIndex={-1} ref={confirmHeading}>
            Withdraw your letter?
          </h2>
          <p>Your letter will stop counting towards the threshold at once. You can write again later.</p>
          <p className="button-row">
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              onClick={() => void act(() => api.withdrawMyLetter(procedure.id), 'Your letter has been withdrawn.')}
            >
              {busy ? 'Withdrawing…' : 'Yes, withdraw my letter'}
            </button>
            <button type="button" className="button button-secondary" disabled={busy} onClick={() => setConfirming(false)}>
              Keep my letter
            </button>
          </p>
        </section>
      )}
    </>
  );
}

function LetterStatus({ letter }: { letter: MyLetter | null }) {
  if (!letter) {
    return (
      <p className="status-line" data-testid="letter-status">
        <span className="tag">No letter</span> You have not written a letter.
      </p>
    );
  }
  if (letter.status === 'withdrawn') {
    return (
      <p className="status-line" data-testid="letter-status">
        <span className="tag tag-muted">Withdrawn</span> You withdrew your letter
        {letter.withdrawnAt ? ` on ${formatDateTime(letter.withdrawnAt)}` : ''}. It no longer counts.
      </p>
    );
  }
  return (
    <>
      <p className="status-line" data-testid="letter-status">
        {letter.inForce ? (
          <>
            <span className="tag tag-alert">In force</span> Your letter counts towards the threshold since{' '}
            {formatDay(letter.effectiveFrom)}.
          </>
        ) : (
          <>
            <span className="tag">Post-dated</span> Your letter takes effect on {formatDay(letter.effectiveFrom)}. Until
            then it does not count.
          </>
        )}
      </p>
      <p className="hint">Received {formatDateTime(letter.submittedAt)}.</p>
    </>
  );
}

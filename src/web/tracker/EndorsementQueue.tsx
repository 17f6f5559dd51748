import { useRef, useState, type KeyboardEvent } from 'react';
import { useLoader } from '../hooks';
import { ErrorMessage, Loading } from '../components/ui';
import { ConfirmButton } from '../components/ConfirmDialog';
import { formatDay } from '../format';
import { useT } from '../i18n/I18n';
import { isStaleEndorsementDecision, trackerApi, type EndorsementQueueEntry } from './api';
import { EndorsementSources } from './EndorsementsSection';
import { groupEndorsementQueue, type QueuedCandidate, type QueuedMember } from './endorsementGroups';
import { focusNeighbour, useResumeFocus } from './resumeFocus';

/**
 * The review desk's endorsements: what the extractor read of who backs whom in a contest, waiting for an editor.
 * Nothing in it is public until accepted (src/services/endorsements.ts). Grouped by contest, candidate and member; one
 * member's backing of one candidate is decided at once, naming the rows on screen, so a row read since is refused
 * (409) and shown instead of published unseen. Keys as on the rest of the desk: A accept and publish, R reject (asks
 * first), J/K or arrows to move.
 */
export function EndorsementQueue({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const t = useT();
  const [queue, reload] = useLoader(() => trackerApi.endorsementQueue(id), [id]);
  const list = useRef<HTMLUListElement>(null);
  // A member decided by key leaves the list on reload: focus resumes at its place, as on the declaration desk.
  const remember = useResumeFocus(list, '[data-endorsement-group]', null, queue.status === 'ready', queue);
  const move = (from: HTMLElement, step: number) => focusNeighbour(list, '[data-endorsement-group]', from, step);
  return (
    <section aria-labelledby="endorsement-queue-heading" data-testid="endorsement-queue">
      <h2 id="endorsement-queue-heading">{t('endorsements.desk.heading')}</h2>
      <p className="hint">{t('endorsements.desk.lede')}</p>
      {queue.status === 'loading' && <Loading what={t('endorsements.desk.loading')} />}
      {queue.status === 'error' && <ErrorMessage error={queue.error} title={t('endorsements.desk.loadError')} />}
      {queue.status === 'ready' && queue.data.endorsements.length === 0 && <p>{t('endorsements.desk.empty')}</p>}
      {queue.status === 'ready' && (
        <ul className="card-list" ref={list}>
          {groupEndorsementQueue(queue.data.endorsements).map((contest) => (
            <li key={contest.contestId} className="card">
              <h3>{t('endorsements.contest', { contest: contest.contestId })}</h3>
              {contest.candidates.map((candidate) => (
                <div key={candidate.candidateId}>
                  <h4>{t('endorsements.desk.candidate', { candidate: candidate.name })}</h4>
                  <ul className="possible-items">
                    {candidate.members.map((member) => (
                      <MemberBacking
                        key={member.memberId}
                        trackerId={id}
                        contestId={contest.contestId}
                        candidate={candidate}
                        member={member}
                        onMove={move}
                        onKeyAct={remember}
                        onDone={(text) => {
                          onDone(text);
                          void reload();
                        }}
                        onStale={() => void reload()}
                      />
                    ))}
                  </ul>
                </div>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MemberBacking({
  trackerId,
  contestId,
  candidate,
  member,
  onDone,
  onMove,
  onKeyAct,
  onStale,
}: {
  trackerId: string;
  contestId: string;
  candidate: QueuedCandidate;
  member: QueuedMember;
  onDone: (message: string) => void;
  onMove: (from: HTMLElement, step: number) => void;
  /** A key decided this member's backing: keyboard focus resumes at its place once it has left the list. */
  onKeyAct: (from: HTMLElement) => void;
  /** The rows changed since they were shown (one arrived, or another editor decided): reload to show them. */
  onStale: () => void;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const headingId = `endorsement-${contestId}-${candidate.candidateId}-${member.memberId}`;
  const names = { person: member.person, candidate: candidate.name };

  async function act(type: 'accept' | 'reject') {
    // The rows on screen: one recorded since is refused (409), never published or rejected unseen.
    await trackerApi.decideEndorsements(trackerId, contestId, { type, candidateId: candidate.candidateId, memberId: member.memberId, endorsements: member.rows.map((r) => r.id) });
    onDone(t(type === 'accept' ? 'endorsements.desk.published' : 'endorsements.desk.rejected', names));
  }
  async function accept() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await act('accept');
    } catch (e) {
      setError(e);
      if (isStaleEndorsementDecision(e)) onStale();
    } finally {
      setBusy(false);
    }
  }
  async function reject() {
    try {
      await act('reject');
    } catch (e) {
      if (isStaleEndorsementDecision(e)) onStale();
      throw e;
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLLIElement>) {
    if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey || busy) return;
    const key = e.key.toLowerCase();
    if (key === 'a') {
      onKeyAct(e.currentTarget);
      void accept();
    } else if (key === 'r') {
      onKeyAct(e.currentTarget);
      e.currentTarget.querySelector<HTMLButtonElement>(`[data-testid="reject-endorsement-${member.rows[0]!.id}"]`)?.click();
    } else if (key === 'j' || e.key === 'ArrowDown') onMove(e.currentTarget, 1);
    else if (key === 'k' || e.key === 'ArrowUp') onMove(e.currentTarget, -1);
    else return;
    e.preventDefault();
  }

  return (
    <li data-endorsement-group={member.memberId} tabIndex={0} onKeyDown={onKeyDown} className="possible-item" aria-labelledby={headingId} aria-busy={busy}>
      <p id={headingId}>
        <strong>{member.person}</strong>
      </p>
      {member.rows.map((r) => (
        <div key={r.id}>
          <p className="hint">
            {t(r.stance === 'endorses' ? 'endorsements.desk.endorses' : 'endorsements.desk.withdrew')}
            {r.date && <> · {formatDay(r.date)}</>}
          </p>
          <EndorsementSources sources={[r.source]} />
        </div>
      ))}
      <div className="button-row">
        <button type="button" className="button" onClick={() => void accept()} disabled={busy} aria-describedby={headingId}>
          {t('endorsements.desk.accept')}
        </button>
        {/* A rejection is final (recording the same article again does not propose it again), so it is confirmed first. */}
        <ConfirmButton
          label={t('endorsements.desk.reject')}
          className="button button-secondary"
          title={t('endorsements.desk.rejectTitle')}
          confirmLabel={t('endorsements.desk.rejectConfirm')}
          danger
          disabled={busy}
          testId={`reject-endorsement-${member.rows[0]!.id}`}
          onConfirm={reject}
        >
          <p>{t('endorsements.desk.rejectBody', names)}</p>
        </ConfirmButton>
      </div>
      <ErrorMessage error={error} title={t('common.didNotWork')} />
    </li>
  );
}

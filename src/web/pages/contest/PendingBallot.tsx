import type { ReactNode } from 'react';
import { useLoader } from '../../hooks';
import { useT } from '../../i18n/I18n';
import { electionApi } from '../ballot/api';
import { ballotLabel, pendingBallot, type ContestView, type ElectionView } from './api';

/** Board stages after voting, when the public and the chair need to know what is awaited and from whom. */
const AFTER_VOTING = new Set(['close', 'tally', 'partial_decryption', 'result']);

/**
 * The pending ballot's board once voting has closed (null before, or with no pending ballot): the public page reads
 * its stage and the trustees' decryptions to say what the count is waiting for, rather than "not declared yet".
 */
export function usePendingBoard(c: ContestView): { ballot: string; e: ElectionView } | null {
  const ballot = pendingBallot(c);
  const ref = ballot ? c.ballots.find((b) => b.ballot === ballot) : undefined;
  const watch = ref && AFTER_VOTING.has(ref.lastType) ? ref : undefined;
  const [state] = useLoader(async () => (watch ? electionApi.election(watch.electionId) : null), [watch?.electionId, watch?.lastType]);
  return ballot && state.status === 'ready' && state.data ? { ballot, e: state.data } : null;
}

/** Where the pending ballot's count stands after voting: the trustees' decryption, the chair's declaration, or a count the contest did not declare. */
export function PendingCount({ c, pending, testId }: { c: ContestView; pending: { ballot: string; e: ElectionView } | null; testId?: string }): ReactNode {
  const t = useT();
  if (!pending) return null;
  const { ballot, e } = pending;
  const name = ballotLabel(t, ballot);
  const k = e.manifest.trustees.threshold;
  if (e.stage === 'closed') return <span data-testid={testId}>{t('journeys.pending.closed', { ballot: name })}</span>;
  if (e.stage === 'tallying' && e.partials.length < k) return <span data-testid={testId}>{t('journeys.pending.decrypting', { ballot: name, n: e.partials.length, k })}</span>;
  if (e.stage === 'tallying') return <span data-testid={testId}>{t('journeys.pending.declare', { ballot: name })}</span>;
  if (e.stage === 'decided') {
    // The board's result is posted but the contest did not declare it (a tie the rulebook runs again): its record says why.
    const why = c.log.at(-1)?.text;
    return (
      <span data-testid={testId}>
        {t('journeys.pending.notDeclared', { ballot: name })}
        {why && (
          <>
            {' '}
            {t('journeys.pending.why')} <q lang="en">{why}</q>
          </>
        )}
      </span>
    );
  }
  return null;
}

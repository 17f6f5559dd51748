import { Suspense, lazy } from 'react';
import { useLoader } from '../../hooks';
import { isCommitteeOfficer, useSession } from '../../session';
import { electionApi, electionPaths, STAGE_WORDS } from './api';
import type { Translate } from '../../i18n/I18n';
import { useT } from '../../i18n/I18n';

// The chair's form (React Aria fields) is fetched only when a chair is shown it.
const CreateElection = lazy(() => import('./CreateElection').then((m) => ({ default: m.CreateElection })));

/**
 * On a procedure's page: its verifiable confidence vote, if there is one; for the chair, once the vote is
 * scheduled, the button that creates it (manifest from the rulebook and the credential authority's public key,
 * 3 of 5 trustees by default).
 */
export function ElectionLink({ procedureId, state, onCreated }: { procedureId: string; state?: string; onCreated?: () => void | Promise<void> }) {
  const { account } = useSession();
  const t = useT();
  const [e, reload] = useLoader(() => electionApi.forProcedure(procedureId).catch(() => null), [procedureId]);
  if (e.status !== 'ready') return null;
  if (!e.data) {
    if (account?.role !== 'chair' || (state !== undefined && state !== 'ballot_scheduled')) return null;
    return (
      <Suspense fallback={null}>
        <CreateElection procedureId={procedureId} reload={reload} onCreated={onCreated} />
      </Suspense>
    );
  }
  return (
    <p data-testid="election-link">
      <a href={electionPaths.election(e.data.id)}>{t('election.link')}</a>: {stageText(t, e.data.stage)}
      {isCommitteeOfficer(account) && (
        <>
          {' · '}
          <a href={`${electionPaths.election(e.data.id)}/ceremony`}>{t('election.ceremonyLink')}</a>
        </>
      )}
    </p>
  );
}

const STAGES = ['key-ceremony', 'credentials', 'ready', 'open', 'closed', 'tallying', 'decided'] as const;

/** The election's stage in the reader's language (an unknown stage keeps the English words). */
export function stageText(t: Translate, stage: string): string {
  return (STAGES as readonly string[]).includes(stage) ? t(`election.stage.${stage as (typeof STAGES)[number]}`) : (STAGE_WORDS[stage] ?? stage);
}

import { useLoader, usePageTitle } from '../../hooks';
import { ErrorMessage, Loading } from '../../components/ui';
import { isCommitteeOfficer, useSession } from '../../session';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n/I18n';
import { contestApi, contestPaths, membersBoard, type ContestView } from './api';
import { RoundsChart } from './RoundsChart';
import { ContestEndorsements } from '../../tracker/EndorsementsSection';
import { CandidatesTable, ContestSteps, MembersResult, RoundByRound, RoundsTable, nameOf } from './ContestParts';
import { MembersChannels } from './MembersChannels';
import { MemberCheck } from './MemberCheck';
import { PendingCount, usePendingBoard } from './PendingBallot';

/** The public contest page: where it stands, the candidates (nominators as the rulebook publishes them), every round, the members' ballot, the leader. */
export function ContestPage({ id }: { id: string }) {
  const t = useT();
  const [state] = useLoader(() => contestApi.get(id), [id]);
  usePageTitle(t('contest.page.title'));
  return (
    <div className="container">
      {state.status === 'loading' && (
        <>
          <h1>{t('contest.page.title')}</h1>
          <Loading what={t('contest.loading')} />
        </>
      )}
      {state.status === 'error' && (
        <>
          <h1>{t('contest.page.title')}</h1>
          <ErrorMessage error={state.error} />
        </>
      )}
      {state.status === 'ready' && <Contest c={state.data} />}
    </div>
  );
}

function Contest({ c }: { c: ContestView }) {
  const t = useT();
  const { account } = useSession();
  const pending = usePendingBoard(c);
  // Once the pending ballot's voting has closed, what its count awaits replaces "under way" and "not declared yet".
  const pendingNote = pending ? <PendingCount c={c} pending={pending} /> : undefined;
  const status = pending ? <PendingCount c={c} pending={pending} testId="pending-count" /> : undefined;
  return (
    <>
      <p className="eyebrow">{t('contest.page.eyebrow', { rulebook: c.rulebook })}</p>
      <h1>{t('contest.page.heading', { id: c.id })}</h1>
      <p className="lede" data-testid="contest-phase">
        {status ?? t(`contest.phase.${c.phase}`, { winner: c.winner ? nameOf(c, c.winner.candidate) : '' })}
      </p>
      {c.ballots.length > 0 && (
        <p>
          <a className="button button-secondary" href={contestPaths.verify(c.id)} data-testid="to-contest-verify">
            {t('journeys.cverify.link')}
          </a>
        </p>
      )}
      {c.winner && (
        <div className="notice notice-success" data-testid="winner">
          <p className="notice-title">{t(`contest.winner.${c.winner.how}`, { name: nameOf(c, c.winner.candidate) })}</p>
          <p>{t('contest.winner.when', { when: formatDateTime(c.winner.at) })}</p>
        </div>
      )}
      {isCommitteeOfficer(account) && c.ballots.length > 0 && (
        <p>
          <a href={contestPaths.trustee(c.id)} data-testid="to-trustee">
            {t('contest.trustee.link')}
          </a>
          {membersBoard(c) !== undefined && (
            <>
              {' · '}
              <a href={`${contestPaths.contest(c.id)}/postal`} data-testid="to-postal">
                {t('postal.title')}
              </a>
            </>
          )}
        </p>
      )}
      {(account?.role === 'member' || account?.role === 'chair') && (
        <p className="button-row">
          {account.role === 'member' && (
            <a className="button" href={contestPaths.mp(c.id)}>
              {t('contest.page.toMp')}
            </a>
          )}
          {account.role === 'chair' && (
            <a className="button" href={contestPaths.chair(c.id)}>
              {t('contest.page.toChair')}
            </a>
          )}
        </p>
      )}
      <section className="card" aria-labelledby="contest-steps-heading">
        <h2 id="contest-steps-heading">{t('contest.steps.heading')}</h2>
        <ContestSteps c={c} />
      </section>
      <section className="card" aria-labelledby="candidates-heading">
        <h2 id="candidates-heading">{t('contest.candidates.heading')}</h2>
        <CandidatesTable c={c} />
      </section>
      <ContestEndorsements contestId={c.id} />
      <section aria-labelledby="rounds-heading">
        <h2 id="rounds-heading">{t('contest.rounds.heading')}</h2>
        <RoundsChart c={c} />
        <RoundByRound c={c} />
        <RoundsTable c={c} pendingNote={pendingNote} />
      </section>
      <MembersResult c={c} pendingNote={pendingNote} />
      <MembersChannels c={c} />
      <MemberCheck c={c} />
      <section className="card" aria-labelledby="log-heading">
        <h2 id="log-heading">{t('contest.log.heading')}</h2>
        <details>
          <summary>{t('contest.log.show', { n: c.log.length })}</summary>
          <ol className="timeline">
          {c.log.map((l, i) => (
            <li key={i}>
              <span className="timeline-when">{formatDateTime(l.at)}</span> <span lang="en">{l.text}</span>
            </li>
          ))}
          </ol>
        </details>
      </section>
    </>
  );
}

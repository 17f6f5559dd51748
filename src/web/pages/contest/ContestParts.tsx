import type { ReactNode } from 'react';
import { StepList, type Step, type StepStatus } from '../../components/StepList';
import { formatDateTime, formatNumber } from '../../format';
import { useT } from '../../i18n/I18n';
import { contestPaths, membersBoard, type ContestView } from './api';
import { Select } from '../../components/fields';

/** Shared parts of the contest pages: where the contest stands, the candidates, the rounds' results. */

export const nameOf = (c: ContestView, id: string) => c.names[id] ?? id;

const ORDER = ['nominations', 'rounds', 'members', 'decided'] as const;

/** open → nominations → candidate list → MP rounds → members' ballot → leader. The status is in the text. */
export function ContestSteps({ c }: { c: ContestView }) {
  const t = useT();
  const at = c.phase === 'paused' ? 1 : c.phase === 'failed' ? 3 : ORDER.indexOf(c.phase as (typeof ORDER)[number]);
  const status = (i: number): StepStatus => (at > i ? 'done' : at === i ? 'current' : 'todo');
  const roundsSkipped = c.phase === 'decided' && c.rounds.length === 0;
  const membersSkipped = !c.members || (c.phase === 'decided' && c.winner?.how !== 'members');
  const steps: Step[] = [
    // The roster the `open` event names (C6 holds withdrawals to its key registry): an MP can see it is theirs.
    { id: 'open', label: t('contest.steps.open'), status: 'done', note: c.opening.rosterId ? t('contest.steps.openRoster', { when: formatDateTime(c.opening.at), roster: c.opening.rosterId }) : formatDateTime(c.opening.at) },
    { id: 'nominations', label: t('contest.steps.nominations'), status: status(0), note: t('contest.steps.closes', { when: formatDateTime(c.nominationsClose) }) },
    {
      id: 'rounds',
      label: t('contest.steps.rounds'),
      status: roundsSkipped ? 'skipped' : status(1),
      note: c.rounds.length ? t('contest.steps.roundsSoFar', { n: c.rounds.length }) : undefined,
    },
    { id: 'members', label: t('contest.steps.members'), status: membersSkipped ? 'skipped' : status(2) },
    { id: 'leader', label: t('contest.steps.leader'), status: c.phase === 'decided' ? 'done' : 'todo', note: c.winner ? nameOf(c, c.winner.candidate) : undefined },
  ];
  return <StepList steps={steps} label={t('contest.steps.label')} />;
}

const STATUS_KEY = { standing: 'contest.status.standing', withdrawn: 'contest.status.withdrawn', eliminated: 'contest.status.eliminated', invalid: 'contest.status.invalid' } as const;

export function CandidatesTable({ c }: { c: ContestView }) {
  const t = useT();
  if (c.candidates.length === 0) return <p>{t('contest.candidates.none')}</p>;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t('journeys.contest.candidatesTable')}>
      <table className="table table-stack" data-testid="candidates">
        <thead>
          <tr>
            <th scope="col">{t('contest.candidates.name')}</th>
            <th scope="col">{t('contest.candidates.status')}</th>
            <th scope="col">{t('contest.candidates.nominations')}</th>
            <th scope="col">{t('contest.candidates.nominators')}</th>
          </tr>
        </thead>
        <tbody>
          {c.candidates.map((k) => (
            <tr key={k.id} data-candidate={k.id}>
              <th scope="row">{nameOf(c, k.id)}</th>
              <td>
                {t(STATUS_KEY[k.status])}
                {k.outRound ? ` (${t('contest.candidates.outRound', { n: k.outRound })})` : ''}
              </td>
              <td>{formatNumber(k.nominations)}</td>
              <td>
                {k.nominators === null
                  ? t(c.phase === 'nominations' ? 'contest.candidates.nominatorsLater' : 'contest.candidates.nominatorsConfidential')
                  : k.nominators.map((n) => `${nameOf(c, n.member)}${n.role === 'supporter' ? '' : ` (${t(n.role === 'proposer' ? 'contest.role.proposer' : 'contest.role.seconder')})`}`).join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every round: votes per candidate with a bar, spoilt, abstentions, who went out and why, the board to verify. */
export function RoundsTable({ c, pendingNote }: { c: ContestView; pendingNote?: ReactNode }) {
  const t = useT();
  if (c.rounds.length === 0) return <p>{t('contest.rounds.none')}</p>;
  return (
    <>
      {c.rounds.map((r) => {
        // The round's board is its last ballot: round-N, or its latest rerun after a tie (tied boards are listed below).
        const board = c.ballots.filter((b) => b.ballot === `round-${r.number}` || b.ballot.startsWith(`round-${r.number}-rerun-`)).at(-1);
        const max = r.result ? Math.max(1, ...Object.values(r.result.counts)) : 1;
        const out = new Set(r.result?.eliminated.map((e) => e.candidate) ?? []);
        return (
          <section key={r.number} className="card" aria-labelledby={`round-${r.number}-heading`} data-testid={`round-${r.number}`}>
            <h3 id={`round-${r.number}-heading`}>{t('contest.rounds.title', { n: r.number })}</h3>
            <p className="hint">{t('contest.rounds.opens', { when: formatDateTime(r.opensAt) })}</p>
            {!r.result ? (
              <p>{(r.number === c.rounds.length && pendingNote) || t('contest.rounds.pending')}</p>
            ) : (
              <>
                <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={`round-${r.number}-heading`}>
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">{t('contest.candidates.name')}</th>
                        <th scope="col">{t('contest.rounds.votes')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.candidates
                        .slice()
                        .sort((a, b) => (r.result!.counts[b] ?? 0) - (r.result!.counts[a] ?? 0))
                        .map((id) => (
                          <tr key={id}>
                            <th scope="row">
                              {nameOf(c, id)}
                              {out.has(id) && <span className="tag tag-alert"> {t('contest.rounds.out')}</span>}
                            </th>
                            <td>
                              <span className="vote-bar" aria-hidden="true" style={{ width: `${Math.round((100 * (r.result!.counts[id] ?? 0)) / max)}%` }} />
                              {formatNumber(r.result!.counts[id] ?? 0)}
                            </td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                </div>
                <p data-testid={`round-${r.number}-totals`}>{t('contest.rounds.totals', { spoilt: r.result.spoilt, abstentions: r.result.abstentions, electorate: r.result.electorate })}</p>
                <p data-testid={`round-${r.number}-outcome`}>
                  {r.result.rerun
                    ? t('contest.rounds.rerun')
                    : r.result.eliminated.length
                      ? t('contest.rounds.eliminated', { names: r.result.eliminated.map((e) => nameOf(c, e.candidate)).join(', ') })
                      : t('contest.rounds.nobodyOut')}
                </p>
              </>
            )}
            {r.ties.map((x) => {
              const tiedBoard = c.ballots.find((b) => b.ballot === x.ballot);
              return (
                <div key={x.ballot} data-testid={`tied-${x.ballot}`}>
                  <p>{t('contest.rerun.tied', { ballot: x.ballot, counts: r.candidates.map((id) => `${nameOf(c, id)} ${formatNumber(x.counts[id] ?? 0)}`).join(', ') })}</p>
                  {tiedBoard && <VerifyLinks eid={tiedBoard.electionId} hash={tiedBoard.electionHash} file={`${x.ballot}.jsonl`} />}
                </div>
              );
            })}
            {r.awaitingRerun && <p data-testid={`round-${r.number}-awaiting-rerun`}>{t('contest.rounds.rerun')}</p>}
            {board && board.ballot !== r.ties.at(-1)?.ballot && <VerifyLinks eid={board.electionId} hash={board.electionHash} file={`${board.ballot}.jsonl`} />}
          </section>
        );
      })}
    </>
  );
}

export function VerifyLinks({ eid, hash, file }: { eid: string; hash: string; file: string }): ReactNode {
  const t = useT();
  return (
    <p className="hint">
      <a href={contestPaths.board(eid)} download={file}>
        {t('contest.verify.download')}
      </a>{' '}
      {t('contest.verify.how', { file })}{' '}
      <a href={`/elections/${encodeURIComponent(eid)}/verify`}>{t('journeys.cverify.boardLink')}</a>{' '}
      <span className="hash">
        {t('contest.verify.hash')} <code>{hash.slice(0, 16)}…</code>
      </span>
    </p>
  );
}

export function MembersResult({ c, pendingNote }: { c: ContestView; pendingNote?: ReactNode }) {
  const t = useT();
  if (!c.members || c.members.finalists.length === 0) return null;
  // The members' board, or its latest rerun after a tie (members-rerun-K).
  const board = membersBoard(c);
  const ties = c.members.ties ?? [];
  const r = c.members.result;
  return (
    <section className="card" aria-labelledby="members-heading" data-testid="members">
      <h2 id="members-heading">{t('contest.members.title')}</h2>
      <p>{t('contest.members.finalists', { names: c.members.finalists.map((f) => nameOf(c, f)).join(', ') })}</p>
      {c.members.roll && (
        <p data-testid="members-roll-public">
          {t('contest.roll.public', { eligible: c.members.roll.eligible, members: c.members.roll.members, freeze: c.members.roll.freezeDate })} <code title={c.members.roll.digest}>{c.members.roll.digest.slice(0, 16)}…</code>
        </p>
      )}
      {r ? (
        <>
          <ul className="result-list">
            {Object.entries(r.counts)
              .sort((a, b) => b[1] - a[1])
              .map(([id, n]) => (
                <li key={id}>{t('contest.members.votes', { name: nameOf(c, id), n })}</li>
              ))}
          </ul>
          <p>{t('contest.members.totals', { rejected: r.rejected, electorate: r.electorate, turnout: Object.values(r.counts).reduce((a, b) => a + b, 0) + r.rejected })}</p>
        </>
      ) : c.members.awaitingRerun ? null : (
        <p>{pendingNote || t('contest.members.pending')}</p>
      )}
      {ties.map((x) => {
        const tiedBoard = c.ballots.find((b) => b.ballot === x.ballot);
        return (
          <div key={x.ballot} data-testid={`tied-${x.ballot}`}>
            <p>{t('contest.members.tied', { counts: c.members!.finalists.map((id) => `${nameOf(c, id)} ${formatNumber(x.counts[id] ?? 0)}`).join(', ') })}</p>
            {tiedBoard && <VerifyLinks eid={tiedBoard.electionId} hash={tiedBoard.electionHash} file={`${x.ballot}.jsonl`} />}
          </div>
        );
      })}
      {c.members.awaitingRerun && <p data-testid="members-awaiting-rerun">{t('contest.members.rerun')}</p>}
      {board && board.ballot !== ties.at(-1)?.ballot && <VerifyLinks eid={board.electionId} hash={board.electionHash} file={`${board.ballot}.jsonl`} />}
    </section>
  );
}

/** Every candidate's votes round by round (— once out), with each round's spoilt ballots: the whole contest at a glance. */
export function RoundByRound({ c }: { c: ContestView }) {
  const t = useT();
  const declared = c.rounds.filter((r) => r.result);
  if (declared.length < 1) return null;
  const ids = [...new Set(declared.flatMap((r) => r.candidates))].sort((a, b) => {
    const last = (id: string) => [...declared].reverse().findIndex((r) => r.result!.counts[id] !== undefined);
    return last(a) - last(b) || (declared[0]!.result!.counts[b] ?? 0) - (declared[0]!.result!.counts[a] ?? 0);
  });
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="round-by-round-caption">
      <table className="table" data-testid="round-by-round">
        <caption id="round-by-round-caption">{t('contest.table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('contest.candidates.name')}</th>
            {declared.map((r) => (
              <th key={r.number} scope="col">
                {t('contest.rounds.title', { n: r.number })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ids.map((id) => (
            <tr key={id}>
              <th scope="row">{nameOf(c, id)}</th>
              {declared.map((r) => (
                <td key={r.number}>{r.result!.counts[id] === undefined ? <>
                      <span aria-hidden="true">—</span>
                      <span className="visually-hidden">{t('contest.table.notStanding')}</span>
                    </> : formatNumber(r.result!.counts[id]!)}</td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row">{t('contest.table.spoilt')}</th>
            {declared.map((r) => (
              <td key={r.number}>{formatNumber(r.result!.spoilt)}</td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

export type NominationRole = 'proposer' | 'seconder' | 'supporter';

/** A labelled choice of one MP, by name (nominee or nominator). */
export function MemberSelect({ id, label, value, onChange, members }: { id: string; label: string; value: string; onChange: (id: string) => void; members: readonly (readonly [string, string])[] }) {
  const t = useT();
  return (
    <Select id={id} testId={id} label={label} placeholder={t('contest.open.choose')} value={value} onChange={onChange} options={members.map(([m, name]) => ({ value: m, label: name }))} />
  );
}

/** The nominator's role: proposer, seconder or supporter. */
export function NominationRoleField({ name, value, onChange }: { name: string; value: NominationRole; onChange: (r: NominationRole) => void }) {
  const t = useT();
  return (
    <fieldset className="field">
      <legend>{t('contest.mp.role')}</legend>
      {(['proposer', 'seconder', 'supporter'] as const).map((r) => (
        <label key={r} className="radio">
          <input type="radio" name={name} checked={value === r} onChange={() => onChange(r)} data-testid={`${name}-${r}`} /> {t(`contest.role.${r}`)}
        </label>
      ))}
    </fieldset>
  );
}

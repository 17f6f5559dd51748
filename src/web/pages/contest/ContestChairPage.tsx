import { useMemo, useState } from 'react';
import { isMembersBallot } from '../../../contest/engine';
import { useLoader, usePageTitle } from '../../hooks';
import { ErrorMessage, Loading, SuccessMessage } from '../../components/ui';
import { ConfirmButton } from '../../components/ConfirmDialog';
import { NextStep } from '../../components/StepList';
import { RequireRole } from '../RequireRole';
import { formatDateTime, ukLocalToIso } from '../../format';
import { useT } from '../../i18n/I18n';
import { electionApi } from '../ballot/api';
import { ballotLabel, contestApi, contestPaths, pendingBallot, tiedBallot, type ContestView, type ElectionView } from './api';
import { CandidatesTable, ContestSteps, MemberSelect, NominationRoleField, RoundsTable, nameOf, type NominationRole } from './ContestParts';
import { TextField, dateIncomplete } from '../../components/fields';
import { FileInput } from '../../components/FileInput';
import { PendingCount } from './PendingBallot';

/**
 * The chair's page: one next step at a time — record paper nominations and close the list; schedule each round,
 * put it on a verifiable board, open and close it, tally, and declare it from the trustees' decryption (the
 * rulebook then decides who is out and the contest moves on by itself). Irreversible acts ask first.
 */
export function ContestChairPage({ id }: { id: string }) {
  const t = useT();
  usePageTitle(t('contest.chair.title'));
  return (
    <RequireRole title={t('contest.chair.title')} allowed={(a) => a.role === 'chair'} forbiddenText={t('contest.chair.forbidden')}>
      {() => <Chair id={id} />}
    </RequireRole>
  );
}

function Chair({ id }: { id: string }) {
  const t = useT();
  const [done, setDone] = useState<string | null>(null);
  const [state, reload] = useLoader(async () => {
    const c = await contestApi.get(id);
    const pending = pendingBallot(c);
    const ref = pending ? c.ballots.find((b) => b.ballot === pending) : undefined;
    return { c, pending, election: ref ? await electionApi.election(ref.electionId) : null };
  }, [id]);
  const after = (message: string) => async () => {
    setDone(message);
    await reload();
  };
  return (
    <div className="container">
      <h1>{t('contest.chair.title')}</h1>
      {state.status === 'loading' && <Loading what={t('contest.loading')} />}
      {state.status === 'error' && <ErrorMessage error={state.error} />}
      {state.status === 'ready' && (
        <>
          <p className="lede">
            <a href={contestPaths.contest(id)}>{t('contest.page.heading', { id })}</a>
          </p>
          <SuccessMessage>{done}</SuccessMessage>
          <Next c={state.data.c} pending={state.data.pending} e={state.data.election} after={after} />
          <section className="card" aria-labelledby="chair-steps-heading">
            <h2 id="chair-steps-heading">{t('contest.steps.heading')}</h2>
            <ContestSteps c={state.data.c} />
          </section>
          <section className="card" aria-labelledby="candidates-heading">
            <h2 id="candidates-heading">{t('contest.candidates.heading')}</h2>
            <CandidatesTable c={state.data.c} />
          </section>
          <section aria-labelledby="rounds-heading">
            <h2 id="rounds-heading">{t('contest.rounds.heading')}</h2>
            <RoundsTable c={state.data.c} />
          </section>
          <DrawnLots c={state.data.c} />
        </>
      )}
    </div>
  );
}

type After = (message: string) => () => Promise<void>;

function Next({ c, pending, e, after }: { c: ContestView; pending: string | null; e: ElectionView | null; after: After }) {
  const t = useT();
  if (c.phase === 'nominations') return <Nominations c={c} after={after} />;
  if (c.phase === 'paused')
    return (
      <NextStep title={t('contest.chair.pausedTitle')}>
        <ConfirmButton label={t('contest.chair.resume')} title={t('contest.chair.resume')} confirmLabel={t('contest.chair.resume')} testId="resume" onConfirm={async () => {
            await contestApi.resume(c.id);
            await after(t('contest.chair.resumed'))();
          }}>
          <p>{t('contest.chair.resumeBody')}</p>
        </ConfirmButton>
      </NextStep>
    );
  const tied = tiedBallot(c);
  if (tied) return <Rerun c={c} tied={tied} after={after} />;
  if (c.phase === 'rounds' && !pending) return <ScheduleRound c={c} after={after} />;
  if (pending && !e) return <PutOnBoard c={c} ballot={pending} after={after} />;
  if (pending && e) return <BoardStep c={c} ballot={pending} e={e} after={after} />;
  return null;
}

const ballotName = (t: ReturnType<typeof useT>, ballot: string) => ballotLabel(t, ballot);

/**
 * Ties the rulebook broke by lot (tie policy `lot`): nobody, the chair included, names the seed — it is derived from
 * the close record of the tied ballot's board, fixed before the trustees decrypted the count. The page shows which
 * board, that record's hash, the seed and each tied candidate's ticket, so anyone can redraw the lot from the board.
 */
export function DrawnLots({ c }: { c: ContestView }) {
  const t = useT();
  const lots = [...c.rounds.map((r) => r.result?.lot ?? null), c.members?.result?.lot ?? null].filter((l) => l !== null);
  if (lots.length === 0) return null;
  return (
    <section className="card" aria-labelledby="lots-heading" data-testid="drawn-lots">
      <h2 id="lots-heading">{t('contest.lot.heading')}</h2>
      <p>{t('contest.lot.body')}</p>
      {lots.map((l) => (
        <div key={l.ballot} data-testid={`lot-${l.ballot}`}>
          <h3>{t('contest.lot.ballot', { ballot: ballotName(t, l.ballot) })}</h3>
          <dl>
            <dt>{t('contest.lot.close')}</dt>
            <dd>
              <code data-testid="lot-close">{l.close}</code>
            </dd>
            <dt>{t('contest.lot.seed')}</dt>
            <dd>
              <code data-testid="lot-seed">{l.seed}</code>
            </dd>
            <dt>{t('contest.lot.tickets')}</dt>
            <dd>
              <ul>
                {Object.entries(l.tickets).map(([id, ticket]) => (
                  <li key={id}>
                    {nameOf(c, id)}: <code>{ticket}</code>
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
        </div>
      ))}
    </section>
  );
}

/** The alert shown when a step's button is pressed before its choices are made. */
function ChoiceProblem({ show, text }: { show: boolean; text: string }) {
  return show ? (
    <p className="notice notice-error" role="alert">
      {text}
    </p>
  ) : null;
}

/**
 * A tie under the rulebook's re-run policy: the tied count stays published; the same candidates vote again on a new
 * board. Before the rerun is scheduled a candidate may withdraw (the chair records it on their behalf): the tied
 * count without them then decides, or the rerun goes ahead among those left (docs/contest.md §2 item 8); the server
 * refuses it where the rulebook does (the final two's undertaking).
 */
function Rerun({ c, tied, after }: { c: ContestView; tied: string; after: After }) {
  const t = useT();
  const [candidate, setCandidate] = useState('');
  const [problem, setProblem] = useState(false);
  const standing = c.candidates.filter((x) => x.status === 'standing').map((x) => [x.id, nameOf(c, x.id)] as const);
  return (
    <NextStep title={t('contest.rerun.title', { ballot: ballotName(t, tied) })}>
      <p>{t('contest.rerun.body')}</p>
      <ConfirmButton label={t('contest.rerun.button')} title={t('contest.rerun.button')} confirmLabel={t('contest.rerun.button')} testId="rerun" onConfirm={async () => {
          await contestApi.rerun(c.id);
          await after(t('contest.rerun.done'))();
        }}>
        <p>{t('contest.rerun.confirm')}</p>
      </ConfirmButton>
      <h3>{t('contest.rerun.withdrawTitle')}</h3>
      <p>{t('contest.rerun.withdrawBody')}</p>
      <MemberSelect id="rerun-withdraw" label={t('contest.rerun.withdrawWho')} value={candidate} onChange={setCandidate} members={standing} />
      <ChoiceProblem show={problem} text={t('contest.rerun.withdrawChoose')} />
      <p className="button-row">
        <ConfirmButton
          className="button button-secondary"
          label={t('contest.rerun.withdrawButton')}
          title={t('contest.rerun.withdrawConfirmTitle', { candidate: candidate ? nameOf(c, candidate) : '' })}
          confirmLabel={t('contest.rerun.withdrawButton')}
          danger
          testId="rerun-withdraw-button"
          beforeOpen={() => {
            setProblem(!candidate);
            return !!candidate;
          }}
          onConfirm={async () => {
            await contestApi.withdraw(c.id, candidate);
            await after(t('contest.rerun.withdrawn', { candidate: nameOf(c, candidate) }))();
          }}
        >
          <p>{t('contest.rerun.withdrawConfirm')}</p>
        </ConfirmButton>
      </p>
    </NextStep>
  );
}

function Nominations({ c, after }: { c: ContestView; after: After }) {
  const t = useT();
  const [candidate, setCandidate] = useState('');
  const [nominator, setNominator] = useState('');
  const [role, setRole] = useState<NominationRole>('supporter');
  const [problem, setProblem] = useState(false);
  const mps = useMemo(() => Object.entries(c.names).sort((a, b) => a[1].localeCompare(b[1])), [c.names]);
  const closed = Date.now() >= Date.parse(c.nominationsClose);
  return (
    <NextStep title={t('contest.chair.nominationsTitle')}>
      <p>{t('contest.chair.nominationsBody', { when: formatDateTime(c.nominationsClose) })}</p>
      <div className="two-columns">
        <MemberSelect id="paper-candidate" label={t('contest.mp.candidate')} value={candidate} onChange={setCandidate} members={mps} />
        <MemberSelect id="paper-nominator" label={t('contest.chair.nominator')} value={nominator} onChange={setNominator} members={mps} />
      </div>
      <NominationRoleField name="paper-role" value={role} onChange={setRole} />
      <ChoiceProblem show={problem} text={t('contest.chair.choosePaper')} />
      <p className="button-row">
        <ConfirmButton
          className="button button-secondary"
          label={t('contest.chair.recordPaper')}
          title={t('contest.chair.recordTitle', { nominator: nominator ? nameOf(c, nominator) : '', candidate: candidate ? nameOf(c, candidate) : '' })}
          confirmLabel={t('contest.chair.recordPaper')}
          testId="record-paper"
          beforeOpen={() => {
            setProblem(!candidate || !nominator);
            return !!candidate && !!nominator;
          }}
          onConfirm={async () => {
            await contestApi.nominate(c.id, { candidate, nominator, role });
            await after(t('contest.chair.recorded', { candidate: nameOf(c, candidate) }))();
          }}
        >
          <p>{t('contest.chair.recordBody')}</p>
        </ConfirmButton>
        <ConfirmButton
          label={t('contest.chair.close')}
          title={t('contest.chair.closeTitle')}
          confirmLabel={t('contest.chair.close')}
          danger
          testId="close-nominations"
          onConfirm={async () => {
            await contestApi.closeNominations(c.id);
            await after(t('contest.chair.closed'))();
          }}
        >
          <p>{t(closed ? 'contest.chair.closeBody' : 'contest.chair.closeEarly', { when: formatDateTime(c.nominationsClose) })}</p>
        </ConfirmButton>
      </p>
    </NextStep>
  );
}

function ScheduleRound({ c, after }: { c: ContestView; after: After }) {
  const t = useT();
  const [when, setWhen] = useState('');
  const [problem, setProblem] = useState(false);
  const n = c.rounds.length + 1;
  const iso = ukLocalToIso(when);
  return (
    <NextStep title={t('contest.chair.scheduleTitle', { n })}>
      <TextField id="round-opens" type="datetime-local" label={t('contest.chair.opensAt')} value={when} onChange={setWhen} testId="round-opens" />
      {problem && (
        <p className="notice notice-error" role="alert">
          {t('contest.open.noClose')}
        </p>
      )}
      <ConfirmButton
        label={t('contest.chair.schedule', { n })}
        title={t('contest.chair.schedule', { n })}
        confirmLabel={t('contest.chair.schedule', { n })}
        testId="schedule-round"
        beforeOpen={() => {
          setProblem(!iso);
          return !!iso;
        }}
        onConfirm={async () => {
          await contestApi.scheduleRound(c.id, iso!);
          await after(t('contest.chair.scheduled', { n }))();
        }}
      >
        <p>{t('contest.chair.scheduleBody', { n, candidates: c.candidates.filter((k) => k.status === 'standing').length })}</p>
      </ConfirmButton>
    </NextStep>
  );
}

function PutOnBoard({ c, ballot, after }: { c: ContestView; ballot: string; after: After }) {
  const t = useT();
  const [trustees, setTrustees] = useState('3');
  const [threshold, setThreshold] = useState('2');
  const [authority, setAuthority] = useState('');
  const members = isMembersBallot(ballot);
  return (
    <NextStep title={t('contest.chair.boardTitle', { ballot: ballotName(t, ballot) })}>
      <p>{t('contest.chair.boardBody')}</p>
      <div className="two-columns">
        <TextField id="trustees" type="number" label={t('contest.chair.trustees')} value={trustees} onChange={setTrustees} inputProps={{ min: 1, max: 20 }} />
        <TextField id="threshold" type="number" label={t('contest.chair.threshold')} value={threshold} onChange={setThreshold} inputProps={{ min: 1, max: 20 }} />
      </div>
      <TextField id="contest-authority-key" label={t('election.authority')} hint={t('election.authorityHint')} value={authority} onChange={setAuthority} autoComplete="off" inputProps={{ spellCheck: false }} />
      {members && <MembersRoll c={c} after={after} />}
      <ConfirmButton
        label={t('contest.chair.putOnBoard')}
        title={t('contest.chair.boardTitle', { ballot: ballotName(t, ballot) })}
        confirmLabel={t('contest.chair.putOnBoard')}
        testId="put-on-board"
        onConfirm={async () => {
          await contestApi.putOnBoard(c.id, { trustees: Number(trustees), threshold: Number(threshold), authority: authority.trim().toLowerCase() });
          await after(t('contest.chair.onBoard'))();
        }}
      >
        <p>{t('contest.chair.boardConfirm', { trustees: Number(trustees), threshold: Number(threshold) })}</p>
      </ConfirmButton>
    </NextStep>
  );
}

/**
 * The membership roll for the members' ballot: the chair uploads the CSV; the server validates it all or nothing and
 * keeps only the counts and a digest; the members eligible at the freeze date are the ballot's electorate. A full
 * roll (beyond the API's request size) is recorded with `confidence contest roll-record`.
 */
function MembersRoll({ c, after }: { c: ContestView; after: After }) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [freeze, setFreeze] = useState('');
  const [error, setError] = useState<unknown>(null);
  const roll = c.members?.roll ?? null;
  return (
    <div className="field" data-testid="members-roll">
      {roll ? (
        <p data-testid="roll-summary">{t('contest.roll.summary', { eligible: roll.eligible, members: roll.members, freeze: roll.freezeDate, joinedBy: roll.joinedBy })}</p>
      ) : (
        <p className="notice notice-warning">{t('contest.roll.needed')}</p>
      )}
      <label htmlFor="roll-file">{t('contest.roll.file')}</label>
      <p className="hint" id="roll-file-hint">
        {t('contest.roll.hint')}
      </p>
      <FileInput id="roll-file" accept=".csv,text/csv" aria-describedby="roll-file-hint" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      {!c.members?.freezeDate && (
        <TextField id="roll-freeze" type="date" label={t('contest.roll.freeze')} value={freeze} onChange={setFreeze} />
      )}
      <p className="button-row">
        <button type="button" className="button button-secondary" data-testid="roll-import" disabled={!file} onClick={() => void (async () => {
          setError(null);
          // A freeze date typed only in part reads as none (the server's default would be used).
          if (dateIncomplete('roll-freeze')) return setError(new Error(t('journeys.date.incomplete')));
          try {
            await contestApi.importRoll(c.id, { csv: await file!.text(), ...(freeze ? { freezeDate: freeze } : {}) });
            await after(t('contest.roll.imported'))();
          } catch (err) {
            setError(err);
          }
        })()}>
          {t('contest.roll.import')}
        </button>
      </p>
      <ErrorMessage error={error} />
    </div>
  );
}

/** The board's next step for the chair; steps that are the trustees' or the credential authority's are explained. */
function BoardStep({ c, ballot, e, after }: { c: ContestView; ballot: string; e: ElectionView; after: After }) {
  const t = useT();
  const name = ballotName(t, ballot);
  const m = e.manifest;
  const step = (kind: 'key' | 'open' | 'close' | 'tally' | 'result', label: string, body: string, message: string, enabled = true) => (
    <ConfirmButton label={label} title={label} confirmLabel={label} testId={`board-${kind}`} disabled={!enabled} danger={kind === 'close' || kind === 'result'} onConfirm={async () => {
      await contestApi.boardStep(e.id, kind);
      await after(message)();
    }}>
      <p>{body}</p>
    </ConfirmButton>
  );
  let content;
  switch (e.stage) {
    case 'key-ceremony':
      content = (
        <>
          <p>{t('contest.chair.ceremony', { keys: e.trusteeKeys.length, dealings: e.dealings.length, n: m.trustees.count })}</p>
          {step('key', t('contest.chair.finishKey'), t('contest.chair.finishKeyBody'), t('contest.chair.keyDone'), e.dealings.length === m.trustees.count)}
        </>
      );
      break;
    case 'credentials':
      content = <p data-testid="waiting-credentials">{t('contest.chair.waitCredentials', { n: m.electorate })}</p>;
      break;
    case 'ready':
      content = step('open', t('contest.chair.openBallot', { ballot: name }), t('contest.chair.openBody'), t('contest.chair.opened'));
      break;
    case 'open':
      content = (
        <>
          <p data-testid="ballots-so-far">{t('contest.chair.ballotsSoFar', { n: e.ballots, electorate: m.electorate })}</p>
          {step('close', t('contest.chair.closeBallot', { ballot: name }), t('contest.chair.closeBallotBody'), t('contest.chair.closedBallot'))}
        </>
      );
      break;
    case 'closed':
      content = step('tally', t('contest.chair.tally'), t('contest.chair.tallyBody'), t('contest.chair.tallied'));
      break;
    case 'tallying':
      content = (
        <>
          <p>{t('contest.chair.partials', { n: e.partials.length, k: m.trustees.threshold })}</p>
          {e.partials.length >= m.trustees.threshold && (
            <p className="notice notice-success" data-testid="chair-declare-next">
              {t('journeys.chair.declareNext', { ballot: name })}
            </p>
          )}
          {step('result', t('contest.chair.declare', { ballot: name }), t('contest.chair.declareBody'), t('contest.chair.declared'), e.partials.length >= m.trustees.threshold)}
        </>
      );
      break;
    case 'decided':
      // The board's count is posted but the contest did not declare it (a tie under re-run shows the rerun step instead).
      content = (
        <p className="notice notice-warning" data-testid="chair-not-declared">
          <PendingCount c={c} pending={{ ballot, e }} /> {t('journeys.chair.notDeclaredNext')}
        </p>
      );
      break;
    default:
      content = null;
  }
  const trusteesAct = e.stage === 'key-ceremony' || e.stage === 'tallying';
  return (
    <NextStep title={name}>
      <p className="hint">{t('contest.chair.board', { records: e.records })}</p>
      {trusteesAct && (
        <p>
          {t('contest.chair.trusteesAct')} <a href={contestPaths.trustee(c.id)}>{t('contest.trustee.link')}</a>
        </p>
      )}
      {content}
    </NextStep>
  );
}

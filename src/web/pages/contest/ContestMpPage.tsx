import { useMemo, useState } from 'react';
import { isMembersBallot } from '../../../contest/engine';
import { initCrypto, Point, scalarFromHex } from '../../../crypto';
import { castReceiptProblem, credentialPublicKey, shortTracker } from '../../../ballot';
import { checkContestChallenge, prepareContestBallot, type ContestBallotManifest, type ContestChallengeOutcome, type PreparedContestBallot } from '../../../contest/board';
import { useLoader, usePageTitle } from '../../hooks';
import { ErrorMessage, Loading, SuccessMessage } from '../../components/ui';
import { ConfirmButton } from '../../components/ConfirmDialog';
import { NextStep } from '../../components/StepList';
import { RequireRole } from '../RequireRole';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n/I18n';
import { electionApi, type Receipt } from '../ballot/api';
import { contestApi, contestPaths, pendingBallot, type ContestView, type ElectionView } from './api';
import { ContestSteps, MemberSelect, NominationRoleField, nameOf, type NominationRole } from './ContestParts';
import { TextField } from '../../components/fields';
import { BoothKeyPanel, BOOTH_KEY_REFUSAL_MESSAGE, boothKeyRefusal } from '../../components/BoothKey';

/**
 * The MP's page: nominate once while nominations are open, then vote in each round. The vote is made on this
 * device (the booth of src/contest/board.ts): the credential never leaves the page, the ballot is encrypted and
 * proven here, and it is cast with no session, so the server cannot tie it to the MP.
 */
export function ContestMpPage({ id }: { id: string }) {
  const t = useT();
  usePageTitle(t('contest.mp.title'));
  return (
    <RequireRole title={t('contest.mp.title')} allowed={(a) => a.role === 'member' && !!a.memberId} forbiddenText={t('contest.mp.forbidden')}>
      {(account) => <MpContest id={id} me={account.memberId!} />}
    </RequireRole>
  );
}

function MpContest({ id, me }: { id: string; me: string }) {
  const t = useT();
  const [state, reload] = useLoader(async () => {
    const c = await contestApi.get(id);
    const pending = pendingBallot(c);
    const ref = pending ? c.ballots.find((b) => b.ballot === pending) : undefined;
    const election = ref ? await electionApi.election(ref.electionId) : null;
    return { c, election };
  }, [id]);
  return (
    <div className="container">
      <h1>{t('contest.mp.title')}</h1>
      {state.status === 'loading' && <Loading what={t('contest.loading')} />}
      {state.status === 'error' && <ErrorMessage error={state.error} />}
      {state.status === 'ready' && (
        <>
          <p className="lede">
            <a href={contestPaths.contest(id)}>{t('contest.page.heading', { id })}</a>
          </p>
          {!state.data.c.names[me] ? (
            <p className="notice notice-warning">{t('contest.mp.notEligible')}</p>
          ) : state.data.c.phase === 'nominations' ? (
            <Nominate c={state.data.c} me={me} onDone={reload} />
          ) : state.data.election?.stage === 'open' ? (
            <Vote c={state.data.c} e={state.data.election} />
          ) : (
            <p className="notice" data-testid="mp-nothing">
              {t('contest.mp.nothingNow')}
            </p>
          )}
          {state.data.c.withdrawalStage?.startsWith('before-rerun-of:') && state.data.c.candidates.some((x) => x.id === me && x.status === 'standing') && <SignWithdrawal c={state.data.c} me={me} />}
          <section className="card" aria-labelledby="mp-steps-heading">
            <h2 id="mp-steps-heading">{t('contest.steps.heading')}</h2>
            <ContestSteps c={state.data.c} />
          </section>
        </>
      )}
    </div>
  );
}

function Nominate({ c, me, onDone }: { c: ContestView; me: string; onDone: () => Promise<void> }) {
  const t = useT();
  const [candidate, setCandidate] = useState('');
  const [role, setRole] = useState<NominationRole>('supporter');
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState(false);
  const mps = useMemo(() => Object.entries(c.names).filter(([m]) => m !== me).sort((a, b) => a[1].localeCompare(b[1])), [c.names, me]);
  return (
    <NextStep title={t('contest.mp.nominateTitle')}>
      <p>{t('contest.mp.nominateBody', { when: formatDateTime(c.nominationsClose) })}</p>
      <SuccessMessage>{done}</SuccessMessage>
      <MemberSelect id="nominee" label={t('contest.mp.candidate')} value={candidate} onChange={setCandidate} members={mps} />
      <NominationRoleField name="role" value={role} onChange={setRole} />
      {problem && (
        <p className="notice notice-error" role="alert">
          {t('contest.mp.chooseCandidate')}
        </p>
      )}
      <ConfirmButton
        label={t('contest.mp.nominate')}
        title={t('contest.mp.confirmTitle', { name: candidate ? nameOf(c, candidate) : '' })}
        confirmLabel={t('contest.mp.confirm')}
        testId="nominate"
        beforeOpen={() => {
          setProblem(!candidate);
          return !!candidate;
        }}
        onConfirm={async () => {
          await contestApi.nominate(c.id, { candidate, role });
          setDone(t('contest.mp.nominated', { name: nameOf(c, candidate) }));
          await onDone();
        }}
      >
        <p>{t('contest.mp.confirmBody')}</p>
      </ConfirmButton>
    </NextStep>
  );
}

/**
 * A candidate's withdrawal before the rerun of a tied ballot, signed HERE with the member key this browser holds
 * (the sealed count's, ADR 0606), as `confidence contest withdraw … --key FILE --sign-only` does: the page signs the
 * contest, the candidate and the contest's current stage, sends nothing, and shows the signed line for the candidate
 * to give the chair (who posts it from the rerun step). A withdrawal here decides the tie, so only the candidate's
 * signature makes it one; the key never leaves the browser.
 */
function SignWithdrawal({ c, me }: { c: ContestView; me: string }) {
  const t = useT();
  const stage = c.withdrawalStage!;
  // The roster the contest's opening names (C6 holds the signing key to its registry); older contests name none.
  const rosterId = c.opening.rosterId ?? c.rosterId;
  const [key] = useLoader(async () => {
    if (!rosterId) return null;
    await initCrypto();
    return (await import('../../seal-client')).storedKey(rosterId, me);
  }, [rosterId, me]);
  const [signed, setSigned] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="mp-withdraw-heading" data-testid="mp-withdraw">
      <h2 id="mp-withdraw-heading">{t('contest.mp.withdrawTitle')}</h2>
      <p>{t('contest.mp.withdrawBody', { stage })}</p>
      {key.status === 'loading' && <Loading what={t('contest.loading')} />}
      {key.status === 'error' && <ErrorMessage error={key.error} />}
      {key.status === 'ready' && !key.data && (
        <p className="notice notice-warning" data-testid="mp-withdraw-no-key">
          {t('contest.mp.withdrawNoKey')}
        </p>
      )}
      {key.status === 'ready' && key.data && !signed && (
        <ConfirmButton
          className="button button-secondary"
          label={t('contest.mp.withdrawSign')}
          title={t('contest.mp.withdrawConfirmTitle')}
          confirmLabel={t('contest.mp.withdrawSign')}
          danger
          testId="mp-withdraw-sign"
          onConfirm={async () => {
            const { signWithdrawal } = await import('../../../contest/withdrawal');
            setSigned(JSON.stringify(signWithdrawal(scalarFromHex(key.data!.secretKey, { field: 'secretKey' }), c.id, me, stage)));
          }}
        >
          <p>{t('contest.mp.withdrawConfirm', { stage })}</p>
        </ConfirmButton>
      )}
      {signed && (
        <div className="notice notice-success" role="status">
          <p>{t('contest.mp.withdrawSigned')}</p>
          <TextField id="mp-withdraw-signature" testId="mp-withdraw-signature" label={t('contest.mp.withdrawSignatureLabel')} value={signed} onChange={() => undefined} rows={3} isReadOnly inputProps={{ spellCheck: false }} />
          <p>
            <a download={`withdrawal-${c.id}-${me}.json`} href={`data:application/json;charset=utf-8,${encodeURIComponent(signed + '\n')}`}>
              {t('contest.mp.withdrawDownload')}
            </a>
          </p>
        </div>
      )}
    </section>
  );
}

type VoteStep = { kind: 'choose' } | { kind: 'prepared'; ballot: PreparedContestBallot } | { kind: 'checked'; outcome: ContestChallengeOutcome } | { kind: 'cast'; receipt: Receipt; problem: string | null };

/** The in-browser booth of a contest ballot (an MP's round, or the members' ballot at /elections/EID/vote). */
export function Vote({ c, e }: { c: ContestView; e: ElectionView }) {
  const t = useT();
  const m = e.manifest as unknown as ContestBallotManifest;
  const [ready] = useLoader(() => initCrypto(), []);
  const [credential, setCredential] = useState('');
  const [choice, setChoice] = useState<number | 'blank' | null>(null);
  const [step, setStep] = useState<VoteStep>({ kind: 'choose' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [letter, setLetter] = useState('');
  const title = isMembersBallot(m.ballot) ? t('contest.vote.membersTitle') : t('contest.vote.roundTitle', { n: Number.parseInt(m.ballot.replace('round-', ''), 10) });

  async function encrypt() {
    setError(null);
    try {
      const secret = credential.replace(/[\s-]+/g, '').toLowerCase();
      let pub: string;
      try {
        pub = credentialPublicKey(secret);
      } catch {
        throw new Error(t('contest.vote.badCredential'));
      }
      // The letter's fingerprint, when typed, must be the one of the key this page would encrypt under (§4a).
      const refusal = boothKeyRefusal(e, letter);
      if (refusal) throw new Error(t(BOOTH_KEY_REFUSAL_MESSAGE[refusal]));
      const status = await electionApi.credential(e.id, pub);
      if (status.status !== 'active') throw new Error(t(status.status === 'revoked' ? 'contest.vote.revoked' : 'contest.vote.unknown'));
      setStep({ kind: 'prepared', ballot: prepareContestBallot(m, e.electionHash, Point.fromHex(e.publicKey!), secret, choice === 'blank' ? null : choice) });
    } catch (err) {
      setError(err);
    }
  }

  async function cast(b: PreparedContestBallot) {
    setBusy(true);
    setError(null);
    try {
      const receipt = await electionApi.cast(e.id, b.body);
      // The device checks the receipt at once: the board's key, this election, this ballot, and its own clock.
      setStep({ kind: 'cast', receipt, problem: castReceiptProblem(e.manifest.boardKey, e.electionHash, b.tracker, receipt.receipt, Date.now()) });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (ready.status !== 'ready') return <Loading what={t('contest.loading')} />;
  if (step.kind === 'cast') {
    return (
      <div className={step.problem ? 'notice notice-error' : 'notice notice-success'} role={step.problem ? 'alert' : 'status'} data-testid="vote-receipt">
        {step.problem && <p data-testid="receipt-problem">{t('booth.receiptProblem', { problem: step.problem })}</p>}
        <p className="notice-title">{t('contest.vote.cast')}</p>
        <p>
          {t('contest.vote.tracker')} <code className="hash" data-testid="vote-tracker">{step.receipt.tracker}</code>
        </p>
        <p>{t(m.counting === 'last' ? 'contest.vote.keepLast' : 'contest.vote.keepFirst')}</p>
        <p>
          <a download={`receipt-${step.receipt.shortTracker}.json`} href={`data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(step.receipt.receipt, null, 1))}`}>
            {t('contest.vote.receipt')}
          </a>
        </p>
      </div>
    );
  }
  return (
    <NextStep title={title}>
      {step.kind === 'choose' && (
        <>
          <BoothKeyPanel view={e} letter={letter} onLetter={setLetter} />
          <TextField id="credential" testId="credential-input" label={t('contest.vote.credential')} hint={t('contest.vote.credentialHint')} value={credential} onChange={setCredential} autoComplete="off" inputProps={{ spellCheck: false }} />
          <fieldset className="field">
            <legend>{t('contest.vote.choice')}</legend>
            {m.candidates.map((cand, i) => (
              <label key={cand.id} className="radio">
                <input type="radio" name="choice" checked={choice === i} onChange={() => setChoice(i)} data-testid={`choice-${cand.id}`} /> {nameOf(c, cand.id)}
              </label>
            ))}
            {m.blankAllowed && (
              <label className="radio">
                <input type="radio" name="choice" checked={choice === 'blank'} onChange={() => setChoice('blank')} data-testid="choice-blank" /> {t('contest.vote.blank')}
              </label>
            )}
          </fieldset>
          <button type="button" className="button" data-testid="encrypt" onClick={() => void encrypt()} disabled={choice === null || credential.trim() === ''}>
            {t('contest.vote.encrypt')}
          </button>
        </>
      )}
      {step.kind === 'prepared' && (
        <>
          <p>
            {t('contest.vote.ready')} <strong data-testid="tracker">{shortTracker(step.ballot.tracker)}</strong>
          </p>
          <p className="button-row">
            <button type="button" className="button" data-testid="cast" disabled={busy} onClick={() => void cast(step.ballot)}>
              {t('contest.vote.castButton')}
            </button>
            <button
              type="button"
              className="button button-ghost"
              data-testid="challenge"
              disabled={busy}
              onClick={() => setStep({ kind: 'checked', outcome: checkContestChallenge(m, e.electionHash, Point.fromHex(e.publicKey!), step.ballot.body, step.ballot.secret, choice === 'blank' ? null : choice) })}
            >
              {t('contest.vote.check')}
            </button>
            <button type="button" className="button button-ghost" disabled={busy} onClick={() => setStep({ kind: 'choose' })}>
              {t('contest.vote.change')}
            </button>
          </p>
          <p className="hint">{t('contest.vote.checkHint')}</p>
        </>
      )}
      {step.kind === 'checked' && (
        <>
          <div className={`notice ${step.outcome.ok ? 'notice-success' : 'notice-error'}`} role="status" data-testid="challenge-result">
            <p>
              {step.outcome.ok
                ? t('contest.vote.checkedOk', { name: step.outcome.opensTo === null || step.outcome.opensTo === undefined ? t('contest.vote.blank') : nameOf(c, m.candidates[step.outcome.opensTo]!.id) })
                : t('contest.vote.checkedBad', { problems: step.outcome.problems.join('; ') })}
            </p>
          </div>
          <button type="button" className="button" data-testid="encrypt-again" onClick={() => setStep({ kind: 'choose' })}>
            {t('contest.vote.again')}
          </button>
        </>
      )}
      <ErrorMessage error={error} title={t('contest.vote.notCast')} />
    </NextStep>
  );
}

import { useState } from 'react';
import { initCrypto, Point } from '../../../crypto';
import { castReceiptProblem, checkChallenge, credentialPublicKey, prepareBallot, shortTracker, type ChallengeOutcome, type PreparedBallot } from '../../../ballot';
import { useLoader, usePageTitle } from '../../hooks';
import { English, ErrorMessage, Loading } from '../../components/ui';
import { Hash } from '../../components/Hash';
import { useT } from '../../i18n/I18n';
import { electionApi, electionPaths, type ElectionView, type Receipt } from './api';
import { TextField } from '../../components/fields';
import { BoothKeyPanel, BOOTH_KEY_REFUSAL_MESSAGE, boothKeyRefusal } from '../../components/BoothKey';
import { Vote } from '../contest/ContestMpPage';
import { contestApi } from '../contest/api';

/**
 * The voting booth. Everything secret happens here, on the voter's device: the credential never leaves the
 * page, the vote is encrypted and proven here, and only the encrypted, signed ballot is sent.
 *
 * Cast-as-intended (Benaloh): after encrypting, the voter may "check" the ballot instead of casting it. The page
 * then reveals the encryption randomness and checks that the ballot holds the chosen answer; that ballot is
 * discarded (its secret is now public) and the voter encrypts again. A cheating booth cannot know in advance
 * whether it will be checked or cast.
 */
export function BoothPage({ eid }: { eid: string }) {
  const [election] = useLoader(async () => {
    await initCrypto();
    return electionApi.election(eid);
  }, [eid]);
  const t = useT();
  usePageTitle(t('booth.title'));
  return (
    <div className="container">
      <h1>{t('booth.title')}</h1>
      {election.status === 'loading' && <Loading what={t('booth.loading')} />}
      {election.status === 'error' && <ErrorMessage error={election.error} title={t('booth.loadError')} />}
      {election.status === 'ready' && (election.data.contestId ? <ContestBooth e={election.data} /> : <Booth e={election.data} />)}
    </div>
  );
}

/**
 * A contest's board (a members' ballot, whose members have no account here, or an MP round): the contest's own
 * booth, with the candidates by name. The letter of credentials points members here; nothing needs a login.
 */
function ContestBooth({ e }: { e: ElectionView }) {
  const t = useT();
  const [contest] = useLoader(() => contestApi.get(e.contestId!), [e.contestId]);
  if (contest.status === 'loading') return <Loading what={t('booth.loading')} />;
  if (contest.status === 'error') return <ErrorMessage error={contest.error} title={t('booth.loadError')} />;
  if (!e.publicKey || e.stage !== 'open') {
    return (
      <p className="notice notice-warning" role="status">
        {t.rich('booth.notOpen', { a: (c) => <a href={electionPaths.election(e.id)}>{c}</a> })}
      </p>
    );
  }
  return <Vote c={contest.data} e={e} />;
}

type Step = { kind: 'choose' } | { kind: 'prepared'; ballot: PreparedBallot; choice: 0 | 1 } | { kind: 'checked'; outcome: ChallengeOutcome; choice: 0 | 1; tracker: string } | { kind: 'cast'; receipt: Receipt; problem: string | null };

function Booth({ e }: { e: ElectionView }) {
  const m = e.manifest;
  const t = useT();
  const [credential, setCredential] = useState('');
  const [choice, setChoice] = useState<0 | 1 | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [revokedAt, setRevokedAt] = useState<number | null>(null);
  const [letter, setLetter] = useState('');
  if (!e.publicKey || e.stage !== 'open') {
    return (
      <p className="notice notice-warning" role="status">
        {t.rich('booth.notOpen', { a: (c) => <a href={electionPaths.election(e.id)}>{c}</a> })}
      </p>
    );
  }
  const params = { electionHash: e.electionHash, publicKey: Point.fromHex(e.publicKey) };

  async function encryptBallot() {
    setError(null);
    setRevokedAt(null);
    let secret: string;
    let publicKey: string;
    try {
      secret = credential.replace(/[\s-]+/g, '').toLowerCase(); // letters print it in groups of 16
      publicKey = credentialPublicKey(secret); // throws on a mistyped credential
      if (choice === null) throw new Error(t('booth.chooseFirst'));
    } catch (err) {
      setError(new Error(err instanceof Error && /credential|scalar|hex|length/i.test(err.message) ? t('booth.invalidCredential') : String((err as Error).message ?? err)));
      return;
    }
    // The letter's fingerprint, when typed, must be the one of the key this page would encrypt under.
    const refusal = boothKeyRefusal(e, letter);
    if (refusal) {
      setError(new Error(t(BOOTH_KEY_REFUSAL_MESSAGE[refusal])));
      return;
    }
    try {
      // The revision this ballot must carry (1, or one more than this credential's last ballot), and whether the
      // credential was revoked: a voter who did not ask for that must hear it here.
      const state = await electionApi.credential(e.id, publicKey);
      if (state.status === 'revoked') {
        setRevokedAt(state.revokedAt ?? 0);
        return;
      }
      if (state.status === 'unknown') throw new Error(t('booth.unknownCredential'));
      setStep({ kind: 'prepared', ballot: prepareBallot(params, secret, choice, undefined, state.nextRevision), choice });
    } catch (err) {
      setError(err);
    }
  }

  async function cast(ballot: PreparedBallot) {
    setError(null);
    // A fingerprint typed (or corrected) after encrypting is checked again before anything is sent.
    const refusal = boothKeyRefusal(e, letter);
    if (refusal) {
      setError(new Error(t(BOOTH_KEY_REFUSAL_MESSAGE[refusal])));
      return;
    }
    setBusy(true);
    try {
      const receipt = await electionApi.cast(e.id, ballot.body);
      // The device checks the receipt at once (signature, election, this ballot, and a time close to its own clock).
      const problem = castReceiptProblem(e.manifest.boardKey, e.electionHash, ballot.tracker, receipt.receipt, Date.now());
      setStep({ kind: 'cast', receipt, problem });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (step.kind === 'cast') {
    return (
      <div className={step.problem ? 'notice notice-error' : 'notice notice-success'} role={step.problem ? 'alert' : 'status'} data-testid="receipt">
        <p className="notice-title">{t('booth.onBoard')}</p>
        {step.problem && <p data-testid="receipt-problem">{t('booth.receiptProblem', { problem: step.problem })}</p>}
        <p>{t.rich('booth.tracker', { tracker: step.receipt.shortTracker, b: (c) => <strong data-testid="receipt-short-tracker">{c}</strong> })}</p>
        <p>
          {t('booth.fullTracker')} <Hash value={step.receipt.tracker} label={t('booth.fullTracker').replace(/\s*:$/, '')} testId="receipt-tracker" />
        </p>
        <p>{t('booth.keep')}</p>
        <p>
          {t.rich('booth.receipt', {
            seq: step.receipt.seq,
            a: (c) => (
              <a data-testid="receipt-download" download={`receipt-${step.receipt.shortTracker}.json`} href={`data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(step.receipt.receipt, null, 1))}`}>
                {c}
              </a>
            ),
          })}
        </p>
        <p>
          <a href={electionPaths.election(e.id)}>{t('booth.lookUp')}</a>
        </p>
      </div>
    );
  }

  return (
    <>
      {/* The question is the manifest's, signed in English: said as English to a Welsh or French reader. */}
      <p className="lede">
        <English>{m.question}</English>
      </p>
      {/* The fingerprint of the key this page encrypts under (ballot-spec §4a), computed here, never the server's claim. */}
      <BoothKeyPanel view={e} letter={letter} onLetter={setLetter} />
      {step.kind === 'choose' && (
        <>
          <TextField id="credential" testId="credential-input" label={t('booth.credential')} hint={t('booth.credentialHint')} value={credential} onChange={setCredential} autoComplete="off" inputProps={{ spellCheck: false }} />
          <fieldset className="field">
            <legend>{t('booth.answer')}</legend>
            {([1, 0] as const).map((v) => (
              <label key={v} className="radio">
                <input type="radio" name="choice" value={v} data-testid={v === 1 ? 'choice-yes' : 'choice-no'} checked={choice === v} onChange={() => setChoice(v)} /> {v === 1 ? m.answers.yes : m.answers.no}
              </label>
            ))}
          </fieldset>
          <button type="button" className="button" data-testid="encrypt" onClick={() => void encryptBallot()} disabled={choice === null || credential.trim() === ''}>
            {t('booth.encrypt')}
          </button>
          {revokedAt !== null && (
            <p className="notice notice-warning" role="alert" data-testid="credential-revoked">
              {t('booth.revoked', { seq: revokedAt })}
            </p>
          )}
        </>
      )}
      {step.kind === 'prepared' && (
        <section aria-labelledby="prepared-heading">
          <h2 id="prepared-heading">{t('booth.readyHeading')}</h2>
          <p>{t.rich('booth.tracker', { tracker: shortTracker(step.ballot.tracker), b: (c) => <strong data-testid="tracker">{c}</strong> })}</p>
          <p>{t('booth.readyBody')}</p>
          <div className="button-row">
            <button type="button" className="button" data-testid="cast" disabled={busy} onClick={() => void cast(step.ballot)}>
              {t('booth.cast')}
            </button>
            <button
              type="button"
              className="button button-ghost"
              data-testid="challenge"
              disabled={busy}
              onClick={() => setStep({ kind: 'checked', outcome: checkChallenge(params, step.ballot.body, step.ballot.secret, step.choice), choice: step.choice, tracker: step.ballot.tracker })}
            >
              {t('booth.check')}
            </button>
          </div>
        </section>
      )}
      {step.kind === 'checked' && (
        <section aria-labelledby="checked-heading">
          <h2 id="checked-heading">{t('booth.checkedHeading')}</h2>
          <div className={`notice ${step.outcome.ok ? 'notice-success' : 'notice-error'}`} role="status" data-testid="challenge-result">
            {step.outcome.ok ? (
              <p>{t.rich('booth.checkedOk', { tracker: shortTracker(step.tracker), answer: step.outcome.vote === 1 ? m.answers.yes : m.answers.no, b: (c) => <strong>{c}</strong> })}</p>
            ) : (
              <p>{t('booth.checkedBad', { problems: step.outcome.problems.join('; ') })}</p>
            )}
          </div>
          <button type="button" className="button" data-testid="encrypt-again" onClick={() => setStep({ kind: 'choose' })}>
            {t('booth.encryptAgain')}
          </button>
        </section>
      )}
      <ErrorMessage error={error} title={t('booth.castError')} />
    </>
  );
}

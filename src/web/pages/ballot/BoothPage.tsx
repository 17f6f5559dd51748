import { useState } from 'react';
import { initCrypto, Point } from '../../../crypto';
import { checkChallenge, credentialPublicKey, formatFingerprint, prepareBallot, shortTracker, type ChallengeOutcome, type PreparedBallot } from '../../../ballot';
import { useLoader, usePageTitle } from '../../hooks';
import { ErrorMessage, Loading } from '../../components/ui';
import { useT } from '../../i18n/I18n';
import { electionApi, electionPaths, type ElectionView, type Receipt } from './api';

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
  usePageTitle('Vote');
  return (
    <div className="container">
      <h1>Vote</h1>
      {election.status === 'loading' && <Loading what="the ballot" />}
      {election.status === 'error' && <ErrorMessage error={election.error} title="The ballot could not be loaded" />}
      {election.status === 'ready' && <Booth e={election.data} />}
    </div>
  );
}

type Step = { kind: 'choose' } | { kind: 'prepared'; ballot: PreparedBallot; choice: 0 | 1 } | { kind: 'checked'; outcome: ChallengeOutcome; choice: 0 | 1; tracker: string } | { kind: 'cast'; receipt: Receipt };

function Booth({ e }: { e: ElectionView }) {
  const m = e.manifest;
  const [credential, setCredential] = useState('');
  const [choice, setChoice] = useState<0 | 1 | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [revokedAt, setRevokedAt] = useState<number | null>(null);
  const t = useT();
  if (!e.publicKey || e.stage !== 'open') {
    return (
      <p className="notice notice-warning" role="status">
        Voting is not open. <a href={electionPaths.election(e.id)}>See the state of the vote.</a>
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
      if (choice === null) throw new Error('Choose an answer first.');
    } catch (err) {
      setError(new Error(err instanceof Error && /credential|scalar|hex|length/i.test(err.message) ? 'That credential is not valid: check you copied all 64 characters.' : String((err as Error).message ?? err)));
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
      if (state.status === 'unknown') throw new Error('This credential is not on the list of this vote.');
      setStep({ kind: 'prepared', ballot: prepareBallot(params, secret, choice, undefined, state.nextRevision), choice });
    } catch (err) {
      setError(err);
    }
  }

  async function cast(ballot: PreparedBallot) {
    setBusy(true);
    setError(null);
    try {
      setStep({ kind: 'cast', receipt: await electionApi.cast(e.id, ballot.body) });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (step.kind === 'cast') {
    return (
      <div className="notice notice-success" role="status" data-testid="receipt">
        <p className="notice-title">Your ballot is on the board.</p>
        <p>
          Tracker: <strong data-testid="receipt-short-tracker">{step.receipt.shortTracker}</strong>
        </p>
        <p>
          Full tracker: <code className="hash" data-testid="receipt-tracker">{step.receipt.tracker}</code>
        </p>
        <p>Keep it: you can look it up on the public board at any time. Nobody can tell from it how you voted. If you vote again, your last ballot counts.</p>
        <p>
          <a data-testid="receipt-download" download={`receipt-${step.receipt.shortTracker}.json`} href={`data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(step.receipt.receipt, null, 1))}`}>
            Download your signed receipt
          </a>{' '}
          — the board’s signature that your ballot is record {step.receipt.seq}; the verifier checks the board still holds it there.
        </p>
        <p>
          <a href={electionPaths.election(e.id)}>Look up your ballot on the public record</a>
        </p>
      </div>
    );
  }

  return (
    <>
      <p className="lede">{m.question}</p>
      {e.credentialsFingerprint && (
        <p className="notice" data-testid="credentials-fingerprint">
          Credential list fingerprint: <code className="hash">{formatFingerprint(e.credentialsFingerprint)}</code>. It must be the one printed in your credential letter; if it is not, do not vote and tell the
          returning officer.
        </p>
      )}
      {step.kind === 'choose' && (
        <>
          <div className="field">
            <label htmlFor="credential">Your voting credential</label>
            <p className="hint" id="credential-hint">
              The 64-character code from your credential letter. It stays on this device: only your signed, encrypted ballot is sent.
            </p>
            <input id="credential" data-testid="credential-input" aria-describedby="credential-hint" value={credential} onChange={(ev) => setCredential(ev.target.value)} autoComplete="off" spellCheck={false} />
          </div>
          <fieldset className="field">
            <legend>Your answer</legend>
            {([1, 0] as const).map((v) => (
              <label key={v} className="radio">
                <input type="radio" name="choice" value={v} data-testid={v === 1 ? 'choice-yes' : 'choice-no'} checked={choice === v} onChange={() => setChoice(v)} /> {v === 1 ? m.answers.yes : m.answers.no}
              </label>
            ))}
          </fieldset>
          <button type="button" className="button" data-testid="encrypt" onClick={() => void encryptBallot()} disabled={choice === null || credential.trim() === ''}>
            Encrypt my ballot
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
          <h2 id="prepared-heading">Your encrypted ballot is ready</h2>
          <p>
            Tracker: <strong data-testid="tracker">{shortTracker(step.ballot.tracker)}</strong>
          </p>
          <p>You can cast it now, or check it first: checking shows that this ballot holds your answer, then discards it so you can encrypt again.</p>
          <div className="button-row">
            <button type="button" className="button" data-testid="cast" disabled={busy} onClick={() => void cast(step.ballot)}>
              Cast this ballot
            </button>
            <button
              type="button"
              className="button button-ghost"
              data-testid="challenge"
              disabled={busy}
              onClick={() => setStep({ kind: 'checked', outcome: checkChallenge(params, step.ballot.body, step.ballot.secret, step.choice), choice: step.choice, tracker: step.ballot.tracker })}
            >
              Check this ballot instead
            </button>
          </div>
        </section>
      )}
      {step.kind === 'checked' && (
        <section aria-labelledby="checked-heading">
          <h2 id="checked-heading">Ballot checked</h2>
          <div className={`notice ${step.outcome.ok ? 'notice-success' : 'notice-error'}`} role="status" data-testid="challenge-result">
            {step.outcome.ok ? (
              <p>
                Ballot {shortTracker(step.tracker)} held <strong>{step.outcome.vote === 1 ? m.answers.yes : m.answers.no}</strong>, as you chose, with a valid proof and signature. It has been discarded: its secret was revealed.
              </p>
            ) : (
              <p>Warning: this booth did not encrypt your answer faithfully ({step.outcome.problems.join('; ')}). Do not vote with this device; report it.</p>
            )}
          </div>
          <button type="button" className="button" data-testid="encrypt-again" onClick={() => setStep({ kind: 'choose' })}>
            Encrypt again
          </button>
        </section>
      )}
      <ErrorMessage error={error} title="The ballot was not cast" />
    </>
  );
}

import { useState } from 'react';
import { initCrypto, scalarFromHex } from '../../../crypto';
import { castReceiptProblem } from '../../../ballot/receipt';
import { credentialPublicKey } from '../../../ballot';
import { prepareRankedBallot, rankedBallotTracker } from '../../../mixnet/board';
import { useLoader, usePageTitle } from '../../hooks';
import { ErrorMessage, Loading } from '../../components/ui';
import { Hash } from '../../components/Hash';
import { useT } from '../../i18n/I18n';
import { Select } from '../../components/fields';
import { BoothKeyPanel, BOOTH_KEY_REFUSAL_MESSAGE, boothKeyRefusal } from '../../components/BoothKey';

/** The menu's "no candidate here" choice (a listbox item needs a non-empty key). */
const NONE = 'none';
import { electionApi } from '../ballot/api';
import { preferentialApi, preferentialPaths, type PreferentialView, type RankedCastReceipt } from './api';

/**
 * The ranked booth. The credential never leaves the page: the ranking is encoded one cell per rank, encrypted,
 * each cell proven (knowledge of its randomness, bound to this election and this credential) and the whole signed
 * here; only that ballot is sent (docs/mixnet-spec.md §3.1). One ballot per credential: it cannot be changed.
 */
export function RankedBoothPage({ eid }: { eid: string }) {
  const [view] = useLoader(async () => {
    await initCrypto();
    return preferentialApi.view(eid);
  }, [eid]);
  const t = useT();
  usePageTitle(t('ranked.booth.title'));
  return (
    <div className="container">
      <h1>{t('ranked.booth.title')}</h1>
      {view.status === 'loading' && <Loading what={t('ranked.loading')} />}
      {view.status === 'error' && <ErrorMessage error={view.error} title={t('ranked.loadError')} />}
      {view.status === 'ready' && <Booth v={view.data} />}
    </div>
  );
}

function Booth({ v }: { v: PreferentialView }) {
  const m = v.manifest;
  const t = useT();
  const [credential, setCredential] = useState('');
  const [prefs, setPrefs] = useState<string[]>(() => new Array<string>(m.rankCap).fill(''));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [revokedAt, setRevokedAt] = useState<number | null>(null);
  const [letter, setLetter] = useState('');
  const [receipt, setReceipt] = useState<{ r: RankedCastReceipt; ranking: number[]; problem: string | null } | null>(null);
  if (!v.publicKey || !['open', 'ballot', 'revocation'].includes(v.lastType)) {
    return (
      <p className="notice notice-warning" role="status">
        {t.rich('ranked.booth.notOpen', { a: (c) => <a href={preferentialPaths.page(v.id)}>{c}</a> })}
      </p>
    );
  }

  /** The ranking as candidate indices, or the reason it is not a valid one. */
  function ranking(): number[] | string {
    const filled = prefs.map((p) => (p === '' ? -1 : Number(p)));
    const last = filled.reduce((acc, c, i) => (c >= 0 ? i : acc), -1);
    if (last < 0) return t('ranked.booth.first');
    const used = filled.slice(0, last + 1);
    if (used.some((c) => c < 0)) return t('ranked.booth.gap');
    if (new Set(used).size !== used.length) return t('ranked.booth.repeat');
    return used;
  }

  async function cast() {
    setError(null);
    const r = ranking();
    if (typeof r === 'string') {
      setError(new Error(r));
      return;
    }
    const secret = credential.replace(/[\s-]+/g, '').toLowerCase(); // letters print it in groups
    let publicKey: string;
    try {
      if (!/^[0-9a-f]{64}$/.test(secret)) throw new Error('bad');
      scalarFromHex(secret, { field: 'credential' });
      publicKey = credentialPublicKey(secret);
    } catch {
      setError(new Error(t('ranked.booth.invalidCredential')));
      return;
    }
    // The letter's fingerprint, when typed, must be the one of the key this page would encrypt under (§4a).
    const refusal = boothKeyRefusal(v, letter);
    if (refusal) {
      setError(new Error(t(BOOTH_KEY_REFUSAL_MESSAGE[refusal])));
      return;
    }
    setBusy(true);
    setRevokedAt(null);
    try {
      // Before encrypting: is the credential on this ballot's list, still active, and unused? A voter whose
      // credential was revoked without asking must hear it here, not as a refusal after the work.
      const state = await electionApi.credential(v.id, publicKey);
      if (state.status === 'revoked') {
        setRevokedAt(state.revokedAt ?? 0);
        return;
      }
      if (state.status === 'unknown') throw new Error(t('ranked.booth.unknownCredential'));
      if (state.ballots > 0) throw new Error(t('ranked.booth.alreadyVoted'));
      const ballot = prepareRankedBallot(m, v.electionHash, v.publicKey!, secret, r);
      const cast = await preferentialApi.cast(v.id, ballot);
      // The device checks the receipt at once: the board's key, this election, this ballot, and its own clock.
      setReceipt({ r: cast, ranking: r, problem: castReceiptProblem(m.boardKey, v.electionHash, rankedBallotTracker(ballot), cast.receipt, Date.now()) });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (receipt) {
    return (
      <div className={receipt.problem ? 'notice notice-error' : 'notice notice-success'} role={receipt.problem ? 'alert' : 'status'} data-testid="receipt">
        {receipt.problem && <p data-testid="receipt-problem">{t('booth.receiptProblem', { problem: receipt.problem })}</p>}
        <p className="notice-title">{t('ranked.booth.onBoard')}</p>
        <p>{t('ranked.booth.yourRanking', { ranking: receipt.ranking.map((c, i) => `${i + 1}. ${m.candidates[c]}`).join(', ') })}</p>
        <p>{t.rich('ranked.booth.tracker', { tracker: receipt.r.shortTracker, b: (c) => <strong data-testid="receipt-short-tracker">{c}</strong> })}</p>
        <p>
          <Hash value={receipt.r.tracker} label={receipt.r.shortTracker} testId="receipt-tracker" />
        </p>
        <p>
          {t.rich('ranked.booth.receipt', {
            seq: receipt.r.seq,
            a: (c) => (
              <a download={`receipt-${receipt.r.shortTracker}.json`} href={`data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(receipt.r.receipt, null, 1))}`}>
                {c}
              </a>
            ),
          })}
        </p>
        <p>
          <a href={preferentialPaths.page(v.id)}>{t('ranked.page.title')}</a>
        </p>
      </div>
    );
  }

  return (
    <>
      <p className="lede">{m.title}</p>
      <p>{t('ranked.booth.lede', { n: m.rankCap })}</p>
      {/* The fingerprint of the key this page encrypts under (ballot-spec §4a), computed here, never the server's claim. */}
      <BoothKeyPanel view={v} letter={letter} onLetter={setLetter} />
      <div className="field">
        <label htmlFor="credential">{t('ranked.booth.credential')}</label>
        <p className="hint" id="credential-hint">
          {t('ranked.booth.credentialHint')}
        </p>
        <input id="credential" data-testid="credential-input" aria-describedby="credential-hint" value={credential} onChange={(ev) => setCredential(ev.target.value)} autoComplete="off" spellCheck={false} />
      </div>
      <fieldset className="field">
        <legend>{t('ranked.booth.preferences')}</legend>
        {prefs.map((p, k) => (
          <Select
            key={k}
            id={`pref-${k}`}
            testId={`pref-${k}`}
            label={t('ranked.booth.preference', { n: k + 1 })}
            value={p === '' ? NONE : p}
            onChange={(v) => {
              const next = [...prefs];
              next[k] = v === NONE ? '' : v;
              setPrefs(next);
            }}
            options={[{ value: NONE, label: t('ranked.booth.none') }, ...m.candidates.map((name, c) => ({ value: String(c), label: name }))]}
          />
        ))}
      </fieldset>
      <button type="button" className="button" data-testid="cast" disabled={busy || credential.trim() === ''} onClick={() => void cast()}>
        {busy ? t('ranked.booth.casting') : t('ranked.booth.cast')}
      </button>
      {revokedAt !== null && (
        <p className="notice notice-warning" role="alert" data-testid="credential-revoked">
          {t('booth.revoked', { seq: revokedAt })}
        </p>
      )}
      <ErrorMessage error={error} title={t('ranked.booth.castError')} />
    </>
  );
}

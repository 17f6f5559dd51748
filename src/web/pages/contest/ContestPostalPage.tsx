import { useState, type FormEvent } from 'react';
import { initCrypto, Point } from '../../../crypto';
import { credentialPublicKey } from '../../../ballot/booth';
import type { ContestBallotManifest } from '../../../contest/board';
import { parsePostalBatch, preparePostalBatch, type CredentialState } from '../../../contest/postal';
import type { PostalBatchSummary } from '../../../contest/postal-check';
import { findContestRulebook } from '../../../domain/rulebook/contest-presets';
import { request } from '../../api';
import { useLoader, usePageTitle } from '../../hooks';
import { ErrorMessage, Loading, SuccessMessage } from '../../components/ui';
import { useT } from '../../i18n/I18n';
import { formatDateTime } from '../../format';
import { isCommitteeOfficer } from '../../session';
import { RequireRole } from '../RequireRole';
import { electionApi } from '../ballot/api';
import { contestApi, contestPaths, membersBoard, type ContestView } from './api';
import { FileInput } from '../../components/FileInput';
import { TextField } from '../../components/fields';
import { boothKey, boothKeyRefusal, BoothKeyPanel, type BoothKeyView, type BoothKeyWords } from '../../components/BoothKey';

/**
 * The postal batches of a contest's members' ballot (docs/contest.md §4 R18, §7), for the chair or a counting
 * officer: the batches on the board with their envelope-list digests and chain values, and a form that enters a
 * batch. As the CLI's `contest postal-batch`, the batch is prepared HERE, on the device that holds the credential
 * authority's key and the members' credentials (files chosen from the device, never uploaded): the server receives
 * the signed batch record, the signed revocations and the encrypted ballots, and enters them whole in one transaction.
 */
export function ContestPostalPage({ id }: { id: string }) {
  const t = useT();
  usePageTitle(t('postal.title'));
  return (
    <RequireRole title={t('postal.title')} allowed={(a) => isCommitteeOfficer(a)} forbiddenText={t('postal.forbidden')}>
      {() => <Postal id={id} />}
    </RequireRole>
  );
}

interface Batches {
  batches: PostalBatchSummary[];
  papers: number;
}

/** credentials-secret.jsonl: one {member, credential} per line (as `contest print-credentials` reads it). */
function readSecrets(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const o = JSON.parse(line) as { member?: unknown; credential?: unknown };
    if (typeof o.member === 'string' && typeof o.credential === 'string') out.set(o.member, o.credential);
  }
  return out;
}

const batchesOf = (eid: string) => request<Batches>('GET', `/api/elections/${encodeURIComponent(eid)}/postal-batches`);

function Postal({ id }: { id: string }) {
  const t = useT();
  const [contest] = useLoader(() => contestApi.get(id), [id]);
  const c = contest.status === 'ready' ? contest.data : null;
  const ref = (c ? membersBoard(c) : undefined);
  return (
    <div className="container">
      <h1>{t('postal.title')}</h1>
      {contest.status === 'loading' && <Loading what={t('postal.loading')} />}
      {contest.status === 'error' && <ErrorMessage error={contest.error} />}
      {c && (
        <>
          <p className="lede">
            {t('postal.lede')} <a href={contestPaths.contest(id)}>{t('contest.page.heading', { id })}</a>
          </p>
          {ref ? (
            <Board key={ref.electionId} c={c} eid={ref.electionId} />
          ) : (
            <p className="notice" data-testid="postal-no-board">
              {t('postal.noBoard')}
            </p>
          )}
        </>
      )}
    </div>
  );
}

/** Batches go on the members' board while it is open: before, the page says when; after, that the batches are final. */
const CLOSED = new Set(['close', 'tally', 'partial_decryption', 'result']);
const OPEN = new Set(['open', 'ballot', 'revocation', 'postal_batch']);

function Board({ c, eid }: { c: ContestView; eid: string }) {
  const t = useT();
  const lastType = c.ballots.find((b) => b.electionId === eid)?.lastType ?? '';
  const stage = CLOSED.has(lastType) ? 'closed' : OPEN.has(lastType) ? 'open' : 'before';
  const [state, reload] = useLoader(() => batchesOf(eid), [eid]);
  return (
    <>
      <section className="card" aria-labelledby="postal-batches" data-testid="postal-batches">
        <h2 id="postal-batches">{t('postal.batches.heading')}</h2>
        {state.status === 'loading' && <Loading what={t('postal.loading')} />}
        {state.status === 'error' && <ErrorMessage error={state.error} />}
        {state.status === 'ready' &&
          (state.data.batches.length === 0 ? (
            <p>{t('postal.batches.none')}</p>
          ) : (
            <>
              <ol>
                {state.data.batches.map((b) => (
                  <li key={b.batch} data-testid={`postal-batch-${b.batch}`}>
                    <p>{t('postal.batches.item', { n: b.batch, papers: b.papers, at: formatDateTime(b.at), seq: b.seq })}</p>
                    <dl>
                      <dt>{t('postal.batches.digest')}</dt>
                      <dd>
                        <code>{b.digest}</code>
                      </dd>
                      <dt>{t('postal.batches.chain')}</dt>
                      <dd>
                        <code>{b.chain}</code>
                      </dd>
                    </dl>
                  </li>
                ))}
              </ol>
              <p className="hint">{t('postal.batches.keep')}</p>
            </>
          ))}
      </section>
      {stage === 'open' ? (
        <Enter c={c} eid={eid} previous={state.status === 'ready' ? (state.data.batches.at(-1) ?? null) : null} onEntered={reload} />
      ) : (
        <p className="notice" role="status" data-testid="postal-not-open">
          {t(stage === 'closed' ? 'journeys.postal.closed' : 'journeys.postal.notOpen')}{' '}
          <a href={contestPaths.contest(c.id)}>{t('journeys.postal.toContest')}</a>
        </p>
      )}
    </>
  );
}

/** The booths' key panel in the authority's words: it signed the fingerprint the letters print. */
const POSTAL_KEY_WORDS: BoothKeyWords = {
  fingerprint: 'postal.enter.fingerprint',
  unknown: 'postal.enter.fingerprintUnknown',
  letter: 'postal.enter.letterFingerprint',
  letterHint: 'postal.enter.letterFingerprintHint',
  matches: 'booth.fingerprintMatches',
  mismatch: 'postal.enter.fingerprintMismatch',
};
/** A view with no key, shown (as "no fingerprint") when the election could not be loaded. */
const NO_KEY: BoothKeyView = { electionHash: '', publicKey: null };

function Enter({ c, eid, previous, onEntered }: { c: ContestView; eid: string; previous: PostalBatchSummary | null; onEntered: () => Promise<void> }) {
  const t = useT();
  const [csv, setCsv] = useState('');
  const [secretsFile, setSecretsFile] = useState<File | null>(null);
  const [keyFile, setKeyFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [letter, setLetter] = useState('');
  // The key the papers will be encrypted under, as the page shows it: its fingerprint is computed here (§4a).
  const [shown] = useLoader(async () => {
    await initCrypto();
    return electionApi.election(eid);
  }, [eid]);
  const shownKey = shown.status === 'ready' ? boothKey(shown.data, letter) : null;

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setError(null);
    setDone(null);
    if (!csv.trim() || !secretsFile || !keyFile) {
      setError(new Error(t('postal.enter.missing')));
      return;
    }
    setBusy(true);
    try {
      await initCrypto();
      const e = await electionApi.election(eid);
      // Encrypt only under the key whose fingerprint the page showed, and, when the signed fingerprint was typed,
      // only if it is that one: a server that names a key of its own would read every paper.
      const refusal = boothKeyRefusal(e, letter);
      if (refusal || !shownKey || boothKey(e, '')?.fingerprint !== shownKey.fingerprint) throw new Error(t(refusal === 'mismatch' || shownKey ? 'postal.enter.fingerprintMismatch' : 'postal.enter.fingerprintUnknown'));
      const m = e.manifest as unknown as ContestBallotManifest;
      const key = JSON.parse(await keyFile.text()) as { secret?: unknown };
      if (typeof key.secret !== 'string' || credentialPublicKey(key.secret) !== m.authority) throw new Error(t('postal.enter.wrongKey'));
      // The manifest binds the reconciliation (R4, R18); without it the ballot has no postal channel and the batch is refused.
      const policy = m.reconciliation ?? findContestRulebook(c.rulebook).members?.reconciliation ?? 'first-valid-counts';
      const papers = parsePostalBatch(csv);
      const secrets = readSecrets(await secretsFile.text());
      // The board's state of each paper's member credential (public lookups by public key; no member id is sent).
      const states = new Map<string, CredentialState>();
      for (const p of papers) {
        const secret = secrets.get(p.member);
        if (!secret) continue;
        const X = credentialPublicKey(secret);
        const s = await request<{ status: CredentialState['status']; ballots: number }>('GET', `/api/elections/${encodeURIComponent(eid)}/credentials/${X}`).catch(() => null);
        states.set(X, { status: s?.status ?? 'unknown', ballots: s?.ballots ?? 0 });
      }
      const { batch, entries } = preparePostalBatch({ manifest: m, electionHash: e.electionHash, publicKey: Point.fromHex(e.publicKey!), authoritySecret: key.secret, policy, papers, secrets, states, previous: previous && { batch: previous.batch, chain: previous.chain }, at: new Date().toISOString() });
      const r = await request<PostalBatchSummary>('POST', `/api/elections/${encodeURIComponent(eid)}/postal-batches`, { batch, entries: entries.map((x) => ({ revocation: x.revocation, ballot: x.ballot })) });
      setDone(t('postal.entered', { n: r.batch, seq: r.seq, papers: r.papers, digest: r.digest, chain: r.chain }));
      setCsv('');
      await onEntered();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="postal-enter" data-testid="postal-enter">
      <h2 id="postal-enter">{t('postal.enter.heading')}</h2>
      <form onSubmit={(ev) => void submit(ev)} noValidate>
        <div className="field">
          <label htmlFor="postal-papers">{t('postal.enter.papers')}</label>
          <textarea id="postal-papers" rows={6} value={csv} onChange={(ev) => setCsv(ev.target.value)} spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor="postal-papers-file">{t('postal.enter.papersFile')}</label>
          <FileInput id="postal-papers-file" accept=".csv,text/csv" onChange={(ev) => void ev.target.files?.[0]?.text().then(setCsv)} />
        </div>
        <div className="field">
          <label htmlFor="postal-secrets">{t('postal.enter.secrets')}</label>
          <FileInput id="postal-secrets" accept=".jsonl,application/json" onChange={(ev) => setSecretsFile(ev.target.files?.[0] ?? null)} />
        </div>
        <div className="field">
          <label htmlFor="postal-key">{t('postal.enter.key')}</label>
          <FileInput id="postal-key" accept=".json,application/json" onChange={(ev) => setKeyFile(ev.target.files?.[0] ?? null)} />
        </div>
        {shown.status !== 'loading' && <BoothKeyPanel view={shown.status === 'ready' ? shown.data : NO_KEY} letter={letter} onLetter={setLetter} words={POSTAL_KEY_WORDS} id="postal-fingerprint" />}
        <button type="submit" className="button" disabled={busy} data-testid="postal-submit">
          {busy ? t('postal.enter.busy') : t('postal.enter.button')}
        </button>
      </form>
      {error !== null && <ErrorMessage error={error} />}
      <SuccessMessage>{done}</SuccessMessage>
    </section>
  );
}

import { useEffect, useRef, useState } from 'react';
import { api, ApiError, type PublicSealJson } from '../api';
import type { MemberKeyFile } from '../seal-types';
import { useLoader } from '../hooks';
import { formatDay } from '../format';
import { English, ErrorMessage, Loading } from './ui';
import { useLocale, useT } from '../i18n/I18n';
import type { MessageKey } from '../i18n/catalogue';

/**
 * The sealed count in the browser (docs/sealed-count.md). Verification runs here, on the reader's device,
 * with the same code as `npx confidence seal verify`: the server is not trusted to say its seal is valid.
 * The crypto is loaded only when asked for, so the page stays light.
 */
const loadClient = () => import('../seal-client');

interface Check {
  step: string;
  ok: boolean;
  detail: string;
}

function useLatestSeal(procedureId: string, refresh: number) {
  return useLoader(
    () =>
      api.latestSeal(procedureId).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
    [procedureId, refresh],
  );
}

/** Public: the latest sealed count, and a button that verifies it here. */
export function PublicSealPanel({ procedureId }: { procedureId: string; denominator?: number; threshold?: number; asOf?: string }) {
  const t = useT();
  const [seal] = useLatestSeal(procedureId, 0);
  const [checks, setChecks] = useState<Check[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function verify(s: PublicSealJson) {
    setBusy(true);
    setError(null);
    try {
      const { verifyPublishedSeal } = await loadClient();
      setChecks(await verifyPublishedSeal(procedureId, s));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="seal-heading">
      <h2 id="seal-heading">{t('sealPanel.heading')}</h2>
      {seal.status === 'loading' && <Loading what={t('sealPanel.loading')} />}
      {seal.status === 'error' && <ErrorMessage error={seal.error} title={t('sealPanel.loadError')} />}
      {seal.status === 'ready' && seal.data === null && <p>{t('sealPanel.none')}</p>}
      {seal.status === 'ready' && seal.data && (
        <>
          <p>
            {t.rich('sealPanel.summary', {
              seq: seal.data.seq,
              day: formatDay(seal.data.on),
              threshold: seal.data.threshold,
              outcome: seal.data.outcome,
              denominator: seal.data.denominator,
              b: (c) => <strong>{c}</strong>,
            })}
          </p>
          <p className="hint">
            {t('sealPanel.hash')} <code>{seal.data.hash.slice(0, 16)}…</code>
          </p>
          <p>
            <button type="button" className="button button-secondary" onClick={() => void verify(seal.data!)} disabled={busy}>
              {busy ? t('sealPanel.verifying') : t('sealPanel.verify')}
            </button>
          </p>
          <ErrorMessage error={error} title={t('sealPanel.verifyError')} />
          {checks && (
            <div role="status">
              <p>
                <strong>{checks.every((c) => c.ok) ? t('sealPanel.valid') : t('sealPanel.invalid')}</strong>
              </p>
              <CheckList checks={checks} />
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** Member: my key for checking sealed counts — generated in this browser, exportable, registered with a proof. */
function MemberKeyPanel({ onChange }: { onChange: () => void }) {
  const t = useT();
  const [me] = useLoader(() => api.myMemberKey(), []);
  const [file, setFile] = useState<MemberKeyFile | null>(null);
  const importInput = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const who = me.status === 'ready' ? `${me.data.rosterId}/${me.data.memberId}` : null;
  useEffect(() => {
    if (me.status !== 'ready') return;
    void loadClient().then(({ storedKey }) => setFile(storedKey(me.data.rosterId, me.data.memberId)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [who]);

  // Every key the PUBLIC registry (the one verifiers read, not this session's answer) lists in my name that is not the
  // key in this browser: a key somebody registered as me can sign my withdrawal and sit in my sealed-count slot.
  const [foreign, setForeign] = useState<string[]>([]);
  useEffect(() => {
    if (me.status !== 'ready' || !file) {
      setForeign([]);
      return;
    }
    const { rosterId, memberId } = me.data;
    void api
      .memberKeyRegistry(rosterId)
      .then((r) => setForeign(r.registrations.filter((x) => x.memberId === memberId && x.publicKey !== file.publicKey).map((x) => x.publicKey.slice(0, 16))))
      .catch(() => setForeign([]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [who, file?.publicKey]);

  async function generate() {
    if (me.status !== 'ready') return;
    setBusy(true);
    setError(null);
    try {
      const { generateAndRegister } = await loadClient();
      setFile(await generateAndRegister(me.data.rosterId, me.data.memberId));
      setNotice(t('sealPanel.generated'));
      onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function importFile(f: File | undefined) {
    if (!f || me.status !== 'ready') return;
    setBusy(true);
    setError(null);
    try {
      const { importKey } = await loadClient();
      setFile(await importKey(await f.text(), me.data.rosterId, me.data.memberId));
      setNotice(t('sealPanel.imported'));
      onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function download() {
    if (!file) return;
    const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `confidence-member-key-${file.memberId}.json`;
    a.click();
    URL.revokeObjectURL(url);
  }

  const registered = me.status === 'ready' ? me.data.key : null;
  const here = file && registered && file.publicKey === registered.publicKey;
  return (
    <div aria-labelledby="member-key-heading">
      <h3 id="member-key-heading">{t('sealPanel.keyHeading')}</h3>
      {me.status === 'error' && <ErrorMessage error={me.error} title={t('sealPanel.keyLoadError')} />}
      {me.status === 'ready' && <p>{registered ? t(here ? 'sealPanel.keyHere' : 'sealPanel.keyElsewhere', { key: registered.publicKey.slice(0, 16) }) : t('sealPanel.noKey')}</p>}
      {foreign.length > 0 && (
        <p className="notice notice-error" role="alert">
          {t('sealPanel.foreignKeys', { n: foreign.length, keys: foreign.map((k) => `${k}…`).join(', ') })}
        </p>
      )}
      <p>
        <button type="button" className="button button-secondary" onClick={() => void generate()} disabled={busy || me.status !== 'ready'}>
          {registered ? t('sealPanel.generateNew') : t('sealPanel.generate')}
        </button>{' '}
        {file && (
          <button type="button" className="button button-secondary" onClick={download}>
            {t('sealPanel.download')}
          </button>
        )}{' '}
        {/* A button in the page’s language opens the hidden native chooser (its own words follow the browser’s language). */}
        <button type="button" className="button button-secondary" data-testid="seal-import" onClick={() => importInput.current?.click()}>
          {t('sealPanel.import')}
        </button>
        <input ref={importInput} type="file" accept="application/json" hidden onChange={(e) => void importFile(e.target.files?.[0])} />
      </p>
      {notice && (
        <p role="status" className="notice notice-success">
          {notice}
        </p>
      )}
      <ErrorMessage error={error} title={t('sealPanel.keyError')} />
    </div>
  );
}

/**
 * Member: check my own slot in the latest seal holds 1 if I had a letter in force that day, 0 if not. What the slot
 * should hold is the member's own answer, never the server's record (`letterInForce`, which the chair can change by
 * recording a paper withdrawal or a later letter in the member's name, and which is today's, not the seal's day's):
 * checked against the record, a dropped letter would read "Verified". The record is only compared with the answer.
 */
export function MySlotCheck({ procedureId, letterInForce }: { procedureId: string; letterInForce: boolean }) {
  const t = useT();
  const [wrote, setWrote] = useState<'yes' | 'no' | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string; note: string; differs: boolean; checks: Check[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function check() {
    if (wrote === null) return;
    setBusy(true);
    setError(null);
    try {
      const [mine, seal, me, client] = await Promise.all([api.mySealSlot(procedureId), api.latestSeal(procedureId), api.myMemberKey(), loadClient()]);
      const expected = wrote === 'yes' ? 1 : 0;
      const verdict = await client.checkMySlot(seal, mine, expected, me.memberId);
      const ok = verdict.ok && mine.seq === seal.seq;
      setResult({
        ok,
        checks: verdict.checks,
        text: ok ? t('sealPanel.slotOk', { seq: seal.seq, slot: mine.slot + 1, expected }) : t('sealPanel.slotProblem', { seq: seal.seq }),
        note: verdict.mode === 'keyed' ? t('sealPanel.keyedNote') : t('sealPanel.unkeyedNote'),
        differs: (wrote === 'yes') !== letterInForce,
      });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="slot-heading">
      <h2 id="slot-heading">{t('sealPanel.slotHeading')}</h2>
      <p>{t('sealPanel.slotBody')}</p>
      <MemberKeyPanel onChange={() => setResult(null)} />
      <fieldset className="field">
        <legend>{t('sealPanel.wroteLegend')}</legend>
        <p className="hint">{t('sealPanel.wroteHint')}</p>
        {(['yes', 'no'] as const).map((w) => (
          <label key={w} className="radio">
            <input
              type="radio"
              name="seal-wrote"
              checked={wrote === w}
              onChange={() => {
                setWrote(w);
                setResult(null);
              }}
            />{' '}
            {t(w === 'yes' ? 'sealPanel.wroteYes' : 'sealPanel.wroteNo')}
          </label>
        ))}
      </fieldset>
      <p>
        <button type="button" className="button button-secondary" onClick={() => void check()} disabled={busy || wrote === null}>
          {busy ? t('sealPanel.checking') : t('sealPanel.checkSlot')}
        </button>
      </p>
      <ErrorMessage error={error} title={t('sealPanel.slotError')} />
      {result && (
        <div role="status" className={result.ok ? 'notice notice-success' : 'notice notice-error'}>
          <p>{result.text}</p>
          {result.differs && <p>{t('sealPanel.recordDiffers')}</p>}
          <p>{result.note}</p>
          <CheckList checks={result.checks} />
        </div>
      )}
    </section>
  );
}

/** A check of the seal's protocol has its meaning in the catalogue (docs/sealed-count.md); an unknown one keeps the checker's English. */
const KNOWN_CHECKS = new Set(['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9', 'M1', 'M2', 'M3', 'F1', 'F2', 'F3']);

/**
 * The numbered checks of a seal. In English the checker's own sentence (with its numbers) is shown; in
 * Welsh and French each check's meaning and outcome are said in the reader's language and the checker's
 * English sentence is kept one click away (marked lang="en"), so no detail is lost.
 */
export function CheckList({ checks }: { checks: Check[] }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <ul className="rule-list">
      {checks.map((c) => {
        const notChecked = !c.ok && c.detail.startsWith('not checked');
        const outcome = t(c.ok ? 'sealPanel.checkPassed' : notChecked ? 'journeys.seal.notChecked' : 'sealPanel.checkFailed');
        const translated = locale !== 'en' && KNOWN_CHECKS.has(c.step);
        return (
          <li key={c.step} data-testid={`seal-check-${c.step}`}>
            <span aria-hidden="true">{c.ok ? '✓' : '✗'}</span> <strong>{c.step}</strong>:{' '}
            {translated ? (
              <>
                {t(`journeys.seal.${c.step}` as MessageKey)} <span className="check-outcome">({outcome})</span>
                <details className="check-details">
                  <summary>{t('journeys.seal.englishDetails')}</summary>
                  <p lang="en">{c.detail}</p>
                </details>
              </>
            ) : (
              <>
                <English>{c.detail}</English> <span className="visually-hidden">({outcome})</span>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}

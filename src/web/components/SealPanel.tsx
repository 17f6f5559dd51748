import { useState } from 'react';
import { api, ApiError, type PublicSealJson, type SealSummary } from '../api';
import { useLoader } from '../hooks';
import { formatDay } from '../format';
import { ErrorMessage, Loading } from './ui';

/**
 * The sealed count in the browser (docs/sealed-count.md). Verification runs here, on the reader's device,
 * with the same code as `npx confidence seal verify`: the server is not trusted to say its seal is valid.
 * The crypto is loaded only when asked for, so the page stays light.
 */
const loadVerifier = () => import('../../domain/seal/seal');

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
export function PublicSealPanel({ procedureId, denominator, threshold, asOf }: { procedureId: string; denominator: number; threshold: number; asOf: string }) {
  const [seal] = useLatestSeal(procedureId, 0);
  const [checks, setChecks] = useState<Check[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function verify(s: PublicSealJson) {
    setBusy(true);
    setError(null);
    try {
      const { verifySeal } = await loadVerifier();
      // The public denominator and threshold are known independently only for the page's own day.
      const expected = s.on === asOf ? { denominator, threshold } : {};
      setChecks(verifySeal(s, expected).checks);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="seal-heading">
      <h2 id="seal-heading">Verifiable announcement</h2>
      {seal.status === 'loading' && <Loading what="the sealed count" />}
      {seal.status === 'error' && <ErrorMessage error={seal.error} title="The sealed count could not be loaded" />}
      {seal.status === 'ready' && seal.data === null && (
        <p>
          The chair has not published a sealed count yet. A sealed count proves whether the letters have reached the threshold
          without revealing how many there are.
        </p>
      )}
      {seal.status === 'ready' && seal.data && (
        <>
          <p>
            <strong>
              Sealed count {seal.data.seq}, {formatDay(seal.data.on)}: the threshold of {seal.data.threshold} is{' '}
              {seal.data.outcome === 'reached' ? 'reached' : 'not reached'}.
            </strong>{' '}
            It commits to one hidden 0 or 1 per member ({seal.data.denominator} in all) and proves the total is{' '}
            {seal.data.outcome === 'reached' ? 'at least' : 'below'} the threshold, without revealing it.
          </p>
          <p className="hint">Seal hash {seal.data.hash.slice(0, 16)}…</p>
          <p>
            <button type="button" className="button button-secondary" onClick={() => void verify(seal.data!)} disabled={busy}>
              {busy ? 'Verifying…' : 'Verify it in this browser'}
            </button>
          </p>
          <ErrorMessage error={error} title="Verification could not run" />
          {checks && (
            <div role="status">
              <p>
                <strong>{checks.every((c) => c.ok) ? 'Valid: every check passed.' : 'INVALID: a check failed.'}</strong>
              </p>
              <ul className="rule-list">
                {checks.map((c) => (
                  <li key={c.step}>
                    {c.ok ? '✓' : '✗'} {c.step}: {c.detail}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** Member: check my own slot in the latest seal holds 1 if my letter is in force, 0 if not. */
export function MySlotCheck({ procedureId, letterInForce }: { procedureId: string; letterInForce: boolean }) {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function check() {
    setBusy(true);
    setError(null);
    try {
      const [mine, seal, { verifyMySlot }] = await Promise.all([api.mySealSlot(procedureId), api.latestSeal(procedureId), loadVerifier()]);
      const opens = mine.seq === seal.seq && verifyMySlot(seal, mine);
      const expected = letterInForce ? 1 : 0;
      const ok = opens && mine.value === expected;
      setResult({
        ok,
        text: ok
          ? `Verified: in sealed count ${seal.seq} your slot (#${mine.slot + 1}) holds ${mine.value} — ${mine.value === 1 ? 'your letter is counted' : 'no letter is counted for you'}.`
          : `Problem: your slot (#${mine.slot + 1}) in sealed count ${seal.seq} ${opens ? `holds ${mine.value} but you expected ${expected}` : 'does not open as the server says'}. Raise it with the committee.`,
      });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="slot-heading">
      <h2 id="slot-heading">Check the sealed count</h2>
      <p>
        When the chair publishes a sealed count, your hidden slot in it must hold 1 if your letter is in force that day and 0 if
        not. Only you can open it.
      </p>
      <p>
        <button type="button" className="button button-secondary" onClick={() => void check()} disabled={busy}>
          {busy ? 'Checking…' : 'Check my slot'}
        </button>
      </p>
      <ErrorMessage error={error} title="Your slot could not be checked" />
      {result && (
        <p role="status" className={result.ok ? 'notice notice-success' : 'notice notice-error'}>
          {result.text}
        </p>
      )}
    </section>
  );
}

/** Chair: publish a sealed count of the letters as they stand. */
export function PublishSealButton({ procedureId }: { procedureId: string }) {
  const [published, setPublished] = useState<SealSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function publish() {
    setBusy(true);
    setError(null);
    try {
      setPublished(await api.publishSeal(procedureId));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby="publish-seal-heading">
      <h2 id="publish-seal-heading">Announce verifiably</h2>
      <p>
        Publish a sealed count: anyone can verify whether the threshold is reached, nobody learns the count, and each member can
        check their own letter is counted.
      </p>
      <p>
        <button type="button" className="button" onClick={() => void publish()} disabled={busy}>
          {busy ? 'Sealing…' : 'Publish a sealed count'}
        </button>
      </p>
      <ErrorMessage error={error} title="The sealed count could not be published" />
      {published && (
        <p role="status" className="notice notice-success">
          Sealed count {published.seq} published: threshold {published.outcome === 'reached' ? 'reached' : 'not reached'}.
        </p>
      )}
    </section>
  );
}

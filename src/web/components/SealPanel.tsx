import { useEffect, useState } from 'react';
import { api, ApiError, type PublicSealJson, type SealSummary } from '../api';
import type { MemberKeyFile } from '../seal-types';
import { useLoader } from '../hooks';
import { formatDay } from '../format';
import { ErrorMessage, Loading } from './ui';

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

/** Member: my key for checking sealed counts — generated in this browser, exportable, registered with a proof. */
function MemberKeyPanel({ onChange }: { onChange: () => void }) {
  const [me] = useLoader(() => api.myMemberKey(), []);
  const [file, setFile] = useState<MemberKeyFile | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const who = me.status === 'ready' ? `${me.data.rosterId}/${me.data.memberId}` : null;
  useEffect(() => {
    if (me.status !== 'ready') return;
    void loadClient().then(({ storedKey }) => setFile(storedKey(me.data.rosterId, me.data.memberId)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [who]);

  async function generate() {
    if (me.status !== 'ready') return;
    setBusy(true);
    setError(null);
    try {
      const { generateAndRegister } = await loadClient();
      setFile(await generateAndRegister(me.data.rosterId, me.data.memberId));
      setNotice('Your key was generated in this browser and its public half registered. Download the key file and keep it safe: it is the only copy.');
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
      setNotice('Key imported into this browser and registered.');
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
      <h3 id="member-key-heading">Your checking key</h3>
      {me.status === 'error' && <ErrorMessage error={me.error} title="Your key could not be loaded" />}
      {me.status === 'ready' && (
        <p>
          {registered
            ? `Registered key ${registered.publicKey.slice(0, 16)}… (${here ? 'held in this browser' : 'not in this browser: import your key file to check here'}).`
            : 'You have no key yet. Without one, your check gives you an opening of your slot, which anyone you show it to can verify: it is a receipt.'}
        </p>
      )}
      <p>
        <button type="button" className="button button-secondary" onClick={() => void generate()} disabled={busy || me.status !== 'ready'}>
          {registered ? 'Generate a new key in this browser' : 'Generate my key in this browser'}
        </button>{' '}
        {file && (
          <button type="button" className="button button-secondary" onClick={download}>
            Download my key file
          </button>
        )}{' '}
        <label className="button button-secondary">
          Import a key file <input type="file" accept="application/json" className="visually-hidden" onChange={(e) => void importFile(e.target.files?.[0])} />
        </label>
      </p>
      {notice && (
        <p role="status" className="notice notice-success">
          {notice}
        </p>
      )}
      <ErrorMessage error={error} title="Your key could not be set up" />
    </div>
  );
}

/** Member: check my own slot in the latest seal holds 1 if my letter is in force, 0 if not. */
export function MySlotCheck({ procedureId, letterInForce }: { procedureId: string; letterInForce: boolean }) {
  const [result, setResult] = useState<{ ok: boolean; text: string; note: string; checks: Check[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function check() {
    setBusy(true);
    setError(null);
    try {
      const [mine, seal, me, client] = await Promise.all([api.mySealSlot(procedureId), api.latestSeal(procedureId), api.myMemberKey(), loadClient()]);
      const expected = letterInForce ? 1 : 0;
      const verdict = await client.checkMySlot(seal, mine, expected, me.memberId);
      const ok = verdict.ok && mine.seq === seal.seq;
      const holds = `holds ${expected} — ${expected === 1 ? 'your letter is counted' : 'no letter is counted for you'}`;
      setResult({
        ok,
        checks: verdict.checks,
        text: ok
          ? `Verified: in sealed count ${seal.seq} your slot (#${mine.slot + 1}) ${holds}.`
          : `Problem: your slot in sealed count ${seal.seq} failed a check (see below). Raise it with the committee.`,
        note:
          verdict.mode === 'keyed'
            ? 'Only you can find your slot, and no other member can be given it. The proof convinces you alone: you could make an equally valid one for the other value, so it proves nothing to anyone you show it to (it is not a receipt).'
            : 'Checked without a key: your slot is bound to you and no other member can be given it, but the opening you received is a receipt — anyone you show it to can check what your slot holds. Generate a key to check without one.',
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
        not, and it must be yours alone.
      </p>
      <MemberKeyPanel onChange={() => setResult(null)} />
      <p>
        <button type="button" className="button button-secondary" onClick={() => void check()} disabled={busy}>
          {busy ? 'Checking…' : 'Check my slot'}
        </button>
      </p>
      <ErrorMessage error={error} title="Your slot could not be checked" />
      {result && (
        <div role="status" className={result.ok ? 'notice notice-success' : 'notice notice-error'}>
          <p>{result.text}</p>
          <p>{result.note}</p>
          <ul className="rule-list">
            {result.checks.map((c) => (
              <li key={c.step}>
                {c.ok ? '✓' : '✗'} {c.step}: {c.detail}
              </li>
            ))}
          </ul>
        </div>
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

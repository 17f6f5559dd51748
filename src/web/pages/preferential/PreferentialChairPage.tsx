import { useEffect, useState } from 'react';
import { useLoader, usePageTitle } from '../../hooks';
import { ErrorMessage, Loading, SuccessMessage } from '../../components/ui';
import { ConfirmButton } from '../../components/ConfirmDialog';
import { useT } from '../../i18n/I18n';
import { Select } from '../../components/fields';
import type { MessageKey } from '../../i18n/catalogue';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { RequireRole } from '../RequireRole';
import { preferentialApi, preferentialPaths, type PreferentialView } from './api';
import { MixPanel } from './MixPanel';
import { RoundTable } from './RoundTable';

/**
 * The chair's pages for a preferential ballot: set one up (`/preferential/new`), then run it
 * (`/preferential/{id}/chair`): the key ceremony, credentials and opening are the confidence vote's ceremony page;
 * here the chair closes the vote, watches the mix servers and trustees (the page refreshes itself), can shuffle on
 * this device as the next mix server, and posts the count once it needs no more decrypted preferences. The server
 * checks every step again; the round table is the one anyone can redo with the verifier.
 */
export function PreferentialNewPage() {
  const t = useT();
  usePageTitle(t('ranked.chair.title'));
  return (
    <RequireRole title={t('ranked.chair.title')} allowed={(a) => a.role === 'chair'} forbiddenText={t('ranked.chair.forbidden')}>
      {() => (
        <div className="container">
          <h1>{t('ranked.chair.title')}</h1>
          <CreateForm />
          <BallotList />
        </div>
      )}
    </RequireRole>
  );
}

const METHODS = ['irv', 'stv-scottish', 'stv-ers97', 'stv-meek'] as const;
const SPLITS = ['2/3', '3/5', '2/2', '1/1'];

function CreateForm() {
  const t = useT();
  const { demo } = useSession();
  const [title, setTitle] = useState('');
  const [candidates, setCandidates] = useState('');
  const [method, setMethod] = useState<(typeof METHODS)[number]>('irv');
  const [seats, setSeats] = useState('1');
  const [rankCap, setRankCap] = useState('3');
  const [electorate, setElectorate] = useState('');
  const [split, setSplit] = useState(demo ? '1/1' : '2/3');
  const [mixers, setMixers] = useState(demo ? '1' : '3');
  const [authority, setAuthority] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function create() {
    setError(null);
    const names = candidates
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const [threshold, trustees] = split.split('/').map(Number);
    const key = authority.trim().toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(key)) {
      setError(new Error(t('ranked.new.invalid', { problem: t('ranked.new.authorityHint') })));
      return;
    }
    setBusy(true);
    try {
      const v = await preferentialApi.create({ title, candidates: names, method, seats: Number(seats), rankCap: Number(rankCap), electorate: Number(electorate), threshold, trustees, mixers: Number(mixers), authority: key });
      navigate(preferentialPaths.chair(v.id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const num = (id: string, label: MessageKey, value: string, set: (v: string) => void) => (
    <div className="field">
      <label htmlFor={id}>{t(label)}</label>
      <input id={id} data-testid={id} inputMode="numeric" value={value} onChange={(ev) => set(ev.target.value)} autoComplete="off" />
    </div>
  );
  return (
    <section className="card" aria-labelledby="pref-new-heading" data-testid="pref-create">
      <h2 id="pref-new-heading">{t('ranked.new.heading')}</h2>
      <p>{t('ranked.new.lede')}</p>
      <div className="field">
        <label htmlFor="pref-title">{t('ranked.new.ballotTitle')}</label>
        <input id="pref-title" data-testid="pref-title" value={title} onChange={(ev) => setTitle(ev.target.value)} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor="pref-candidates">{t('ranked.new.candidates')}</label>
        <p className="hint" id="pref-candidates-hint">
          {t('ranked.new.candidatesHint')}
        </p>
        <textarea id="pref-candidates" data-testid="pref-candidates" aria-describedby="pref-candidates-hint" rows={5} value={candidates} onChange={(ev) => setCandidates(ev.target.value)} />
      </div>
      <Select id="pref-method" label={t('ranked.new.method')} value={method} onChange={(v) => setMethod(v as (typeof METHODS)[number])} options={METHODS.map((m) => ({ value: m, label: t(`ranked.new.method.${m}` as MessageKey) }))} />
      {method !== 'irv' && num('pref-seats', 'ranked.new.seats', seats, setSeats)}
      {num('pref-rank-cap', 'ranked.new.rankCap', rankCap, setRankCap)}
      {num('pref-electorate', 'ranked.new.electorate', electorate, setElectorate)}
      <Select id="pref-trustees" label={t('ranked.new.trustees')} value={split} onChange={setSplit} options={SPLITS.map((x) => ({ value: x, label: x }))} />
      {num('pref-mixers', 'ranked.new.mixers', mixers, setMixers)}
      <div className="field">
        <label htmlFor="pref-authority">{t('ranked.new.authority')}</label>
        <p className="hint" id="pref-authority-hint">
          {t('ranked.new.authorityHint')}
        </p>
        <input id="pref-authority" data-testid="pref-authority" aria-describedby="pref-authority-hint" value={authority} onChange={(ev) => setAuthority(ev.target.value)} autoComplete="off" spellCheck={false} />
      </div>
      {demo && (
        <div className="demo-aside">
          <p className="hint">{t('journeys.demo.authorityHint')}</p>
          <button
            type="button"
            className="button button-secondary"
            onClick={async () => {
              try {
                const { makeDemoAuthority } = await import('../ballot/demoAuthority');
                setAuthority(await makeDemoAuthority());
              } catch (err) {
                setError(err);
              }
            }}
          >
            {t('journeys.demo.authorityButton')}
          </button>
        </div>
      )}
      <button type="button" className="button" data-testid="pref-create-button" disabled={busy} onClick={() => void create()}>
        {t('ranked.new.create')}
      </button>
      <ErrorMessage error={error} />
    </section>
  );
}

function BallotList() {
  const t = useT();
  const [list] = useLoader(() => preferentialApi.list(), []);
  return (
    <section aria-labelledby="pref-list-heading">
      <h2 id="pref-list-heading">{t('ranked.chair.list')}</h2>
      {list.status === 'loading' && <Loading what={t('ranked.loading')} />}
      {list.status === 'error' && <ErrorMessage error={list.error} />}
      {list.status === 'ready' &&
        (list.data.ballots.length === 0 ? (
          <p>{t('ranked.chair.none')}</p>
        ) : (
          <ul>
            {list.data.ballots.map((b) => (
              <li key={b.id}>
                <a href={preferentialPaths.page(b.id)}>{b.title}</a> · <a href={preferentialPaths.chair(b.id)}>{t('ranked.chair.manage')}</a>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

/** Refreshes a loader every few seconds while `on` (the chair watches the mix servers and trustees work). */
export function usePolling(reload: () => Promise<void>, on: boolean, ms = 3000): void {
  useEffect(() => {
    if (!on) return;
    const id = setInterval(() => void reload(), ms);
    return () => clearInterval(id);
  }, [reload, on, ms]);
}

export function PreferentialChairPage({ eid }: { eid: string }) {
  const t = useT();
  usePageTitle(t('ranked.manage.title'));
  return (
    <RequireRole title={t('ranked.manage.title')} allowed={(a) => a.role === 'chair'} forbiddenText={t('ranked.chair.forbidden')}>
      {() => <Manage eid={eid} />}
    </RequireRole>
  );
}

function Manage({ eid }: { eid: string }) {
  const t = useT();
  const [view, reload] = useLoader(() => preferentialApi.view(eid), [eid]);
  const v = view.status === 'ready' ? view.data : null;
  usePolling(reload, !!v && !v.count);
  return (
    <div className="container">
      <h1>{t('ranked.manage.title')}</h1>
      {view.status === 'loading' && <Loading what={t('ranked.loading')} />}
      {view.status === 'error' && <ErrorMessage error={view.error} title={t('ranked.loadError')} />}
      {v && <Steps v={v} reload={reload} />}
    </div>
  );
}

function Steps({ v, reload }: { v: PreferentialView; reload: () => Promise<void> }) {
  const t = useT();
  const m = v.manifest;
  const [done, setDone] = useState<string | null>(null);
  const open = ['open', 'ballot', 'revocation'].includes(v.lastType);
  const closed = ['close', 'mix', 'decryption_share', 'count'].includes(v.lastType);
  const act = async (what: string, fn: () => Promise<unknown>) => {
    setDone(null);
    await fn();
    setDone(what);
    await reload();
  };
  return (
    <>
      <p className="lede" data-testid="pref-chair-title">
        {m.title}
      </p>
      <ul>
        <li>
          <a href={preferentialPaths.page(v.id)}>{t('ranked.manage.public')}</a>
        </li>
        <li>
          <a href={preferentialPaths.ceremony(v.id)}>{t('ranked.manage.ceremony')}</a>
        </li>
        <li>
          <a href={preferentialPaths.trustee(v.id)}>{t('ranked.manage.trusteePage')}</a>
        </li>
      </ul>
      <p className="hint">{t('ranked.manage.watching')}</p>
      <SuccessMessage>{done}</SuccessMessage>
      <section className="card" aria-labelledby="pref-steps-heading">
        <h2 id="pref-steps-heading">{t('ranked.manage.stepsHeading')}</h2>
        <p data-testid="pref-ballots">{t('ranked.page.ballots', { n: v.ballots })}</p>
        {open && (
          <ConfirmButton label={t('ranked.manage.close')} title={t('ranked.manage.closeTitle')} confirmLabel={t('ranked.manage.close')} testId="pref-close" onConfirm={() => act(t('ranked.manage.closed'), () => preferentialApi.close(v.id))}>
            <p>{t('ranked.manage.closeBody')}</p>
          </ConfirmButton>
        )}
        {closed && <p>{t('ranked.manage.closed')}</p>}
      </section>
      <section className="card" aria-labelledby="pref-mix-heading">
        <h2 id="pref-mix-heading">{t('ranked.manage.mixHeading')}</h2>
        <p data-testid="pref-mix-progress">{t('ranked.manage.mixProgress', { done: v.mixes, total: m.mixers })}</p>
        <MixPanel v={v} onDone={reload} />
      </section>
      <section className="card" aria-labelledby="pref-decrypt-heading">
        <h2 id="pref-decrypt-heading">{t('ranked.manage.decryptHeading')}</h2>
        <p data-testid="pref-decrypt-progress">{v.progress.mixed ? t('ranked.manage.decryptProgress', { n: v.progress.decrypted, needed: v.progress.cells.length }) : t('ranked.manage.decryptWaiting')}</p>
      </section>
      <section className="card" aria-labelledby="pref-count-heading">
        <h2 id="pref-count-heading">{t('ranked.manage.countHeading')}</h2>
        {v.count ? (
          <p>{t('ranked.manage.counted')}</p>
        ) : v.progress.done ? (
          <ConfirmButton label={t('ranked.manage.count')} title={t('ranked.manage.countTitle')} confirmLabel={t('ranked.manage.count')} testId="pref-count" onConfirm={() => act(t('ranked.manage.counted'), () => preferentialApi.count(v.id))}>
            <p>{t('ranked.manage.countBody')}</p>
          </ConfirmButton>
        ) : (
          <p>{t('ranked.manage.countNotYet')}</p>
        )}
      </section>
      {v.count && <RoundTable count={v.count} />}
    </>
  );
}

import { useState } from 'react';
import { useLoader } from '../../hooks';
import { isCommitteeOfficer, useSession } from '../../session';
import { ErrorMessage } from '../../components/ui';
import { electionApi, electionPaths, STAGE_WORDS } from './api';
import type { Translate } from '../../i18n/I18n';
import { post } from './ceremonyApi';
import { useT } from '../../i18n/I18n';

/**
 * On a procedure's page: its verifiable confidence vote, if there is one; for the chair, once the vote is
 * scheduled, the button that creates it (manifest from the rulebook and the credential authority's public key,
 * 3 of 5 trustees by default).
 */
export function ElectionLink({ procedureId, state, onCreated }: { procedureId: string; state?: string; onCreated?: () => void | Promise<void> }) {
  const { account, demo } = useSession();
  const t = useT();
  const [e, reload] = useLoader(() => electionApi.forProcedure(procedureId).catch(() => null), [procedureId]);
  const [error, setError] = useState<unknown>(null);
  // On the demo one person runs every step, so one trustee holding the whole key is the default there.
  const [chosenTrustees, setTrustees] = useState<string | null>(null);
  const trustees = chosenTrustees ?? (demo ? '1/1' : '3/5');
  const [demoMade, setDemoMade] = useState(false);
  const [authority, setAuthority] = useState('');
  const [authorityError, setAuthorityError] = useState(false);
  if (e.status !== 'ready') return null;
  if (!e.data) {
    if (account?.role !== 'chair' || (state !== undefined && state !== 'ballot_scheduled')) return null;
    return (
      <section className="card" aria-labelledby="create-vote-heading" data-testid="create-election">
        <h2 id="create-vote-heading" tabIndex={-1}>
          {t('election.createHeading')}
        </h2>
        <p>{t('election.createBody')}</p>
        <div className={authorityError ? 'field field-error' : 'field'}>
          <label htmlFor="authority-key">{t('election.authority')}</label>
          <p className="hint" id="authority-key-hint">
            {t('election.authorityHint')}
          </p>
          <input
            id="authority-key"
            value={authority}
            onChange={(ev) => setAuthority(ev.target.value)}
            aria-describedby={authorityError ? 'authority-key-hint authority-key-error' : 'authority-key-hint'}
            aria-invalid={authorityError || undefined}
            autoComplete="off"
            spellCheck={false}
          />
          {authorityError && (
            <p className="field-error-message" id="authority-key-error" role="alert">
              {t('election.authorityInvalid')}
            </p>
          )}
        </div>
        {demo && (
          <div className="demo-aside">
            <p className="hint">{t('journeys.demo.authorityHint')}</p>
            <button
              type="button"
              className="button button-secondary"
              data-testid="demo-authority"
              onClick={async () => {
                setError(null);
                try {
                  const { makeDemoAuthority } = await import('./demoAuthority');
                  setAuthority(await makeDemoAuthority());
                  setAuthorityError(false);
                  setDemoMade(true);
                } catch (err) {
                  setError(err);
                }
              }}
            >
              {t('journeys.demo.authorityButton')}
            </button>
            {demoMade && (
              <p role="status" className="hint">
                {t('journeys.demo.authorityMade')}
              </p>
            )}
          </div>
        )}
        <div className="field">
          <label htmlFor="trustee-split">{t('election.trustees')}</label>
          <select id="trustee-split" value={trustees} onChange={(ev) => setTrustees(ev.target.value)}>
            {['3/5', '2/3', '2/4', '1/1'].map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button"
          onClick={async () => {
            setError(null);
            const key = authority.trim().toLowerCase();
            setAuthorityError(!/^[0-9a-f]{64}$/.test(key));
            if (!/^[0-9a-f]{64}$/.test(key)) return;
            try {
              const [threshold, count] = trustees.split('/').map(Number);
              await post(`/api/procedures/${encodeURIComponent(procedureId)}/election`, { authority: key, threshold, trustees: count });
              await reload();
              await onCreated?.();
            } catch (err) {
              setError(err);
            }
          }}
        >
          {t('election.create')}
        </button>
        <ErrorMessage error={error} />
      </section>
    );
  }
  return (
    <p data-testid="election-link">
      <a href={electionPaths.election(e.data.id)}>{t('election.link')}</a>: {stageText(t, e.data.stage)}
      {isCommitteeOfficer(account) && (
        <>
          {' · '}
          <a href={`${electionPaths.election(e.data.id)}/ceremony`}>{t('election.ceremonyLink')}</a>
        </>
      )}
    </p>
  );
}

const STAGES = ['key-ceremony', 'credentials', 'ready', 'open', 'closed', 'tallying', 'decided'] as const;

/** The election's stage in the reader's language (an unknown stage keeps the English words). */
export function stageText(t: Translate, stage: string): string {
  return (STAGES as readonly string[]).includes(stage) ? t(`election.stage.${stage as (typeof STAGES)[number]}`) : (STAGE_WORDS[stage] ?? stage);
}

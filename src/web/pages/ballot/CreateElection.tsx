import { useState } from 'react';
import { useSession } from '../../session';
import { ErrorMessage } from '../../components/ui';
import { Select, TextField } from '../../components/fields';
import { useT } from '../../i18n/I18n';
import { post } from './ceremonyApi';

/**
 * The chair's form that creates a procedure's verifiable confidence vote once the vote is scheduled: the manifest
 * from the rulebook and the credential authority's public key, 3 of 5 trustees by default (1 of 1 on the demo,
 * where one person runs every step).
 */
export function CreateElection({ procedureId, reload, onCreated }: { procedureId: string; reload: () => Promise<unknown>; onCreated?: () => void | Promise<void> }) {
  const { demo } = useSession();
  const t = useT();
  const [error, setError] = useState<unknown>(null);
  const [chosenTrustees, setTrustees] = useState<string | null>(null);
  const trustees = chosenTrustees ?? (demo ? '1/1' : '3/5');
  const [demoMade, setDemoMade] = useState(false);
  const [authority, setAuthority] = useState('');
  const [authorityError, setAuthorityError] = useState(false);
  return (
    <section className="card" aria-labelledby="create-vote-heading" data-testid="create-election">
      <h2 id="create-vote-heading" tabIndex={-1}>
        {t('election.createHeading')}
      </h2>
      <p>{t('election.createBody')}</p>
      <TextField
        id="authority-key"
        label={t('election.authority')}
        hint={t('election.authorityHint')}
        error={authorityError ? t('election.authorityInvalid') : null}
        value={authority}
        onChange={setAuthority}
        autoComplete="off"
        inputProps={{ spellCheck: false }}
      />
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
      <Select id="trustee-split" label={t('election.trustees')} value={trustees} onChange={setTrustees} options={['3/5', '2/3', '2/4', '1/1'].map((s) => ({ value: s, label: s }))} />
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

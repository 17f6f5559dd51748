import { useState } from 'react';
import { signReschedule, credentialPublicKey } from '../../../ballot';
import { ConfirmButton } from '../../components/ConfirmDialog';
import { TextField } from '../../components/fields';
import { formatDateTime, ukLocalToIso } from '../../format';
import { useT } from '../../i18n/I18n';
import { useSession } from '../../session';
import type { ElectionView } from './api';
import { post, readJsonFile } from './ceremonyApi';
import { demoAuthoritySecret } from './demoAuthority';
import { FileInput } from '../../components/FileInput';

/**
 * The chair's "move the voting window" for a live vote, whose manifest binds the window. The chair alone cannot
 * move it (ADR 0212): the credential authority signs the new window (opens, closes, revision) with its key, and the
 * server checks that signature against the manifest before the procedure's schedule follows. Here the authority's
 * key file is read in this browser and only the signature is sent — the same body `confidence credentials
 * reschedule` posts. On the demo, the authority key made in this browser signs. Offered only before the opening.
 */
export function MoveWindow({ e, busy, act }: { e: ElectionView; busy: boolean; act: (what: string, fn: () => Promise<void>) => Promise<void> }) {
  const t = useT();
  const { demo } = useSession();
  const [opens, setOpens] = useState('');
  const [closes, setCloses] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const w = e.window;
  const demoSecret = demo ? demoAuthoritySecret(e.manifest.authority) : null;
  const opensIso = ukLocalToIso(opens);
  const closesIso = ukLocalToIso(closes);

  function valid(): boolean {
    if (!opensIso || !closesIso || opensIso >= closesIso) return setProblem(t('journeys.window.invalid')), false;
    if (!demoSecret && !file) return setProblem(t('journeys.window.noKey')), false;
    setProblem(null);
    return true;
  }

  async function secret(): Promise<string> {
    if (demoSecret) return demoSecret;
    let k: { secret?: unknown };
    try {
      k = await readJsonFile<{ secret?: unknown }>(file!);
    } catch {
      throw new Error(t('journeys.window.wrongKey'));
    }
    if (typeof k.secret !== 'string' || credentialPublicKey(k.secret) !== e.manifest.authority) throw new Error(t('journeys.window.wrongKey'));
    return k.secret;
  }

  return (
    <section className="card" data-testid="step-window" aria-labelledby="move-window-heading">
      <h3 id="move-window-heading">{t('journeys.window.title')}</h3>
      <p data-testid="window-current">{t('journeys.window.current', { opens: formatDateTime(w.opensAt!), closes: formatDateTime(w.closesAt!) })}</p>
      <p className="hint">{t('journeys.window.body')}</p>
      <div className="field-row">
        <TextField id="window-opens" type="datetime-local" label={t('journeys.window.opens')} value={opens} onChange={setOpens} isRequired />
        <TextField id="window-closes" type="datetime-local" label={t('journeys.window.closes')} value={closes} onChange={setCloses} isRequired />
      </div>
      {demoSecret ? (
        <p className="demo-aside hint">{t('journeys.window.demoKey')}</p>
      ) : (
        <div className="field">
          <label htmlFor="window-authority-key">{t('journeys.window.keyFile')}</label>
          <FileInput id="window-authority-key" accept="application/json,.json" onChange={(ev) => setFile(ev.target.files?.[0] ?? null)} />
        </div>
      )}
      {problem && (
        <p className="field-error-message" role="alert">
          {problem}
        </p>
      )}
      <ConfirmButton
        label={t('journeys.window.button')}
        title={t('journeys.window.confirmTitle')}
        confirmLabel={t('journeys.window.confirm')}
        testId="move-window"
        disabled={busy}
        beforeOpen={valid}
        onConfirm={() =>
          act(t('journeys.window.moved', { opens: formatDateTime(opensIso ?? ''), closes: formatDateTime(closesIso ?? '') }), async () => {
            const body = signReschedule(e.electionHash, await secret(), opensIso!, closesIso!, w.reschedules + 1);
            await post(`/api/elections/${encodeURIComponent(e.id)}/reschedule`, body);
          })
        }
      >
        <p>{t('journeys.window.confirmBody', { opens: formatDateTime(opensIso ?? ''), closes: formatDateTime(closesIso ?? '') })}</p>
      </ConfirmButton>
    </section>
  );
}

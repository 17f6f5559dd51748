import { useEffect, useState } from 'react';
import { initCrypto } from '../../../crypto';
import { trusteePartialDecrypt } from '../../../ballot';
import { useLoader, usePageTitle } from '../../hooks';
import { ErrorMessage, Loading, SuccessMessage } from '../../components/ui';
import { ConfirmButton, useConfirm } from '../../components/ConfirmDialog';
import { useT } from '../../i18n/I18n';
import { isCommitteeOfficer, useSession } from '../../session';
import { electionApi, electionPaths, type ElectionView } from './api';
import { stageText } from './ElectionLink';
import { verifiedTally } from '../../../ballot/tally-to-decrypt';
import { linesOf } from '../../board-stream';
import { download, post } from './ceremonyApi';
import { answerStep, checkSharesStep, complaintsStep, shareStep, type ComplaintAgainstMe } from './trusteeDevice';
import { demoCredentials, hasDemoAuthority, issueDemoCredentials } from './demoAuthority';
import { Hash } from '../../components/Hash';
import { TextField } from '../../components/fields';
import { Step, TrusteeBoardNote, TrusteeKeySteps, TrusteePicker, TrusteeReceipts, useTrusteeSteps, withoutPending, type TrusteeSteps } from './TrusteeSteps';
import { MoveWindow } from './MoveWindow';

/**
 * The trustees' and the chair's page. Trustee steps run HERE, on the trustee's device: the page generates the
 * transport key and the polynomial, encrypts shares, combines the received shares and computes the partial
 * decryption, posting only public messages. The secret file (transport key, then the share of the election
 * secret) is downloaded to the trustee's device and uploaded again for the next step; the server never sees it.
 *
 * Complaints (docs/ballot-spec.md §3.1): the trustee's device checks the shares sent to it, and for a bad one
 * posts a complaint signed with its key and carrying the evidence (its decryption with a proof). A dealer sees
 * the complaints against it, with the verdict its own device computes, and answers by revealing the share —
 * after confirming, since the answer is public. The page never trusts the server's word on a complaint: the list
 * itself is read from the board the device verifies (with the dealer's receipts) once its secret file is chosen; a
 * complaint the API's view shows but that board does not hold is flagged, and has no answer button.
 *
 * The board, not the API: before dealing, checking shares, answering or computing the share, the device verifies
 * the board (the CLI's checks, with the trustee's receipts) and computes from that reading (./trusteeDevice.ts); on
 * a board that fails it refuses with the failing check's message.
 *
 * Receipts (docs/ballot-spec.md §3.2): every message the server accepts comes back with a receipt signed by the
 * board key. The page checks it against the manifest's board key and the message it sent, downloads it and lists
 * it: given to the verifier, it makes any board that drops or moves the message fail (check B6.6) — which is what
 * stops the server from withholding a dealer's answer to choose the election key.
 */
export function CeremonyPage({ eid }: { eid: string }) {
  const t = useT();
  usePageTitle(t('ceremony.title'));
  const { account } = useSession();
  const [election, reload] = useLoader(async () => {
    await initCrypto();
    return electionApi.election(eid);
  }, [eid]);
  return (
    <div className="container">
      <h1>{t('ceremony.title')}</h1>
      {!isCommitteeOfficer(account) && <p className="notice notice-warning">{t('ceremony.loginFirst')}</p>}
      {election.status === 'loading' && <Loading what={t('ceremony.loading')} />}
      {election.status === 'error' && <ErrorMessage error={election.error} />}
      {election.status === 'ready' && <Ceremony e={election.data} reload={reload} isChair={account?.role === 'chair'} />}
    </div>
  );
}

function Ceremony({ e, reload, isChair }: { e: ElectionView; reload: () => Promise<void>; isChair: boolean }) {
  const { demo } = useSession();
  const m = e.manifest;
  const t = useT();
  const [credText, setCredText] = useState('');
  const [notes, setNotes] = useState<string[]>([]);
  const steps = useTrusteeSteps(e, m.boardKey, reload, 'ceremony');
  const { trustee, busy, act, secretFile, submit, base, heldReceipts, device } = steps;
  const none = t('ceremony.none');
  const [question, ask] = useConfirm();

  return (
    <>
      {question}
      <p className="lede">
        {t.rich('ceremony.lede', { title: <span lang="en">{m.title}</span>, stage: stageText(t, e.stage), k: m.trustees.threshold, n: m.trustees.count, b: (c) => <strong>{c}</strong> })}{' '}
        {t('ceremony.progress', { registered: e.trusteeKeys.join(', ') || none, committed: e.commitments.join(', ') || none, dealt: e.dealings.join(', ') || none })}
        {e.complaints.length > 0 && ` ${t('ceremony.complaints', { list: e.complaints.map((c) => t('ceremony.complaint', { complainer: c.complainer, dealer: c.dealer, answered: c.answered ? 'yes' : 'no' })).join(', ') })}`}
        {e.partials.length > 0 && ` ${t('ceremony.partials', { list: e.partials.join(', ') })}`} <a href={electionPaths.election(e.id)}>{t('ceremony.publicPage')}</a>
      </p>
      <h2>{t('ceremony.trusteeSteps')}</h2>
      {/* a preferential board's manifest may leave the trustees unnamed */}
      <TrusteePicker s={steps} names={m.trustees.names ?? Array.from({ length: m.trustees.count }, () => '')} className="field-row" />
      <TrusteeKeySteps s={steps} manifest={m} canRegister canDeal canReveal />
      <Step title={t('ceremony.step3')} testId="step-complain">
        <p>{t('ceremony.step3Body')}</p>
        <button type="button" className="button" disabled={busy || e.dealings.length < m.trustees.count || !!e.electionKey} onClick={() => void act(t('ceremony.sharesChecked'), async () => {
          const s = await secretFile();
          // The dealings and keys of the board verified with this trustee's receipts, never the API's word.
          const check = await checkSharesStep(m, e, s, await heldReceipts(s.trustee), device);
          const notes: string[] = [];
          if (check.tampered.length) notes.push(t('ceremony.tampered', { n: check.tampered.length, list: check.tampered.join(', ') }));
          if (check.complaints.length === 0) {
            setNotes([...notes, t('ceremony.allMatch', { n: check.shares.length })]);
            return;
          }
          const dealers = { n: check.complaints.length, list: check.complaints.map((c) => c.complaint.dealer).join(', ') };
          if (!(await ask({ title: t('journeys.confirm.complaintTitle'), body: t('ceremony.confirmComplaint', dealers), confirmLabel: t('journeys.confirm.complaintButton'), danger: true }))) {
            setNotes([...notes, t('ceremony.noComplaintPosted', dealers)]);
            return;
          }
          for (const c of check.complaints) await submit(`/dkg/complaints`, 'dkg_complaint', s.trustee, c);
          setNotes([...notes, t('ceremony.complaintPosted', dealers)]);
        })}>{t('ceremony.checkShares')}</button>
        <ComplaintsAgainstMe s={steps} busy={busy} onAnswer={(complainer) => void act(t('ceremony.answered', { n: complainer }), async () => {
          if (!(await ask({ title: t('journeys.confirm.answerTitle', { n: complainer }), body: t('ceremony.confirmAnswer', { n: complainer }), confirmLabel: t('journeys.confirm.answerButton'), danger: true }))) throw new Error(t('ceremony.notAnswered'));
          const s = await secretFile();
          // An answer reveals a share: only to a complaint on the verified board, judged against this dealer's file.
          const answers = await answerStep(m, e, s, await heldReceipts(s.trustee), device, complainer);
          if (answers.length === 0) throw new Error(t('ceremony.nothingToAnswer', { n: complainer }));
          await submit(`/dkg/answers`, 'dkg_answer', s.trustee, answers[0]);
        })} />
        {notes.map((n, i) => (
          <p key={i} className="notice" data-testid="share-check-note">
            {n}
          </p>
        ))}
      </Step>
      <TrusteeBoardNote s={steps} />
      <TrusteeReceipts s={steps} />
      <Step title={t('ceremony.step4')} testId="step-finalize">
        <button type="button" className="button" disabled={busy || !e.electionKey} onClick={() => void act(t('ceremony.shareComputed'), async () => {
          const s = withoutPending(await secretFile());
          // From the dealings, answers and key of the board verified with this trustee's receipts (B6.6: a withheld
          // answer would let the server choose the key).
          download(`trustee-${s.trustee}-${e.id}-share.json`, await shareStep(m, e, s, await heldReceipts(s.trustee), device));
        })}>{t('ceremony.computeShare')}</button>
      </Step>
      <Step title={t('ceremony.step5')} testId="step-decrypt">
        <button type="button" className="button" disabled={busy || !e.tally} onClick={() => void act(t('ceremony.partialPosted'), async () => {
          const s = await secretFile();
          // The tally (and key) of the board verified up to it (B13), never what the API names (a decryption oracle).
          const tally = await verifiedTally(linesOf(await electionApi.boardStream(e.id)), s.electionHash);
          await post(`${base}/partial-decryptions`, trusteePartialDecrypt(s.electionHash, s, tally.electionKey, tally.ciphertext));
        })}>{t('ceremony.postPartial')}</button>
      </Step>
      {isChair && (
        <>
          <h2>{t('ceremony.chairSteps')}</h2>
          <Step title={t('ceremony.finishKey')} testId="step-key">
            <button type="button" className="button" disabled={busy || !['dkg_dealing', 'dkg_complaint', 'dkg_answer'].includes(e.lastType)} onClick={() => void act(t('ceremony.keyPosted'), () => post(`${base}/key`))}>{t('ceremony.postKey')}</button>
          </Step>
          <Step title={t('ceremony.uploadCredentials')} testId="step-credentials">
            <TextField id="credentials-json" rows={4} label={t('ceremony.credentialsLabel')} value={credText} onChange={setCredText} />
            <button type="button" className="button" disabled={busy || e.lastType !== 'election_key'} onClick={() => void act(t('ceremony.credentialsUploaded'), () => post(`${base}/credentials`, JSON.parse(credText)))}>{t('ceremony.upload')}</button>
            {demo && hasDemoAuthority(m.authority) && e.lastType === 'election_key' && (
              <div className="demo-aside">
                <p className="hint">{t('journeys.demo.issueHint', { n: m.electorate })}</p>
                <button
                  type="button"
                  className="button button-secondary"
                  data-testid="demo-issue"
                  disabled={busy}
                  onClick={() => void act(t('journeys.demo.issued', { n: m.electorate }), async () => post(`${base}/credentials`, await issueDemoCredentials(e.id, e.electionHash, e.publicKey!, m.authority, m.electorate)))}
                >
                  {t('journeys.demo.issueButton')}
                </button>
              </div>
            )}
            {demo && !e.result && <DemoCredentials electionId={e.id} />}
          </Step>
          {e.window.opensAt !== null && (e.lastType === 'credentials' || e.lastType === 'reschedule') && <MoveWindow e={e} busy={busy} act={act} />}
          <Step title={t('ceremony.run')} testId="step-run">
            {/* Opening, closing and tallying are public and cannot be undone: each is confirmed first. */}
            <ConfirmButton label={t('ceremony.open')} title={t('ceremony.openTitle')} confirmLabel={t('ceremony.openConfirm')} disabled={busy || (e.lastType !== 'credentials' && e.lastType !== 'reschedule')} onConfirm={() => act(t('ceremony.opened'), () => post(`${base}/open`))}>
              <p>{t('ceremony.openBody')}</p>
            </ConfirmButton>{' '}
            <ConfirmButton label={t('ceremony.close')} title={t('ceremony.closeTitle')} confirmLabel={t('ceremony.closeConfirm')} disabled={busy || e.stage !== 'open'} onConfirm={() => act(t('ceremony.closed'), () => post(`${base}/close`))}>
              <p>{t('ceremony.closeBody')}</p>
            </ConfirmButton>{' '}
            <ConfirmButton label={t('ceremony.postTally')} title={t('ceremony.tallyTitle')} confirmLabel={t('ceremony.tallyConfirm')} disabled={busy || e.lastType !== 'close'} onConfirm={() => act(t('ceremony.tallyPosted'), () => post(`${base}/tally`))}>
              <p>{t('ceremony.tallyBody')}</p>
            </ConfirmButton>{' '}
            <ConfirmButton label={t('ceremony.declare')} title={t('ceremony.resultTitle')} confirmLabel={t('ceremony.resultConfirm')} disabled={busy || e.partials.length < m.trustees.threshold || !!e.result} onConfirm={() => act(t('ceremony.declared'), () => post(`${base}/result`))}>
              <p>{t('ceremony.resultBody')}</p>
            </ConfirmButton>
          </Step>
        </>
      )}
      <SuccessMessage>{steps.done}</SuccessMessage>
      <ErrorMessage error={steps.error} title={t('ceremony.stepFailed')} />
    </>
  );
}

/**
 * The complaints against the dealer whose secret file is chosen, from a reading of the board verified with its
 * receipts (./trusteeDevice.ts `complaintsStep`), read again whenever the election view reloads, until the
 * election key is posted (no complaint can be answered after it; the key record names the outcome). A complaint the
 * API's view shows but the verified board lacks is listed as such, without an answer button; a board that fails its
 * checks lists nothing and says which check failed. The verdict is computed on answering, from a fresh reading.
 */
function ComplaintsAgainstMe({ s, busy, onAnswer }: { s: TrusteeSteps; busy: boolean; onAnswer: (complainer: number) => void }) {
  const t = useT();
  const { e, file } = s;
  const [read, setRead] = useState<{ dealer: number; list: ComplaintAgainstMe[] } | { failure: string } | null>(null);
  // Only while complaints can be answered (before the election key): after it, a board with ballots can be large,
  // and verifying it on every reload of the share and decryption steps would cost the trustee's device for nothing.
  const closed = !!e.electionKey;
  useEffect(() => {
    if (!file || closed) return setRead(null);
    let live = true;
    void (async () => {
      try {
        const secret = await s.secretFile();
        // No board note from this reading: the note under the steps is about the last step run.
        const list = await complaintsStep(e, secret, await s.heldReceipts(secret.trustee), { ...s.device, verified: undefined }, e.complaints);
        if (live) setRead({ dealer: secret.trustee, list });
      } catch (err) {
        if (live) setRead({ failure: err instanceof Error ? err.message : String(err) });
      }
    })();
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read again when the file, the view or the receipts change
  }, [file, e, closed, s.receipts.length]);
  if (closed) return <p data-testid="complaints-against-me">{t('ceremony.complaintsClosed')}</p>;
  if (!file) return <p data-testid="complaints-against-me">{t('ceremony.complaintsNeedFile')}</p>;
  if (!read) return <p data-testid="complaints-against-me">{t('ceremony.complaintsChecking')}</p>;
  if ('failure' in read)
    return (
      <p data-testid="complaints-against-me" className="notice notice-warning">
        {read.failure}
      </p>
    );
  const { dealer, list } = read;
  if (list.length === 0) return <p data-testid="complaints-against-me">{t('ceremony.noComplaintAgainst', { n: dealer })}</p>;
  return (
    <div data-testid="complaints-against-me">
      <p>{t('ceremony.complaintsAgainst', { n: dealer })}</p>
      <ul>
        {list.map((c) => (
          <li key={c.complainer}>
            {c.onBoard ? t('ceremony.complaintItem', { n: c.complainer, answered: c.answered ? 'yes' : 'no' }) : t('ceremony.complaintNotOnBoard', { n: c.complainer })}{' '}
            {c.onBoard && !c.answered && (
              <button type="button" className="button button-ghost" disabled={busy} onClick={() => onAnswer(c.complainer)}>
                {t('ceremony.answer', { n: c.complainer })}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** On the demo: the first few credentials this browser issued, to paste in the booth (each elector would get one privately). */
function DemoCredentials({ electionId }: { electionId: string }) {
  const t = useT();
  const secrets = demoCredentials(electionId).slice(0, 3);
  if (secrets.length === 0) return null;
  return (
    <div className="demo-aside" data-testid="demo-credentials">
      <h3>{t('journeys.demo.tryHeading')}</h3>
      <p className="hint">{t('journeys.demo.tryBody')}</p>
      <ol>
        {secrets.map((s, i) => (
          <li key={s}>
            <Hash value={s} label={t('journeys.demo.credential', { n: i + 1 })} testId={`demo-credential-${i + 1}`} />
          </li>
        ))}
      </ol>
      <p>
        <a href={electionPaths.vote(electionId)}>{t('journeys.demo.toBooth')}</a>
      </p>
    </div>
  );
}

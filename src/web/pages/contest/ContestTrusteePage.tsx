import { useState } from 'react';
import { initCrypto } from '../../../crypto';
import { ceremonyManifest, contestPartialDecrypt, type ContestBallotManifest, type ContestTallyBody } from '../../../contest/board';
import { secondCloseProblem, verifiedContestTally, type DecryptedClose } from '../../../contest/tally-to-decrypt';
import { useLoader, usePageTitle } from '../../hooks';
import { ErrorMessage, Loading, SuccessMessage } from '../../components/ui';
import { useT } from '../../i18n/I18n';
import { isCommitteeOfficer } from '../../session';
import { RequireRole } from '../RequireRole';
import { electionApi } from '../ballot/api';
import { download, post } from '../ballot/ceremonyApi';
import { shareStep } from '../ballot/trusteeDevice';
import { ballotLabel as contestBallotLabel, contestApi, contestPaths, pendingBallot, type ContestView, type ElectionView } from './api';
import { Select } from '../../components/fields';
import { Step, TrusteeBoardNote, TrusteeKeySteps, TrusteePicker, TrusteeReceipts, useTrusteeSteps, withoutPending } from '../ballot/TrusteeSteps';

/**
 * A trustee's page for a contest's ballots (docs/contest.md §3, §7): the key ceremony and the decryption of each
 * MP round and of the members' ballot, run HERE on the trustee's device with the confidence vote's own functions.
 * The page makes the transport key and the polynomial, encrypts the shares, computes the share of the ballot's
 * secret and the per-candidate partial decryptions, posting only public messages. The secret file is downloaded
 * to the device and chosen again for the next step; the server never sees it.
 *
 * Receipts: every message the server accepts comes back with a receipt signed by the board key in the ballot's
 * manifest. The page checks it against the message it sent, downloads it and lists it. Before dealing and before
 * computing its share, the page fetches the board and verifies it (R1–R6) with the trustee's receipts (R16), and
 * computes from that reading (../ballot/trusteeDevice.ts, the CLI's checks): a board from which the server dropped
 * or moved one of the trustee's messages — to choose the ballot's key from the others — is refused and the key is
 * not used. A contest board has no complaint round (a bad dealing is excluded when the key is made).
 */
export function ContestTrusteePage({ id }: { id: string }) {
  const t = useT();
  usePageTitle(t('contest.trustee.title'));
  return (
    <RequireRole title={t('contest.trustee.title')} allowed={(a) => isCommitteeOfficer(a)} forbiddenText={t('contest.trustee.forbidden')}>
      {() => <Trustee id={id} />}
    </RequireRole>
  );
}

const ballotLabel = (t: ReturnType<typeof useT>, ballot: string) => contestBallotLabel(t, ballot);

function Trustee({ id }: { id: string }) {
  const t = useT();
  const [chosen, setChosen] = useState<string | null>(null);
  const [contest] = useLoader(async () => {
    await initCrypto();
    return contestApi.get(id);
  }, [id]);
  const c = contest.status === 'ready' ? contest.data : null;
  const ballot = chosen ?? (c ? (pendingBallot(c) ?? c.ballots.at(-1)?.ballot ?? null) : null);
  const ref = c && ballot ? c.ballots.find((b) => b.ballot === ballot) : undefined;
  return (
    <div className="container">
      <h1>{t('contest.trustee.title')}</h1>
      {contest.status === 'loading' && <Loading what={t('contest.loading')} />}
      {contest.status === 'error' && <ErrorMessage error={contest.error} />}
      {c && (
        <>
          <p className="lede">
            {t('contest.trustee.lede')} <a href={contestPaths.contest(id)}>{t('contest.page.heading', { id })}</a>
          </p>
          {c.ballots.length === 0 ? (
            <p className="notice" data-testid="trustee-no-board">
              {t('contest.trustee.noBoard')}
            </p>
          ) : (
            <Select id="trustee-ballot" label={t('contest.trustee.ballot')} value={ballot ?? ''} onChange={setChosen} options={c.ballots.map((b) => ({ value: b.ballot, label: ballotLabel(t, b.ballot) }))} />
          )}
          {ref && <Board key={ref.electionId} c={c} eid={ref.electionId} />}
        </>
      )}
    </div>
  );
}

function Board({ c, eid }: { c: ContestView; eid: string }) {
  const t = useT();
  const [state, reload] = useLoader(() => electionApi.election(eid), [eid]);
  if (state.status === 'loading') return <Loading what={t('contest.loading')} />;
  if (state.status === 'error') return <ErrorMessage error={state.error} />;
  return <Steps c={c} e={state.data} reload={reload} />;
}

function Steps({ c, e, reload }: { c: ContestView; e: ElectionView; reload: () => Promise<void> }) {
  const t = useT();
  const m = e.manifest as unknown as ContestBallotManifest;
  const cm = ceremonyManifest(m);
  const [receiptNote, setReceiptNote] = useState<string | null>(null);
  const steps = useTrusteeSteps(e, m.boardKey, reload, 'contest.trustee', 'contest-');
  const { busy, act, secretFile, heldReceipts, device, base } = steps;
  const none = t('contest.trustee.none');
  const tally = e.tally as unknown as ContestTallyBody | null;
  const ceremonyOpen = e.stage === 'key-ceremony';

  return (
    <>
      <p data-testid="trustee-board-state">
        {t('contest.trustee.state', {
          ballot: ballotLabel(t, e.ballot ?? ''),
          k: m.trustees.threshold,
          n: m.trustees.count,
          registered: e.trusteeKeys.join(', ') || none,
          dealt: e.dealings.join(', ') || none,
          decrypted: e.partials.join(', ') || none,
        })}
      </p>
      <TrusteePicker s={steps} names={m.trustees.names} className="two-columns" />
      <TrusteeKeySteps
        s={steps}
        manifest={cm}
        level={2}
        canRegister={ceremonyOpen && !e.trusteeKeys.includes(steps.trustee)}
        canDeal={ceremonyOpen && e.trusteeKeys.length >= m.trustees.count}
        canReveal={ceremonyOpen}
        registerBody={<p>{t('contest.trustee.step1Body')}</p>}
        dealBody={<p>{t('contest.trustee.step2Body', { n: m.trustees.count })}</p>}
      />
      <Step level={2} title={t('contest.trustee.step3')} testId="contest-step-share">
        <p>{t('contest.trustee.step3Body')}</p>
        <button type="button" className="button" disabled={busy || !e.electionKey} onClick={() => void act(t('contest.trustee.shareComputed'), async () => {
          const s = withoutPending(await secretFile());
          // The receipts this page kept for this trustee, and those the trustee chose (from an earlier session): the
          // board is verified with them (R1–R6, R16) and the share computed from that reading's dealings and key.
          const held = await heldReceipts(s.trustee);
          const share = await shareStep(cm, e, s, held, { ...device, boardRefused: (failure) => t('contest.trustee.boardRefused', { failure }), verified: undefined });
          download(`trustee-${s.trustee}-${e.id}-share.json`, share);
          setReceiptNote(t('contest.trustee.boardChecked', { n: held.length }));
        })}>{t('contest.trustee.computeShare')}</button>
        {receiptNote && (
          <p className="notice" data-testid="contest-board-check">
            {receiptNote}
          </p>
        )}
      </Step>
      <Step level={2} title={t('contest.trustee.step4')} testId="contest-step-decrypt">
        <p>{t('contest.trustee.step4Body', { k: m.candidates.length })}</p>
        <button type="button" className="button" disabled={busy || !tally || !e.electionKey} onClick={() => void act(t('contest.trustee.decrypted'), async () => {
          const s = await secretFile();
          // The tallies (and key) of the board verified up to them (R13), never what the API names (a decryption
          // oracle); the board read through the pages' one public board download.
          const verified = await verifiedContestTally(await (await electionApi.boardBlob(e.id)).text(), s.electionHash);
          const vk = verified.electionKey.verificationKeys.find((v) => v.trustee === s.trustee)?.key;
          if (!vk || !s.secretShare) throw new Error(t('contest.trustee.noShare', { n: s.trustee }));
          // This browser keeps the close record it decrypted each ballot under: a second one of the same election is
          // the board rebuilt after the count was known (another lot), and is refused (the CLI keeps a file instead).
          const closeKey = `confidence/decrypted-close/${s.trustee}/${s.electionHash}`;
          const kept = readKept(closeKey);
          if (secondCloseProblem(kept, s.electionHash, verified.close)) throw new Error(t('contest.trustee.secondClose', { kept: (kept as DecryptedClose).close.slice(0, 16), now: verified.close.slice(0, 16) }));
          globalThis.localStorage?.setItem(closeKey, JSON.stringify({ election: s.electionHash, close: verified.close } satisfies DecryptedClose));
          const body = verified.counted === 0 ? { trustee: s.trustee, partials: [] } : contestPartialDecrypt(s.electionHash, verified.close, { index: s.trustee, secretShare: s.secretShare, verificationKey: vk }, verified.ciphertexts);
          await post(`${base}/partial-decryptions`, body);
        })}>{t('contest.trustee.decrypt')}</button>
      </Step>
      <TrusteeBoardNote s={steps} />
      <TrusteeReceipts s={steps} level={2} />
      <SuccessMessage>{steps.done}</SuccessMessage>
      <ErrorMessage error={steps.error} title={t('contest.trustee.stepFailed')} />
      <p>
        <a href={contestPaths.contest(c.id)}>{t('contest.trustee.back')}</a>
      </p>
    </>
  );
}

/** What this browser kept under `key` (parsed), or null. */
function readKept(key: string): unknown {
  try {
    return JSON.parse(globalThis.localStorage?.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

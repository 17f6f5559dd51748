import { useEffect, useRef, useState, type ReactNode } from 'react';
import { initCrypto } from '../../../crypto';
import { ROUND_CHECKS, verifyContestBoard, type RoundCheckId, type RoundVerifyReport } from '../../../contest/verify';
import { CONTEST_CHECKS, roundTable, verifyContest, type ContestCheckId, type ContestVerifyReport } from '../../../contest/verify-contest';
import { CONTEST_SUMMARY_VERSION } from '../../../contest/simulate';
import type { ContestState } from '../../../contest/engine';
import { usePageTitle } from '../../hooks';
import { ErrorMessage, English } from '../../components/ui';
import { useT, type Translate } from '../../i18n/I18n';
import type { MessageKey } from '../../i18n/catalogue';
import { electionApi } from '../ballot/api';
import { ballotLabel, contestApi, contestPaths, type ContestView } from './api';
import { FileInput } from '../../components/FileInput';
import { blobBoard, type BlobBoard } from '../../board-stream';

/**
 * The contest verifier in the browser (docs/contest.md §4): it downloads the contest's events and the board of every
 * declared ballot, and runs the same checks as `confidence verify` — R1–R19 on each board, then C1–C7, which replay
 * the events under the rulebook with the counts this browser decrypted — and compares the outcome with what the
 * server publishes. It lists each numbered check as it passes, with a progress bar while a board's ballots are
 * checked; a failure names the check and the record. Nothing the server says about the result is trusted.
 */
export function ContestVerifierPage({ id }: { id: string }) {
  const t = useT();
  usePageTitle(t('journeys.cverify.title'));
  const [view, setView] = useState<ContestView | null>(null);
  const [undeclared, setUndeclared] = useState<{ ballot: string; electionId: string }[]>([]);
  const run = useChecksRun();
  useEffect(() => {
    const r = run.start();
    (async () => {
      await initCrypto();
      const [c, events] = await Promise.all([contestApi.get(id), contestApi.events(id)]);
      if (r.cancelled) return;
      setView(c);
      const opened = events[0] as { type?: unknown; input?: { rosterId?: unknown } } | undefined;
      const registryRoster = opened?.type === 'open' && typeof opened.input?.rosterId === 'string' ? opened.input.rosterId : c.rosterId;
      // The declared ballots: each board is used by exactly one declaration (C7). Boards not declared yet are
      // offered to the board verifier below.
      // A tied count is a declaration too (its board stays in the record); the round's result is its last rerun's.
      const decided = (base: string, ties: readonly { ballot: string }[] | undefined, done: boolean) => [...(ties ?? []).map((x) => x.ballot), ...(done ? [ties?.length ? `${base}-rerun-${ties.length}` : base] : [])];
      const declared = new Set([...c.rounds.flatMap((x) => decided(`round-${x.number}`, x.ties, !!x.result)), ...(c.members ? decided('members', c.members.ties, !!c.members.result) : [])]);
      const refs = c.ballots.filter((b) => declared.has(b.ballot));
      setUndeclared(c.ballots.filter((b) => !declared.has(b.ballot)));
      // Each board is kept by the browser as a Blob (off the page's heap) and read line by line, never as one string.
      const boards = new Map<string, BlobBoard>();
      for (const b of refs) boards.set(`${b.ballot}.jsonl`, blobBoard(await electionApi.boardBlob(b.electionId)));
      if (r.cancelled) return;
      // The contest summary `confidence simulate` writes, assembled from the server's public records: the boards'
      // heads are read from the boards themselves, the trustees from the first board (C3 holds every board to them),
      // and, with no state, C6 compares the replay with the contest as the server publishes it.
      const first = refs[0] ? await boards.get(`${refs[0].ballot}.jsonl`)!.firstLine() : undefined;
      const summary = {
        version: CONTEST_SUMMARY_VERSION,
        contestId: c.id,
        title: c.id,
        names: c.names,
        trustees: first ? trusteesOf(first) : {},
        membersScale: 1,
        events,
        // A signed withdrawal's key is held to the candidate's key in the roster's registry (C6), when there is one:
        // the roster the `open` event names (C6 refuses any other), or for an older contest the server's word.
        ...(registryRoster && events.some((e) => (e as { type?: unknown }).type === 'withdraw') ? { memberKeys: await contestApi.memberKeys(registryRoster) } : {}),
        boards: await Promise.all(refs.map(async (b) => ({ ballot: b.ballot, file: `${b.ballot}.jsonl`, electionHash: b.electionHash, head: await boards.get(`${b.ballot}.jsonl`)!.head() }))),
      };
      const report = await verifyContest(JSON.stringify(summary), (f) => boards.get(f) ?? null, { ...r.callbacks, publishedView: c });
      r.finish({ contest: report });
    })().catch((e: unknown) => r.fail(e));
    return () => r.cancel();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);
  const report = run.state.result?.contest ?? null;
  const ballotName = (ballot: string) => nameOfBallot(t, ballot);
  return (
    <div className="container">
      <h1>{t('journeys.cverify.title')}</h1>
      <p className="lede">{t.rich('journeys.cverify.lede', { a: (x) => <a href={contestPaths.contest(id)}>{x}</a> })}</p>
      <ErrorMessage error={run.state.error} title={t('verifier.error')} />
      <ChecksProgress state={run.state} ballotName={ballotName} />
      <section className="card" aria-labelledby="cverify-contest-heading">
        <h2 id="cverify-contest-heading">{t('journeys.cverify.contestChecks')}</h2>
        <CheckList ids={CONTEST_CHECKS.map((c) => c.id)} passed={run.state.contestPassed} failed={report?.failure?.check ?? null} testId="contest-checks" />
      </section>
      {report && view && <ContestVerdict report={report} names={view.names} ballotName={ballotName} />}
      <FromFiles />
      {report && undeclared.length > 0 && (
        <p className="hint" data-testid="cverify-undeclared">
          {t('journeys.cverify.undeclared')}{' '}
          {undeclared.map((b, i) => (
            <span key={b.ballot}>
              {i > 0 && ', '}
              <a href={`/elections/${encodeURIComponent(b.electionId)}/verify`}>{ballotName(b.ballot)}</a>
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

/** One contest ballot's board (`/elections/ID/verify` for a contest board): R1–R19 in this browser. */
export function ContestBoardVerifier({ eid, contestId, ballot }: { eid: string; contestId: string; ballot: string | null }) {
  const t = useT();
  const run = useChecksRun();
  useEffect(() => {
    const r = run.start();
    (async () => {
      await initCrypto();
      // Kept by the browser as a Blob and read line by line (the verifier reads a board twice: R1–R8, then R9–R11).
      const board = blobBoard(await electionApi.boardBlob(eid));
      if (r.cancelled) return;
      r.callbacks.onBoard(ballot ?? eid);
      const report = await verifyContestBoard(board, r.callbacks);
      r.finish({ board: report });
    })().catch((e: unknown) => r.fail(e));
    return () => r.cancel();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [eid]);
  const report = run.state.result?.board ?? null;
  const ballotName = (b: string) => (b === eid ? t('journeys.cverify.thisBoard') : nameOfBallot(t, b));
  const s = report?.summary;
  return (
    <>
      <p className="lede">{t.rich('journeys.cverify.boardLede', { a: (x) => <a href={contestPaths.contest(contestId)}>{x}</a> })}</p>
      <ErrorMessage error={run.state.error} title={t('verifier.error')} />
      {report && (
        <div className={`notice ${report.ok && s?.complete ? 'notice-success' : report.ok ? 'notice-warning' : 'notice-error'}`} role="status" data-testid="verify-verdict">
          <p className="notice-title">{report.failure ? failureText(t, report.failure.check, ballotName(ballot ?? eid), report.failure.seq, report.failure.type) : s?.complete ? t('journeys.cverify.boardVerified') : t('verifier.soFar')}</p>
          {report.failure && (
            <p>
              <English>{report.failure.message}</English>
            </p>
          )}
          {s?.result && s.manifest && (
            <ul className="result-list" data-testid="verify-result">
              {s.manifest.candidates.map((c) => (
                <li key={c.id}>{t('contest.members.votes', { name: c.name, n: s.result!.counts[c.id] ?? 0 })}</li>
              ))}
              <li>{t('journeys.cverify.blank', { n: s.result.blank })}</li>
            </ul>
          )}
        </div>
      )}
      <ChecksProgress state={run.state} ballotName={ballotName} />
      <p>
        <a href={contestPaths.verify(contestId)}>{t('journeys.cverify.link')}</a>
      </p>
    </>
  );
}

/**
 * A contest from its files — contest.json and one board per ballot, as `confidence simulate leadership-contest`
 * writes them or as a party publishes them — checked in this browser like `confidence verify DIR`: the summary's
 * own published state is what C6 compares the replay with.
 */
function FromFiles() {
  const t = useT();
  const [files, setFiles] = useState<File[]>([]);
  const [names, setNames] = useState<Record<string, string>>({});
  const run = useChecksRun();
  const report = run.state.result?.contest ?? null;
  const go = () => {
    const r = run.start();
    (async () => {
      await initCrypto();
      // The summary is small and read whole; each board is read from its file line by line, as often as the verifier needs.
      const summaryFile = files.find((f) => f.name === 'contest.json');
      if (summaryFile === undefined) throw new Error(t('journeys.cverify.filesNoSummary'));
      const summary = await summaryFile.text();
      const boards = new Map(files.filter((f) => f !== summaryFile).map((f) => [f.name, blobBoard(f)] as const));
      try {
        setNames((JSON.parse(summary) as { names?: Record<string, string> }).names ?? {});
      } catch {
        // C1 names the problem
      }
      r.finish({ contest: await verifyContest(summary, (f) => boards.get(f) ?? null, r.callbacks) });
    })().catch((e: unknown) => r.fail(e));
  };
  return (
    <details className="card" data-testid="cverify-files">
      <summary>{t('journeys.cverify.filesSummary')}</summary>
      <p className="hint" id="cverify-files-hint">
        {t('journeys.cverify.filesHint')}
      </p>
      <label htmlFor="cverify-files-input">{t('journeys.cverify.filesLabel')}</label>
      <FileInput id="cverify-files-input" multiple accept=".json,.jsonl,application/json" aria-describedby="cverify-files-hint" onChange={(e) => setFiles([...(e.target.files ?? [])])} />
      <p className="button-row">
        <button type="button" className="button" data-testid="cverify-files-run" disabled={files.length === 0} onClick={go}>
          {t('journeys.cverify.filesRun')}
        </button>
      </p>
      <ErrorMessage error={run.state.error} title={t('verifier.error')} />
      <ChecksProgress state={run.state} ballotName={(b) => nameOfBallot(t, b)} testId="files-" />
      {(run.state.contestPassed.length > 0 || report) && <CheckList ids={CONTEST_CHECKS.map((c) => c.id)} passed={run.state.contestPassed} failed={report?.failure?.check ?? null} testId="files-contest-checks" />}
      {report && <ContestVerdict report={report} names={names} ballotName={(b) => nameOfBallot(t, b)} testId="files-" />}
    </details>
  );
}

const nameOfBallot = (t: Translate, ballot: string) => (/^(round-\d+|members)(-rerun-\d+)?$/.test(ballot) ? ballotLabel(t, ballot) : ballot);

/** The trustees named in a board's manifest (its first record). */
function trusteesOf(firstLine: string): unknown {
  try {
    return (JSON.parse(firstLine) as { body?: { manifest?: { trustees?: unknown } } }).body?.manifest?.trustees ?? {};
  } catch {
    return {};
  }
}

interface BoardRun {
  ballot: string;
  passed: RoundCheckId[];
  progress: { done: number; total: number } | null;
}
interface RunState {
  boards: BoardRun[];
  contestPassed: ContestCheckId[];
  result: { contest?: ContestVerifyReport; board?: RoundVerifyReport } | null;
  error: unknown;
}
const EMPTY: RunState = { boards: [], contestPassed: [], result: null, error: null };

/**
 * The state of one verification, fed by the verifier's callbacks. The in-thread checker yields to the browser
 * between chunks of ballots, so each check and the progress bar are drawn as they come.
 */
function useChecksRun() {
  const [state, setState] = useState<RunState>(EMPTY);
  const current = useRef<{ cancelled: boolean } | null>(null);
  const start = () => {
    if (current.current) current.current.cancelled = true;
    const run = { cancelled: false };
    current.current = run;
    setState(EMPTY);
    const update = (f: (s: RunState) => RunState) => !run.cancelled && setState(f);
    const lastBoard = (s: RunState, f: (b: BoardRun) => BoardRun): RunState => ({ ...s, boards: s.boards.map((b, i) => (i === s.boards.length - 1 ? f(b) : b)) });
    return {
      get cancelled() {
        return run.cancelled;
      },
      cancel: () => {
        run.cancelled = true;
      },
      callbacks: {
        onBoard: (ballot: string) => update((s) => ({ ...s, boards: [...s.boards, { ballot, passed: [], progress: null }] })),
        onCheck: (id: RoundCheckId) => update((s) => lastBoard(s, (b) => ({ ...b, passed: [...b.passed, id] }))),
        onProgress: (done: number, total: number) => update((s) => lastBoard(s, (b) => ({ ...b, progress: { done, total } }))),
        onContestCheck: (id: ContestCheckId) => update((s) => ({ ...s, contestPassed: [...s.contestPassed, id] })),
      },
      finish: (result: RunState['result']) => update((s) => ({ ...s, result })),
      fail: (error: unknown) => update((s) => ({ ...s, error })),
    };
  };
  return { state, start };
}

/** Each board's checks as they pass, with a progress bar while its ballots are checked. */
function ChecksProgress({ state, ballotName, testId = '' }: { state: RunState; ballotName: (ballot: string) => string; testId?: string }) {
  const t = useT();
  const failedBoard = state.result?.contest?.boards.find((b) => !b.report.ok) ?? (state.result?.board && !state.result.board.ok ? { ballot: state.boards[0]?.ballot ?? '', report: state.result.board } : undefined);
  const running = !state.result && !state.error;
  return (
    <>
      {running && (
        <p role="status" className="loading" data-testid={`${testId}cverify-running`}>
          <span className="spinner" aria-hidden="true" /> {state.boards.length ? t('journeys.cverify.checking', { ballot: ballotName(state.boards.at(-1)!.ballot) }) : t('verifier.verifying')}
        </p>
      )}
      {state.boards.map((b, i) => {
        const last = i === state.boards.length - 1;
        const done = !last || !running;
        const failed = failedBoard?.ballot === b.ballot ? failedBoard.report.failure!.check : null;
        return (
          // The files' run repeats the server's boards' names: its boards are not landmarks (axe: landmark-unique).
          <section key={b.ballot} className="card" aria-labelledby={testId ? undefined : `cverify-board-${i}`} data-testid={`${testId}cverify-board-${b.ballot}`}>
            {testId ? <h3>{t('journeys.cverify.boardHeading', { ballot: ballotName(b.ballot) })}</h3> : <h2 id={`cverify-board-${i}`}>{t('journeys.cverify.boardHeading', { ballot: ballotName(b.ballot) })}</h2>}
            {b.progress && b.progress.total > 0 && (
              <div className="field">
                <label htmlFor={`${testId}cverify-progress-${i}`}>{t('journeys.cverify.ballots', { done: b.progress.done, total: b.progress.total })}</label>
                <progress id={`${testId}cverify-progress-${i}`} className="verify-progress" max={b.progress.total} value={b.progress.done} />
              </div>
            )}
            <CheckList ids={ROUND_CHECKS.map((c) => c.id).filter((id) => b.passed.includes(id) || id === failed || (!done && Number(id.slice(1)) <= 15))} passed={b.passed} failed={failed} testId={`${testId}cverify-checks-${b.ballot}`} />
          </section>
        );
      })}
    </>
  );
}

/** The numbered checks: ✓ passed, ✗ failed, – not yet (with words for screen readers). */
function CheckList({ ids, passed, failed, testId }: { ids: readonly string[]; passed: readonly string[]; failed: string | null; testId: string }) {
  const t = useT();
  return (
    <ol className="check-list" data-testid={testId}>
      {ids.map((id) => {
        const ok = passed.includes(id);
        const bad = failed === id;
        return (
          <li key={id} className={ok ? 'check-passed' : bad ? 'check-failed' : 'check-waiting'} data-check={id} data-status={ok ? 'passed' : bad ? 'failed' : 'waiting'}>
            <span aria-hidden="true">{ok ? '✓' : bad ? '✗' : '–'}</span> <strong>{id}</strong> {t(`journeys.check.${id}` as MessageKey)}
            <span className="visually-hidden"> {t(ok ? 'verifier.passed' : bad ? 'verifier.checkFailed' : 'journeys.cverify.waiting')}</span>
          </li>
        );
      })}
    </ol>
  );
}

function failureText(t: Translate, check: string, ballot: string, seq: number | null, type: string | null): string {
  return seq !== null ? t('journeys.cverify.failedAt', { check, ballot, seq, type: type ?? '' }) : t('journeys.cverify.failed', { check, ballot });
}

/** The verdict: the failing check and record, or the verified winner and the round table from the verified counts. */
export function ContestVerdict({ report, names, ballotName, testId = '' }: { report: ContestVerifyReport; names: Record<string, string>; ballotName: (b: string) => string; testId?: string }) {
  const t = useT();
  const f = report.failure;
  if (f) {
    const board = f.check === 'C2' && f.ballot ? report.boards.find((b) => b.ballot === f.ballot)?.report.failure : null;
    return (
      <div className="notice notice-error" role="status" data-testid={`${testId}verify-verdict`}>
        <p className="notice-title">{board ? failureText(t, board.check, ballotName(f.ballot!), board.seq, board.type) : failureText(t, f.check, f.ballot ? ballotName(f.ballot) : t('journeys.cverify.theContest'), null, null)}</p>
        <p>
          <English>{board ? board.message : f.message}</English>
        </p>
      </div>
    );
  }
  const s = report.state;
  if (report.boards.length === 0 || !s)
    return (
      <div className="notice notice-warning" role="status" data-testid={`${testId}verify-verdict`}>
        <p className="notice-title">{t('journeys.cverify.nothingDeclared')}</p>
      </div>
    );
  return (
    <>
      <div className="notice notice-success" role="status" data-testid={`${testId}verify-verdict`}>
        <p className="notice-title">{t('journeys.cverify.verified', { boards: report.boards.length })}</p>
        <p data-testid={`${testId}verify-winner`}>{s.winner ? t('journeys.cverify.winner', { name: names[s.winner.candidate] ?? s.winner.candidate }) : t('journeys.cverify.noWinnerYet')}</p>
      </div>
      {/* As the CLI's `key registry` line: a contest opened before its opening named its roster ties the registry
          its withdrawals were checked against to the contest by the summary's word only. */}
      {report.registryRoster?.source === 'unnamed' && (
        <p className="notice notice-warning" data-testid={`${testId}verify-registry-unnamed`}>
          {t('journeys.cverify.registryUnnamed', { roster: report.registryRoster.rosterId })}
        </p>
      )}
      <VerifiedRounds s={s} names={names} testId={testId} />
    </>
  );
}

function VerifiedRounds({ s, names, testId }: { s: ContestState; names: Record<string, string>; testId: string }): ReactNode {
  const t = useT();
  const table = roundTable(s);
  const fate = (id: string) => {
    if (s.winner?.candidate === id) return t('journeys.cverify.fateElected');
    const x = s.candidates.find((y) => y.id === id)!;
    if (x.status === 'eliminated') return t('journeys.cverify.fateOut', { n: x.outRound ?? 0 });
    if (x.status === 'withdrawn') return t('journeys.cverify.fateWithdrew');
    return s.members?.result ? t('journeys.cverify.fateRunnerUp') : t('journeys.cverify.fateStanding');
  };
  const column = (col: string) => (col === 'Members' ? t('contest.members.title') : t('contest.rounds.title', { n: Number(col.slice(1)) }));
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={`${testId}cverify-table-caption`}>
      <table className="table table-stack" data-testid={`${testId}verified-rounds`}>
        <caption id={`${testId}cverify-table-caption`}>{t(testId ? 'journeys.cverify.filesTableCaption' : 'journeys.cverify.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('contest.candidates.name')}</th>
            {table.columns.map((col) => (
              <th scope="col" key={col}>
                {column(col)}
              </th>
            ))}
            <th scope="col">{t('journeys.cverify.fate')}</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.candidate}>
              <th scope="row">{names[r.candidate] ?? r.candidate}</th>
              {r.cells.map((v, i) => (
                <td key={i} data-label={column(table.columns[i]!)}>
                  {v === null ? '—' : t.intl.formatNumber(v)}
                </td>
              ))}
              <td data-label={t('journeys.cverify.fate')}>{fate(r.candidate)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('journeys.cverify.spoilt')}</th>
            {table.spoilt.map((v, i) => (
              <td key={i} data-label={column(table.columns[i]!)}>
                {v === null ? '—' : t.intl.formatNumber(v)}
              </td>
            ))}
            <td />
          </tr>
        </tbody>
      </table>
    </div>
  );
}

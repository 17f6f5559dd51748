/**
 * The preferential board's verifier (checks M1–M15 of docs/mixnet-spec.md), record by record as the board is read,
 * in memory that does not grow with the board beyond what the count itself needs. Each record is checked when it
 * arrives and dropped; what later checks need is kept in compact form:
 *
 *   - the credential list as a set (M12: a ballot's credential must be active when cast) until the close;
 *   - each ballot: its signature and proofs of knowledge are checked in batches of BALLOT_BATCH as they arrive; its
 *     row is kept as packed encodings (w·64 bytes), its credential in a map to its index (a later revocation takes
 *     it out of the count), problems as a short list, reported only if the ballot is still counted at the close;
 *   - each mix: its rows packed, its proof packed and checked (./shuffle-packed.ts) against the previous mix's packed
 *     output (or the counted ballots' rows); then only its output is kept, as the next input and, for the last mix,
 *     as the cells the trustees decrypt (M10);
 *   - each decryption share: every partial checked against the cell when it arrives; a cell's partials are kept (32
 *     bytes each) until `threshold` trustees have given one, then combined; the decrypted values are a typed array;
 *   - receipts (M15): only the lines they name and the few the receipt checks read (ceremony, open, close).
 *
 * The report is the one the checks have always given: failures are gathered stage by stage (manifest, M14, M12,
 * M15, shuffles, M10, M11) and, as before, the first stage that fails is the one reported.
 * Shuffle checks may run elsewhere (worker threads: `shuffleChecker`), in which case they overlap the reading.
 */
import { canonicalJson } from '../domain/audit/canonical-json';
import { ZERO_HASH, type CredentialsBody, DkgAnswerBody, DkgCommitmentBody, DkgComplaintBody, DkgDealingBody, ElectionKeyBody, RevocationBody, TrusteeKeyBody } from '../ballot/records';
import { checkCredentialList, revocationSignatureValid } from '../ballot/authority';
import { computeElectionKey } from '../ballot/trustee';
import { isTrusteeReceipt } from '../ballot/trustee-receipt';
import { checkContestReceipts, ReceiptFail } from '../contest/receipts';
import type { Manifest } from '../ballot/manifest';
import { Point } from '../crypto/group';
import { lagrangeCoefficients, verifyPartialDecryption } from '../crypto/dkg';
import { partialDecryptionFromJSON } from '../crypto/serialize';
import { systemRng, type Rng } from '../crypto/random';
import type { CountResult } from '../count/table';
import type { BallotSource } from '../count/types';
import { runCount } from './contest';
import { CELL_VALUE_BOUND, cellContext, smallLog, type MixnetFailure } from './pipeline';
import { readPreference } from './ranked';
import { checkRankedBallots, rankedBallotFromJSON, type RankedBallot, type RankedBallotJSON } from './ranked-ballot';
import { checkPackedJob, packedCell, type PackedShuffleJob, packProofFromJSON, packRows, packRowsFromJSON, type PackedProof, type PackedRows } from './shuffle-packed';
import type { ShuffleVerdict } from './shuffle';
import { PackedMixBody } from './mix-line';
import { mixDigest, mixSignatureProblem } from './mix-signature';
import { isMixReceipt, mixReceiptSignatureValid, parseMixReceipt } from './mix-receipt';
import { PreferentialBoardReader, preferentialManifestProblem, trusteeKeysOf, type MixRecordJSON, type CountBody, type DecryptionShareBody, type PreferentialBoardReport, type PreferentialFailure, type PreferentialManifest, type PreferentialRecord, type PreferentialVerifyOptions } from './board';

/** Ballots whose proofs and signatures are checked in one batch (bounded memory; the batch's saving is kept). */
const BALLOT_BATCH = 512;

/**
 * Runs one shuffle check (in this thread by default; ./verify-parallel.ts runs them on worker threads). The checker
 * may take over the job's input rows and proof (the verifier keeps only the output, the next mix's input).
 */
export type ShuffleChecker = (job: PackedShuffleJob) => ShuffleVerdict | Promise<ShuffleVerdict>;

export interface StreamVerifyOptions extends PreferentialVerifyOptions {
  shuffleChecker?: ShuffleChecker;
}

/** Growable byte buffer (the counted ballots' packed rows). */
class Bytes {
  buf = new Uint8Array(1 << 12);
  length = 0;
  push(b: Uint8Array): void {
    if (this.length + b.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + b.length));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    this.buf.set(b, this.length);
    this.length += b.length;
  }
}

/** A BallotSource over the decrypted values (Int16Array, −2 = not decrypted); records the cells it read (M11). */
class ValuesSource implements BallotSource {
  readonly used: Uint8Array;
  missing = false;
  constructor(
    readonly size: number,
    readonly width: number,
    private readonly candidates: number,
    private readonly values: Int16Array,
  ) {
    this.used = new Uint8Array(size * width);
  }
  preference(ballot: number, rank: number): number | null {
    if (rank >= this.width) return null;
    const earlier: number[] = [];
    for (let k = 0; k <= rank; k++) {
      const at = ballot * this.width + k;
      const v = this.values[at]!;
      this.used[at] = 1;
      if (v === -2) {
        this.missing = true;
        throw new RangeError(`the count needs row ${ballot} rank ${k}, which was not decrypted`);
      }
      if (readPreference(v, earlier, this.candidates) === null) return null;
      earlier.push(v);
    }
    return readPreference(earlier[rank]!, earlier.slice(0, rank), this.candidates);
  }
}

type Stage = 'manifest' | 'M14' | 'M12' | 'M15' | 'M17' | 'mix' | 'M10' | 'M11';
const STAGES: Stage[] = ['manifest', 'M14', 'M12', 'M15', 'M17', 'mix', 'M10', 'M11'];

export class PreferentialVerifier {
  private readonly reader: PreferentialBoardReader;
  private readonly rng: Rng;
  private readonly fails: Record<Stage, PreferentialFailure[]> = { manifest: [], M14: [], M12: [], M15: [], M17: [], mix: [], M10: [], M11: [] };
  private records = 0;
  private lastType: PreferentialRecord['type'] | null = null;
  private head: string | null = null;
  private eh: string | null = null;
  private m: PreferentialManifest | null = null;
  private manifestOk = false;
  // key ceremony
  private ceremony = { trusteeKeys: [] as TrusteeKeyBody[], commitments: [] as DkgCommitmentBody[], dealings: [] as DkgDealingBody[], complaints: [] as DkgComplaintBody[], answers: [] as DkgAnswerBody[] };
  private ek: ElectionKeyBody | null = null;
  private publicKey: Point | null = null;
  private vks = new Map<number, Point>();
  // credentials and ballots
  private haveList = false;
  private active: Set<string> | null = null;
  private issued: Set<string> | null = null;
  private ballots = 0;
  private ballotOf = new Map<string, number>();
  /** Further ballots of a credential that already cast one (each is a problem unless the credential is revoked). */
  private moreBallotsOf = new Map<string, number[]>();
  private revoked: Uint8Array = new Uint8Array(1024);
  private rows = new Bytes();
  /** Ballot problems (M12), by ballot index: reported if the ballot is counted at the close. */
  private problems: { ballot: number; decode?: boolean; message: (countedIndex: number, counted: (b: number) => number) => string }[] = [];
  private batch: { ballot: number; b: RankedBallot }[] = [];
  private closeBallots: number | null = null;
  private sealed = false;
  private counted = 0;
  private countedIndex: Int32Array | null = null;
  // receipts (M15)
  private readonly receipts: readonly unknown[];
  private readonly receiptSeqs: Set<number>;
  private readonly keptLines = new Map<number, string>();
  private receiptCreds = new Map<number, string>();
  private revokedAt = new Map<string, number>();
  private receiptsChecked = { trustee: 0, cast: 0 };
  private receiptsDone = false;
  // mix receipts (M17): every mix's place, turn, digest and hash (a board has a handful), and the type at each receipted seq
  private readonly mixReceipts: readonly unknown[];
  private readonly mixReceiptSeqs: Set<number>;
  private typeAt = new Map<number, string>();
  private mixesSeen: { seq: number; mixer: unknown; digest: string | null; hash: string }[] = [];
  private mixReceiptsChecked = 0;
  // mixes
  private mixes = 0;
  private mixInput: PackedRows | null = null;
  private lastRows: PackedRows | null = null;
  /** A mix that does not decode (or has no key to check it with): the report stops there. */
  private mixBroken: PreferentialFailure | null = null;
  /** Failures of each mix in order: its label (M9), then its shuffle's verdict. */
  private mixFails: PreferentialFailure[][] = [];
  private pending: Promise<void>[] = [];
  private readonly checker: ShuffleChecker;
  // decryptions
  private shares = 0;
  private values: Int16Array | null = null;
  /** Partials posted per cell (M11: each must be of a cell the count read). */
  private posted: Uint16Array | null = null;
  private partials = new Map<number, Uint8Array>();
  private decrypted = 0;
  private count: CountBody | null = null;

  constructor(private readonly opts: StreamVerifyOptions = {}) {
    this.rng = opts.rng ?? systemRng;
    this.checker = opts.shuffleChecker ?? checkPackedJob;
    // a mix server's receipts (M17) are checked against the mixes; the others (M15) as the contest's R16/R17
    this.mixReceipts = (opts.receipts ?? []).filter(isMixReceipt);
    this.receipts = (opts.receipts ?? []).filter((r) => !isMixReceipt(r));
    const seqs = (rs: readonly unknown[]) => new Set(rs.map((r) => (r as { seq?: unknown })?.seq).filter((s): s is number => Number.isInteger(s)));
    this.receiptSeqs = seqs(this.receipts);
    this.mixReceiptSeqs = seqs(this.mixReceipts);
    this.reader = new PreferentialBoardReader((rec, line) => this.take(rec, line), opts.limits);
  }

  /** The longest line the board's next record may be (for the line source: `streamLines`'s `maxLineChars`). */
  lineCap(): number {
    return this.reader.lineCap();
  }

  /** The line source refused a line past `lineCap()` (M13). */
  lineTooLong(): void {
    this.reader.lineTooLong();
  }

  /** Takes one line of the board (M13 and everything the record allows now); false once the chain is broken. */
  push(line: string): boolean {
    return this.reader.push(line);
  }

  /** A failure of the reading itself (M13, from a reader that kept the records). */
  fail(f: PreferentialFailure): void {
    this.readFailure = f;
  }
  private readFailure: PreferentialFailure | null = null;

  /** Takes a record already read and chain-checked (`line` only matters for receipts: it is rebuilt if absent). */
  take(rec: PreferentialRecord, line?: string): void {
    this.records++;
    this.lastType = rec.type;
    this.head = rec.hash;
    const keep = () => this.keptLines.set(rec.seq, line ?? canonicalJson({ seq: rec.seq, prev: this.prevHash, type: rec.type, body: rec.body, hash: rec.hash }));
    if (this.receipts.length && (this.receiptSeqs.has(rec.seq) || ['setup', 'trustee_key', 'dkg_commitment', 'dkg_dealing', 'dkg_complaint', 'dkg_answer', 'election_key', 'open', 'close'].includes(rec.type))) keep();
    this.prevHash = rec.hash;
    if (this.mixReceiptSeqs.has(rec.seq)) this.typeAt.set(rec.seq, rec.type);
    if (rec.seq === 0) return this.setup(rec);
    if (!this.manifestOk || this.fails.M14.length) return;
    const body = rec.body as never;
    switch (rec.type) {
      case 'trustee_key':
        return void this.ceremony.trusteeKeys.push(body);
      case 'dkg_commitment':
        return void this.ceremony.commitments.push(body);
      case 'dkg_dealing':
        return void this.ceremony.dealings.push(body);
      case 'dkg_complaint':
        return void this.ceremony.complaints.push(body);
      case 'dkg_answer':
        return void this.ceremony.answers.push(body);
      case 'election_key':
        return this.electionKey(body);
      case 'credentials':
        return this.credentials(body);
      case 'ballot':
        return this.ballot(rec.seq, body);
      case 'revocation':
        return this.revocation(rec.seq, body);
      case 'close':
        this.closeBallots = (body as { ballots: number }).ballots;
        return this.seal();
      case 'mix':
        return this.mix(body, rec.seq, rec.hash);
      case 'decryption_share':
        return this.share(body);
      case 'count':
        this.count = body;
        return;
      default:
        return;
    }
  }
  private prevHash = ZERO_HASH;

  /** True if a stage before `stage` has failed (the report stops there, so later work is skipped). */
  private stopped(stage: Stage): boolean {
    for (const s of STAGES) {
      if (s === stage) return false;
      if (this.fails[s].length) return true;
    }
    return false;
  }

  private setup(rec: PreferentialRecord): void {
    this.eh = rec.hash;
    this.m = (rec.body as { manifest: PreferentialManifest }).manifest;
    const problem = preferentialManifestProblem(this.m);
    if (problem) this.fails.manifest.push({ check: 'M13', message: `manifest: ${problem}`, seq: 0 });
    else this.manifestOk = true;
  }

  private electionKey(ek: ElectionKeyBody): void {
    this.ek = ek;
    try {
      const recomputed = computeElectionKey(this.m as unknown as Manifest, this.eh!, this.ceremony);
      if (canonicalJson(recomputed) !== canonicalJson(ek)) this.fails.M14.push({ check: 'M14', message: 'the election key on the board is not the one its key-ceremony records give' });
    } catch (e) {
      this.fails.M14.push({ check: 'M14', message: `the key ceremony does not give a key: ${(e as Error).message}` });
    }
    this.mixerKeys = trusteeKeysOf(this.ceremony.trusteeKeys);
    this.ceremony = { trusteeKeys: [], commitments: [], dealings: [], complaints: [], answers: [] };
    if (this.fails.M14.length) return;
    try {
      this.publicKey = Point.fromHex(ek.publicKey, { field: 'election_key.publicKey' });
      this.vks = new Map(ek.verificationKeys.map((v) => [v.trustee, Point.fromHex(v.key, { field: `verificationKeys.${v.trustee}` })]));
    } catch (e) {
      this.fails.M14.push({ check: 'M14', message: (e as Error).message });
    }
  }

  private credentials(cl: CredentialsBody): void {
    this.haveList = true;
    const m = this.m!;
    try {
      if (cl.authority !== m.authority) throw new Error('the list is signed by another key than the manifest’s credential authority');
      if (!this.ek) throw new Error('the board has no election key before it');
      checkCredentialList(this.eh!, cl, this.ek.publicKey);
      if (cl.credentials.length !== m.electorate) throw new Error(`${cl.credentials.length} credentials for an electorate of ${m.electorate}`);
    } catch (e) {
      this.fails.M12.push({ check: 'M12', message: `credential list: ${(e as Error).message}` });
      this.listBroken = true;
      return;
    }
    this.active = new Set(cl.credentials);
    this.issued = new Set(cl.credentials);
  }
  private listBroken = false;

  private ballot(seq: number, b: RankedBallotJSON): void {
    const i = this.ballots++;
    if (this.listBroken) return;
    if (this.receiptSeqs.has(seq)) this.receiptCreds.set(seq, String(b?.credential));
    if (!this.active) return; // no list: reported at the end
    if (this.revoked.length <= i) {
      const next = new Uint8Array(this.revoked.length * 2);
      next.set(this.revoked);
      this.revoked = next;
    }
    const cred = b?.credential;
    if (!this.active.has(cred)) this.fails.M12.push({ check: 'M12', message: `ballot at record ${seq}: its credential ${String(cred).slice(0, 16)}… was not active when it was cast (not issued, revoked, or not yet a replacement)`, seq });
    const w = this.m!.rankCap;
    let decoded: RankedBallot | null = null;
    try {
      decoded = rankedBallotFromJSON(b, `ballots[${i}]`);
    } catch (e) {
      const msg = (e as Error).message;
      // the counted index replaces the board index in the field name, as the checks have always named it
      this.problems.push({ ballot: i, decode: true, message: (ci) => msg.replace(`ballots[${i}]`, `ballots[${ci}]`) });
    }
    const first = typeof cred === 'string' ? this.ballotOf.get(cred) : undefined;
    if (first === undefined) {
      if (typeof cred === 'string') this.ballotOf.set(cred, i);
    } else {
      const others = this.moreBallotsOf.get(cred) ?? [];
      others.push(i);
      this.moreBallotsOf.set(cred, others);
    }
    const row = new Uint8Array(w * 64);
    if (decoded) {
      if (first !== undefined && !this.revoked[first]) this.problems.push({ ballot: i, message: (ci, counted) => `ballot ${ci}: a second ballot of the credential that cast ballot ${counted(first)}` });
      else if (decoded.row.length !== w) {
        const width = decoded.row.length;
        this.problems.push({ ballot: i, message: (ci) => `ballot ${ci}: ${width} cells, the rulebook's width is ${w}` });
      } else {
        decoded.row.forEach((c, k) => {
          row.set(c.alpha.encoded, k * 64);
          row.set(c.beta.encoded, k * 64 + 32);
        });
        this.batch.push({ ballot: i, b: decoded });
        if (this.batch.length >= BALLOT_BATCH) this.flushBallots();
      }
    }
    this.rows.push(row);
  }

  /** Checks the pending ballots' proofs and signatures as one batch (a failing batch is bisected to name each). */
  private flushBallots(): void {
    if (!this.batch.length) return;
    const chunk = this.batch;
    this.batch = [];
    const creds = new Set(chunk.map((x) => x.b.credential.toHex()));
    for (const p of checkRankedBallots(this.eh!, creds, this.m!.rankCap, chunk.map((x) => x.b), this.rng)) {
      const ballot = chunk[p.ballot]!.ballot;
      const rest = p.message.replace(/^ballot \d+: /, '');
      this.problems.push({ ballot, message: (ci) => `ballot ${ci}: ${rest}` });
    }
  }

  private revocation(seq: number, rv: RevocationBody): void {
    if (this.listBroken || !this.active) return;
    let ok = false;
    try {
      ok = revocationSignatureValid(this.eh!, this.m!.authority, rv);
    } catch {
      ok = false;
    }
    if (!ok || !this.active.has(rv.revoked) || this.issued!.has(rv.replacement)) this.fails.M12.push({ check: 'M12', message: `revocation at record ${seq} of ${String(rv.revoked).slice(0, 16)}…: not signed by the credential authority, or not of an active credential, or its replacement was issued before`, seq });
    this.active.delete(rv.revoked);
    this.active.add(rv.replacement);
    this.issued!.add(rv.replacement);
    if (!this.revokedAt.has(rv.revoked)) this.revokedAt.set(rv.revoked, seq);
    const b = this.ballotOf.get(rv.revoked);
    if (b !== undefined) this.revoked[b] = 1;
    for (const x of this.moreBallotsOf.get(rv.revoked) ?? []) this.revoked[x] = 1;
  }

  /** The end of voting (the close, or the end of a board still voting): the counted ballots are known. */
  private seal(): void {
    if (this.sealed) return;
    this.sealed = true;
    if (!this.manifestOk || this.stopped('M12')) return;
    this.flushBallots();
    if (!this.haveList && this.ballots) this.fails.M12.push({ check: 'M12', message: 'ballots on a board without a credential list' });
    // counted index of each ballot (−1: revoked)
    const idx = new Int32Array(this.ballots);
    let c = 0;
    for (let i = 0; i < this.ballots; i++) idx[i] = this.revoked[i] ? -1 : c++;
    this.counted = c;
    this.countedIndex = idx;
    if (!this.listBroken && this.haveList) {
      // As the checks have always reported: a ballot that does not decode stops M12 there (the first one, no row);
      // the batch's problems are reported only when nothing else failed.
      const live = this.problems.filter((p) => idx[p.ballot]! >= 0).sort((a, b) => a.ballot - b.ballot);
      const undecodable = live.find((p) => p.decode);
      if (undecodable) this.fails.M12.push({ check: 'M12', message: undecodable.message(idx[undecodable.ballot]!, (b) => idx[b]!) });
      else if (!this.fails.M12.length) for (const p of live) this.fails.M12.push({ check: 'M12', message: p.message(idx[p.ballot]!, (b) => idx[b]!), row: idx[p.ballot]! });
    }
    if (this.closeBallots !== null && this.closeBallots !== this.ballots) this.fails.M12.push({ check: 'M13', message: `the close record counts ${this.closeBallots} ballots, the board holds ${this.ballots}` });
    this.problems = [];
    this.active = null;
    this.issued = null;
    // no ballot or revocation can follow the close (M13's record order): the credential index is done with
    this.ballotOf = new Map();
    this.moreBallotsOf = new Map();
    // the mixnet's input: the counted ballots' packed rows, in board order
    const w = this.m!.rankCap;
    const rowBytes = w * 64;
    const packed = new Uint8Array(c * rowBytes);
    for (let i = 0; i < this.ballots; i++) if (idx[i]! >= 0) packed.set(this.rows.buf.subarray(i * rowBytes, (i + 1) * rowBytes), idx[i]! * rowBytes);
    this.rows = new Bytes();
    this.mixInput = { n: c, w, bytes: packed };
    this.opts.onProgress?.(`${this.ballots} ballots checked, ${c} counted`);
    if (!this.stopped('M15')) this.checkReceipts();
  }

  private checkReceipts(): void {
    if (this.receiptsDone || !this.receipts.length) return;
    this.receiptsDone = true;
    if (!this.fails.M12.length && !this.stopped('M12')) {
      const kept = this.keptLines;
      const n = this.records;
      const lines = new Proxy([] as string[], {
        get(target, p, receiver) {
          if (p === 'length') return n;
          if (typeof p === 'string' && /^(0|[1-9][0-9]*)$/.test(p)) return Number(p) < n ? (kept.get(Number(p)) ?? '') : undefined;
          return Reflect.get(target, p, receiver);
        },
      });
      try {
        this.receiptsChecked = checkContestReceipts(lines, this.eh!, this.m!.boardKey, this.receipts);
      } catch (e) {
        if (e instanceof ReceiptFail) {
          this.fails.M15.push({ check: 'M15', message: `${e.check === 'R16' ? 'trustee' : 'cast'} receipt: ${e.message}`, ...(e.seq !== null ? { seq: e.seq } : {}) });
          return;
        }
        throw e;
      }
      for (const [i, raw] of this.receipts.entries()) {
        if (isTrusteeReceipt(raw)) continue;
        const seq = (raw as { seq: number }).seq;
        const cred = this.receiptCreds.get(seq)!;
        // the receipted record is a ballot (R17 checked it); counted unless its credential was revoked after it
        if (this.revokedAt.has(cred)) {
          const by = this.revokedAt.get(cred);
          this.fails.M15.push({ check: 'M15', message: `cast receipt ${i + 1}: the receipted ballot (record ${seq}) is on the board but is not counted${by !== undefined ? `: its credential was revoked at record ${by}, after the board had receipted the ballot` : ''}`, seq });
          return;
        }
      }
    }
    this.keptLines.clear();
  }

  /** A mix record: its JSON body, or the same body already packed by the reader (./mix-line.ts). */
  /** Trustee k's key-ceremony key: mix server k's signing key (M16). */
  private mixerKeys = new Map<number, string>();

  private mix(s: MixRecordJSON | PackedMixBody, seq: number, hash: string): void {
    const i = this.mixes++;
    if (this.mixReceipts.length) {
      let d: string | null = null;
      try {
        d = s instanceof PackedMixBody ? s.digest : mixDigest(s.output, s.proof);
      } catch {
        d = null;
      }
      this.mixesSeen.push({ seq, mixer: s.mixer, digest: d, hash });
    }
    this.seal();
    if (this.stopped('mix') || this.mixBroken) return;
    if (!this.ek || !this.publicKey) {
      this.mixBroken = { check: 'M13', message: 'mixes on a board without an election key' };
      return;
    }
    let output: PackedRows;
    let proof: PackedProof;
    if (s instanceof PackedMixBody) ({ output, proof } = s);
    else {
      try {
        output = packRowsFromJSON(s.output, `mix-${i + 1}.output`);
        proof = packProofFromJSON(s.proof, `mix-${i + 1}.proof`);
      } catch (e) {
        this.mixBroken = { check: 'M2', message: (e as Error).message };
        return;
      }
    }
    const fails: PreferentialFailure[] = (this.mixFails[i] = []);
    if (s.mixer !== i + 1) fails.push({ check: 'M9', message: `step ${i + 1} is labelled mixer ${s.mixer}`, mixer: s.mixer });
    // M16: signed by the mix server of this turn (trustee i + 1's key), over this output and proof
    let digest: string | null = null;
    if (s instanceof PackedMixBody) digest = s.digest;
    else {
      try {
        digest = mixDigest(s.output, s.proof);
      } catch (e) {
        fails.push({ check: 'M16', message: `mix ${i + 1}: ${(e as Error).message}`, mixer: i + 1 });
      }
    }
    const sigProblem = digest === null ? null : mixSignatureProblem(this.eh!, i + 1, digest, this.mixerKeys.get(i + 1), s.signature);
    if (sigProblem) fails.push({ check: 'M16', message: `mix ${i + 1}: ${sigProblem}`, mixer: i + 1 });
    const input = this.mixInput!;
    this.mixInput = output;
    this.lastRows = output;
    if (this.opts.mixChainFailures) return;
    this.opts.onProgress?.(`checking mixer ${s.mixer}'s shuffle of ${input.n} rows`);
    const job: PackedShuffleJob = { electionHash: this.eh!, mixer: s.mixer, publicKey: this.ek.publicKey, input, output, proof };
    const record = (v: ShuffleVerdict) => {
      if (!v.ok) fails.push({ check: v.check, message: `mixer ${s.mixer}: ${v.message}`, mixer: s.mixer, ...(v.row === undefined ? {} : { row: v.row }) });
    };
    const v = this.checker(job);
    if (v instanceof Promise) this.pending.push(v.then(record));
    else record(v);
  }

  private share(s: DecryptionShareBody): void {
    this.shares++;
    if (this.stopped('M10') || this.mixBroken || !this.lastRows) return;
    const rows = this.lastRows;
    const w = rows.w;
    if (!this.values) {
      this.values = new Int16Array(rows.n * w).fill(-2);
      this.posted = new Uint16Array(rows.n * w);
    }
    const vk = this.vks.get(s.trustee);
    const threshold = this.m!.trustees.threshold;
    for (const c of s.cells ?? []) {
      let ok = false;
      let share: Uint8Array | null = null;
      try {
        const cell = packedCell(rows, c.row, c.rank);
        const p = partialDecryptionFromJSON(c.partial, 'partial');
        ok = !!vk && !!cell && p.trustee === s.trustee && verifyPartialDecryption(vk, cell, p, cellContext(this.eh!, c.row, c.rank));
        share = p.share.encoded;
      } catch {
        ok = false;
      }
      if (!ok) {
        this.fails.M10.push({ check: 'M10', message: `trustee ${s.trustee}'s partial decryption of row ${c.row} rank ${c.rank} is invalid`, row: c.row });
        continue;
      }
      const at = c.row * w + c.rank;
      if (this.posted![at]! < 0xffff) this.posted![at] = this.posted![at]! + 1;
      if (this.values[at] !== -2) continue;
      // pending partials of this cell: (trustee byte, 32-byte share) each, first per trustee, in board order
      const prev = this.partials.get(at) ?? new Uint8Array(0);
      let dup = false;
      for (let j = 0; j < prev.length; j += 33) if (prev[j] === s.trustee) dup = true;
      if (dup) continue;
      const next = new Uint8Array(prev.length + 33);
      next.set(prev);
      next[prev.length] = s.trustee;
      next.set(share!, prev.length + 1);
      if (next.length / 33 < threshold) {
        this.partials.set(at, next);
        continue;
      }
      this.partials.delete(at);
      const trustees = Array.from({ length: threshold }, (_, j) => next[j * 33]!);
      const lambdas = lagrangeCoefficients(trustees);
      let combined = Point.fromBytes(new Uint8Array(32), { allowIdentity: true });
      trustees.forEach((_, j) => (combined = combined.add(Point.fromBytes(next.subarray(j * 33 + 1, j * 33 + 33), { allowIdentity: true }).mul(lambdas[j]!))));
      const cell = packedCell(rows, c.row, c.rank)!;
      this.values[at] = smallLog(cell.beta.sub(combined), CELL_VALUE_BOUND) ?? -1;
      this.decrypted++;
    }
  }

  /** The report, once every shuffle check has returned. */
  async finish(): Promise<PreferentialBoardReport> {
    this.end();
    await Promise.all(this.pending);
    return this.report();
  }

  /** The report, when every shuffle was checked in this thread (throws if checks are still running). */
  finishSync(): PreferentialBoardReport {
    this.end();
    if (this.pending.length) throw new Error('shuffle checks are still running: use finish()');
    return this.report();
  }

  private end(): void {
    if (!this.reader.failure && !this.readFailure && this.records && this.manifestOk && !this.stopped('M12')) this.seal();
    if (this.receipts.length && !this.receiptsDone && !this.stopped('M15')) this.checkReceipts();
    if (this.mixReceipts.length && this.manifestOk && !this.stopped('M17')) this.checkMixReceipts();
  }

  /**
   * M17: each mix receipt given is the board key's, for this election, and finds its mix — mix server k's, with the
   * receipted digest — at the receipted record under the receipted head. The mix chain (M9) then makes it the input
   * of the next mix: a board that dropped, moved or replaced a receipted mix, or rewrote anything before it, fails.
   */
  private checkMixReceipts(): void {
    const m = this.m!;
    for (const [i, raw] of this.mixReceipts.entries()) {
      const where = `mix receipt ${i + 1}`;
      const fail = (message: string, seq?: number) => void this.fails.M17.push({ check: 'M17', message: `${where}: ${message}`, ...(seq === undefined ? {} : { seq }) });
      let r;
      try {
        r = parseMixReceipt(raw);
      } catch (e) {
        return fail((e as Error).message);
      }
      if (!mixReceiptSignatureValid(m.boardKey, r)) return fail('not signed by this board’s key (manifest.boardKey): it is not a receipt of this board');
      if (r.election !== this.eh) return fail(`it is for election ${r.election}, not this board’s ${this.eh}`);
      const what = `mix server ${r.mixer}’s mix receipted as record ${r.seq}`;
      const at = this.mixesSeen.find((x) => x.seq === r.seq);
      if (!at || at.mixer !== r.mixer || at.digest !== r.digest) {
        const moved = this.mixesSeen.find((x) => x.mixer === r.mixer && x.digest === r.digest);
        const type = this.typeAt.get(r.seq);
        const other = this.mixesSeen.find((x) => x.mixer === r.mixer);
        const there =
          (type ? `record ${r.seq} is ${at ? `mix ${String(at.mixer)}’s mix with another output or proof` : `a ${type}`}` : `the board has ${this.records} records`) +
          (other && other !== at ? `; turn ${r.mixer}’s mix on the board is record ${other.seq}, another output or proof` : '');
        return fail(
          moved
            ? `${what} was moved to record ${moved.seq} (${there}): the board was rewritten after the mix was accepted`
            : `${what} is missing from the board (${there}): the board writer dropped or replaced a mix it had accepted`,
          r.seq,
        );
      }
      if (at.hash !== r.head) return fail(`${what} is there, but the board before it is not the one receipted (its hash is ${at.hash}, the receipt’s ${r.head}): earlier records were changed`, r.seq);
      this.mixReceiptsChecked++;
    }
  }

  private report(): PreferentialBoardReport {
    const failures: PreferentialFailure[] = [];
    const out = (p: Partial<PreferentialBoardReport>): PreferentialBoardReport => ({
      ok: failures.length === 0,
      electionHash: null,
      head: null,
      failures,
      stage: null,
      manifest: null,
      ballots: 0,
      counted: 0,
      mixes: 0,
      decryptedCells: 0,
      totalCells: 0,
      count: null,
      complete: false,
      receipts: { trustee: 0, cast: 0, mix: 0 },
      ...p,
    });
    const readFailure = this.reader.failure ?? this.readFailure;
    if (readFailure) {
      failures.push(readFailure);
      return out({});
    }
    if (this.records === 0) {
      failures.push({ check: 'M13', message: 'the board is empty' });
      return out({});
    }
    const m = this.m!;
    const base = { electionHash: this.eh, head: this.head, stage: this.lastType, manifest: m };
    const stop = (s: Stage) => failures.push(...this.fails[s]) > 0;
    if (stop('manifest') || stop('M14')) return out(base);
    const more: Partial<PreferentialBoardReport> = { ...base, ballots: this.ballots, counted: this.counted };
    if (stop('M12')) return out(more);
    if (this.receipts.length || this.mixReceipts.length) {
      more.receipts = { ...this.receiptsChecked, mix: this.mixReceiptsChecked };
      if (stop('M15')) return out(more);
      if (stop('M17')) return out({ ...more, mixes: this.mixes });
    }
    if (this.mixes === 0) return out({ ...more, complete: false });
    const withMixes = { ...more, mixes: this.mixes };
    const partialChain = this.mixes < m.mixers && this.shares === 0 && this.count === null;
    if (this.mixBroken) {
      failures.push(this.mixBroken);
      return out(withMixes);
    }
    const mixFailures: PreferentialFailure[] = [];
    if (!partialChain && this.mixes !== m.mixers) mixFailures.push({ check: 'M9', message: `${this.mixes} mix steps published, the election names ${m.mixers} mixers` });
    if (this.opts.mixChainFailures && !partialChain) mixFailures.push(...this.opts.mixChainFailures);
    else for (const f of this.mixFails) mixFailures.push(...f);
    failures.push(...mixFailures);
    if (failures.length || partialChain) return out(withMixes);
    if (stop('M10')) return out(withMixes);
    const rows = this.lastRows!;
    const totals = { ...withMixes, decryptedCells: this.decrypted, totalCells: rows.n * m.rankCap };
    // M11: the count redone from the verified cells only
    const values = this.values ?? new Int16Array(rows.n * rows.w).fill(-2);
    const source = new ValuesSource(rows.n, m.rankCap, m.candidates.length, values);
    let count: CountResult | null = null;
    try {
      count = runCount(m.method, source, { candidates: m.candidates, seats: m.seats, tieBreak: m.tieBreak, seed: this.eh! });
    } catch (e) {
      if (this.count) failures.push({ check: 'M11', message: e instanceof Error ? e.message : String(e) });
      return out(totals);
    }
    if (this.posted) {
      let extra = 0;
      let firstExtra = -1;
      for (let at = 0; at < this.posted.length; at++) {
        if (this.posted[at] && !source.used[at]) {
          if (firstExtra < 0) firstExtra = at;
          extra += this.posted[at]!;
        }
      }
      if (extra) failures.push({ check: 'M11', message: `${extra} partial decryption(s) of cells the count never needed (first: row ${Math.floor(firstExtra / rows.w)} rank ${firstExtra % rows.w}): preferences revealed beyond prefix decryption`, row: Math.floor(firstExtra / rows.w) });
    }
    if (!this.count) return out({ ...totals, count });
    if (canonicalJson(count) !== canonicalJson(this.count.count)) failures.push({ check: 'M11', message: 'the round table on the board differs from the count redone from the verified decryptions' });
    return out({ ...totals, count, complete: true });
  }
}

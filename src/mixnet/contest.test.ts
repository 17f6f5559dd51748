import { beforeAll, describe, expect, it } from 'vitest';
import { seededRng } from '../crypto/random';
import { initCrypto } from '../crypto/sodium';
import { PREFERENTIAL_RULEBOOKS } from '../count/presets';
import { buildProfile } from '../count/profile';
import { RankingsSource } from '../count/types';
import { combinePartialDecryptions, partialDecrypt } from '../crypto/dkg';
import { Point, mulBaseInt } from '../crypto/group';
import { compareWithPublished, decryptionToJSON, electionHashOf, runCount, simulateContest, simulateContestWithSecrets, verifyContest, type ContestRecord } from './contest';
import { cellContext } from './pipeline';

beforeAll(async () => {
  await initCrypto();
});

const clone = (r: ContestRecord): ContestRecord => JSON.parse(JSON.stringify(r));

describe('preset tables at full scale (plain count of the profile built from each published table)', () => {
  for (const rb of Object.values(PREFERENTIAL_RULEBOOKS)) {
    it(`${rb.id} reproduces the published rounds and winner`, () => {
      const count = runCount(rb.method, new RankingsSource(buildProfile(rb.published), rb.rankCap), { candidates: rb.published.candidates, seats: rb.seats, tieBreak: rb.tieBreak, seed: rb.id });
      expect(compareWithPublished(count, rb)).toEqual([]);
    });
  }
  it('Labour 2020 deputy: Rayner has 52.6% of 435,445 continuing ballots in the final round', () => {
    const rb = PREFERENTIAL_RULEBOOKS['labour-2020-deputy']!;
    const count = runCount('irv', new RankingsSource(buildProfile(rb.published), 5), { candidates: rb.published.candidates, seats: 1, tieBreak: 'backwards', seed: 's' });
    const last = count.rounds.at(-1)!;
    expect(last.continuing).toBe('435445');
    expect(((Number(last.votes[0]) / 435445) * 100).toFixed(1)).toBe('52.6');
    expect(count.rounds.length).toBe(3);
  });
});

describe('simulated preferential contest through the mixnet', { timeout: 180_000 }, () => {
  let snp: ContestRecord;
  beforeAll(() => {
    snp = simulateContest({ rulebook: 'snp-2023', scale: 0.002, rng: seededRng('snp') });
  });

  it('SNP 2023 at small scale: verifies, and the verified table is the scaled published table', () => {
    const v = verifyContest(snp);
    expect(v.failures).toEqual([]);
    expect(v.count).toEqual(snp.count);
    expect(snp.count.rounds.map((r) => r.votes)).toEqual([
      ['49', '41', '11'],
      ['52', '48', null],
    ]);
    expect(v.decryptedCells).toBeLessThan(v.totalCells / 2);
    // the published table's rejected papers (3) scale to one blank ballot, mixed and decrypted like the others
    expect(snp.ballots.length).toBe(102);
    expect([v.count!.valid, v.count!.rejected]).toEqual([101, 1]);
  });

  it('Labour 2020 deputy at small scale: three rounds, verified', () => {
    const lab = simulateContest({ rulebook: 'labour-2020-deputy', scale: 0.0002, rng: seededRng('lab') });
    const v = verifyContest(lab);
    expect(v.failures).toEqual([]);
    expect(v.count!.rounds.length).toBe(3);
    expect(v.count!.elected).toEqual([0]);
  });

  it('a published table that does not follow from the decryptions (a changed winner) — M11', () => {
    const r = clone(snp);
    r.count.elected = [1];
    expect(verifyContest(r).failures[0]).toMatchObject({ check: 'M11' });
  });

  it('withholding the decryption of a transferred ballot (to stop a transfer) — M11', () => {
    const r = clone(snp);
    const i = r.decryptions.findIndex((d) => d.rank === 1);
    r.decryptions.splice(i, 1);
    expect(verifyContest(r).failures[0]).toMatchObject({ check: 'M11', message: expect.stringMatching(/not decrypted/) });
  });

  it('an operator who replaces the ballots that entered the mixnet — M3 (mixer 1 proved another input)', () => {
    const r = clone(snp);
    [r.ballots[0], r.ballots[1]] = [r.ballots[1]!, r.ballots[0]!];
    expect(verifyContest(r).failures[0]).toMatchObject({ check: 'M3', mixer: 1 });
  });

  it('a changed manifest (another rulebook or key after the fact) — every ballot and proof is bound to the election hash: M12', () => {
    const r = clone(snp);
    r.manifest.tieBreak = 'backwards';
    expect(verifyContest(r).failures[0]).toMatchObject({ check: 'M12' });
  });

  it('an operator who adds a credential of its own to the list and casts with it (ballot stuffing) — M12', () => {
    const r = clone(snp);
    const other = simulateContest({ rulebook: 'snp-2023', scale: 0.0001, rng: seededRng('stuffing') });
    r.credentials.push(other.credentials[0]!);
    r.ballots.push(other.ballots[0]!);
    expect(verifyContest(r).failures[0]).toMatchObject({ check: 'M12', message: expect.stringMatching(/digest/) });
    // and with the list left alone, the stuffed ballot's credential is not on it
    const s = clone(snp);
    s.ballots.push(other.ballots[0]!);
    expect(verifyContest(s).failures).toEqual([expect.objectContaining({ check: 'M12', row: s.ballots.length - 1, message: expect.stringMatching(/not on the published list/) })]);
  });

  it('an operator who replays a voter’s ballot (the same credential twice) — M12', () => {
    const r = clone(snp);
    r.ballots.push(r.ballots[5]!);
    expect(verifyContest(r).failures).toEqual([expect.objectContaining({ check: 'M12', message: expect.stringMatching(/second ballot of the credential that cast ballot 5/) })]);
  });

  it('trustees who decrypt a preference the count never needed (to learn a ranking) — M11', () => {
    const { record, trustees } = simulateContestWithSecrets({ rulebook: 'snp-2023', scale: 0.001, rng: seededRng('over') });
    expect(verifyContest(record).failures).toEqual([]);
    // genuine partial decryptions, with proofs, of the second preference of a ballot that never moved
    const row = record.decryptions.find((d) => d.rank === 0 && !record.decryptions.some((e) => e.row === d.row && e.rank === 1))!.row;
    const last = record.mixes.at(-1)!.output;
    const cell = { alpha: Point.fromHex(last[row]![1]![0]), beta: Point.fromHex(last[row]![1]![1], { allowIdentity: true }) };
    const ctx = cellContext(electionHashOf(record.manifest), row, 1);
    const partials = trustees.keys.slice(1).map((k) => partialDecrypt(k, cell, ctx));
    const value = [0, 1, 2, 3].find((v) => combinePartialDecryptions({ ciphertext: cell, partials, verificationKeys: trustees.verificationKeys, threshold: 2, context: ctx }).plaintextPoint.equals(mulBaseInt(v)))!;
    const r = clone(record);
    r.decryptions.push(decryptionToJSON({ row, rank: 1, value, partials }));
    const v = verifyContest(r);
    expect(v.failures).toEqual([expect.objectContaining({ check: 'M11', row, message: expect.stringMatching(/never needed/) })]);
  });

  it('a manifest naming an unknown counting method — M2', () => {
    const r = clone(snp);
    (r.manifest as { method: string }).method = 'first-past-the-post';
    expect(verifyContest(r).failures[0]).toMatchObject({ check: 'M2', message: expect.stringMatching(/counting method/) });
  });

  it('a record with a non-canonical element — M2', () => {
    const r = clone(snp);
    r.mixes[1]!.output[0]![0]![0] = 'ff'.repeat(32);
    expect(verifyContest(r).failures[0]).toMatchObject({ check: 'M2' });
  });
});

describe('shuffle checks on worker threads', { timeout: 180_000 }, () => {
  it('agree with the in-thread verifier, on a valid record and on a tampered one', async () => {
    const { verifyMixChainParallel } = await import('./verify-parallel');
    const r = simulateContest({ rulebook: 'snp-2023', scale: 0.001, rng: seededRng('threads') });
    const eh = electionHashOf(r.manifest);
    expect(await verifyMixChainParallel(eh, r.manifest.publicKey, r.ballots.map((b) => b.row), r.mixes, 3, 2)).toEqual([]);
    const bad = clone(r);
    [bad.mixes[1]!.output[0], bad.mixes[1]!.output[1]] = [bad.mixes[1]!.output[1]!, bad.mixes[1]!.output[0]!];
    const parallel = await verifyMixChainParallel(eh, bad.manifest.publicKey, bad.ballots.map((b) => b.row), bad.mixes, 3, 2);
    // mixer 2's proof no longer matches its output, and mixer 3's input is no longer what it proved
    expect(parallel.map((f) => [f.check, f.mixer])).toEqual([
      ['M3', 2],
      ['M3', 3],
    ]);
    const inThread = verifyContest(bad).failures;
    expect(inThread.map((f) => [f.check, f.mixer])).toEqual(parallel.map((f) => [f.check, f.mixer]));
    expect(verifyContest(bad, { mixChainFailures: parallel }).failures).toEqual(inThread);
  });
});

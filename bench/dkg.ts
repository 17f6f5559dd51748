/**
 * Key-ceremony benchmark (ADR 0110). `npm run bench:dkg [-- --trustees N --threshold K]` (default 5 and 3, the
 * ceremony of the 1922 Committee vote; --trustees 20 for the largest the server allows).
 *
 * Reports, on one core with the default back end (libsodium + WebAssembly kernel): the dealer's cost to deal and
 * sign; the cost of the accountability checks per message (dealing signature + n ephemeral proofs, one complaint's
 * signature + Chaum–Pedersen evidence, one answer's signature); and the whole verifier step B6 (B6.1–B6.5) on a
 * board with one upheld and one false complaint and one answer, against the same board's B6.5 alone (the
 * recomputation that existed before the signatures), so the difference is the price of accountability; and B6.6,
 * the check of one submission receipt per trustee message (docs/ballot-spec.md §3.2), with the server's cost to sign
 * one.
 */
import { performance } from 'node:perf_hooks';
import { Point, dkgAnswer, dkgComplain, dkgComplaintVerdict, dkgSignedAnswerToJSON, dkgSignedComplaintToJSON, dkgVerifyAnswerSignature, dkgVerifyDealingSignature, initCrypto, scalarFromHex, verifyShareEphemeral } from '../src/crypto';
import { Board, TRUSTEE_MESSAGE_TYPES, computeElectionKey, dkgParams, messageDigest, parseSignedDealings, parseTrusteeReceipt, signTrusteeReceipt, simulateElection, trusteeDeal, trusteeReceiptSignatureValid, trusteeRegister, type TrusteeMessageType } from '../src/ballot';
import { checkKeyCeremony } from '../src/ballot/verify-dkg';

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const n = arg('trustees', 5);
const k = arg('threshold', 3);

function time(label: string, iterations: number, fn: () => void): number {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  const ms = (performance.now() - t0) / iterations;
  console.log(`${label.padEnd(62)} ${ms.toFixed(3).padStart(9)} ms`);
  return ms;
}

await initCrypto();
const sim = simulateElection({ eligible: 2, yes: 1, no: 0, threshold: k, trustees: n, procedureId: 'bench-dkg' });
const manifest = sim.manifest;
const board = new Board();
board.append('setup', { manifest });
const eh = board.electionHash;
const params = dkgParams(manifest, eh);
const regs = Array.from({ length: n }, (_, i) => trusteeRegister(eh, i + 1));
for (const r of regs) board.append('trustee_key', r.body);
const keys = regs.map((r) => r.body);
console.log(`DKG ${k} of ${n} trustees, one core`);
time('deal + encrypt n shares + ephemeral proofs + sign (dealer)', 10, () => void trusteeDeal(manifest, eh, regs[0]!.secret, keys));
const deals = regs.map((r) => trusteeDeal(manifest, eh, r.secret, keys));
for (const d of deals) board.append('dkg_commitment', d.commitment);
for (const d of deals) board.append('dkg_dealing', d.dealing);
const signed = parseSignedDealings(manifest, deals.map((d) => d.dealing));
const pk = (i: number) => board.ofType('trustee_key').map((r) => r.body)[i - 1]!.publicKey;
const pk1 = Point.fromHex(pk(1));
time('verify one dealing signature', 50, () => void dkgVerifyDealingSignature(params, pk1, signed[0]!, board.ofType('trustee_key').map((r) => Point.fromHex(r.body.publicKey))));
time('verify the n ephemeral proofs of one dealing', 20, () => void signed[0]!.encryptedShares.every((e) => verifyShareEphemeral(params, e)));
// complaints: trustee 2 (false) against dealer 1; an upheld one needs a bad share, the verdict costs the same
const c = dkgComplain(params, 2, scalarFromHex(regs[1]!.secret.transportSecret), signed[0]!);
time('make a complaint (decrypt, Chaum–Pedersen proof, sign)', 50, () => void dkgComplain(params, 2, scalarFromHex(regs[1]!.secret.transportSecret), signed[0]!));
const pk2 = Point.fromHex(pk(2));
time('check a complaint (signature, evidence, unmask, Feldman)', 50, () => void dkgComplaintVerdict(params, pk2, signed[0]!, c));
board.append('dkg_complaint', { complaint: dkgSignedComplaintToJSON(c) });
// An answer to the (false) complaint: not due, but allowed, and its check costs the same as for an upheld one.
const coefficients = deals[0]!.secret.coefficients!.map((x) => scalarFromHex(x));
const a = dkgAnswer(params, { dealer: 1, coefficients }, scalarFromHex(regs[0]!.secret.transportSecret), { dealer: 1, complainer: 2 });
time('check an answer signature', 50, () => void dkgVerifyAnswerSignature(params, pk1, a));
board.append('dkg_answer', { answer: dkgSignedAnswerToJSON(a) });
const transcript = {
  trusteeKeys: keys,
  commitments: board.ofType('dkg_commitment').map((r) => r.body),
  dealings: board.ofType('dkg_dealing').map((r) => r.body),
  complaints: board.ofType('dkg_complaint').map((r) => r.body),
  answers: board.ofType('dkg_answer').map((r) => r.body),
};
board.append('election_key', computeElectionKey(manifest, eh, transcript));
const recs = board.records.map((r) => ({ seq: r.seq, type: r.type, body: r.body, hash: r.hash }));
const receiptOf = (r: (typeof recs)[number]) => signTrusteeReceipt(sim.boardSecret, { election: eh, seq: r.seq, type: r.type as TrusteeMessageType, digest: messageDigest(r.body), head: r.hash, at: '2026-12-02T12:00:00.000Z' });
const messages = recs.filter((r) => (TRUSTEE_MESSAGE_TYPES as readonly string[]).includes(r.type));
time('server: sign one trustee receipt (digest + Schnorr)', 50, () => void receiptOf(messages.at(-1)!));
const receipts = messages.map(receiptOf);
const dealingRec = messages.find((r) => r.type === 'dkg_dealing')!;
const dealingReceipt = receiptOf(dealingRec);
// B6.6's work per receipt: strict parse, one Schnorr verification, one SHA-256 of the receipted record's body.
time('verifier B6.6: check one receipt (parse, signature, digest of a dealing)', 200, () => {
  if (!trusteeReceiptSignatureValid(manifest.boardKey, parseTrusteeReceipt(dealingReceipt)) || messageDigest(dealingRec.body) !== dealingReceipt.digest) throw new Error('bad receipt');
});
const whole = time(`verifier B6 (B6.1–B6.5), ${n} dealings, 1 complaint, 1 answer`, 5, () => {
  const r = checkKeyCeremony(manifest, eh, recs);
  if (!r.ok) throw new Error(r.failure.message);
});
const qualifyOnly = time('  of which B6.5 (qualification + key, re-checks the messages)', 5, () => void computeElectionKey(manifest, eh, transcript));
console.log(`  B6.2–B6.4 (the per-record checks that name the failing record): ${(whole - qualifyOnly).toFixed(1)} ms`);
const withReceipts = time(`verifier B6 with B6.6: ${receipts.length} trustee receipts (every message)`, 5, () => {
  const r = checkKeyCeremony(manifest, eh, recs, { receipts, boardKey: manifest.boardKey });
  if (!r.ok || r.result.receiptsChecked !== receipts.length) throw new Error('B6.6 failed on the honest board');
});
console.log(`  B6.6: ${(withReceipts - whole).toFixed(2)} ms in all, ${((withReceipts - whole) / receipts.length).toFixed(3)} ms per receipt`);

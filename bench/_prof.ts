import { sha512 } from '@noble/hashes/sha2.js';
import { BatchVerifier, Point, ciphertextFromJSON, ciphertextToJSON, encrypt, generateKeyPair, initCrypto, pointFromJSON, proveZeroOne, setBackend, sigmaProofFromJSON, sigmaProofToJSON, sign, signatureFromJSON, signatureToJSON, utf8 } from '/work/wt/contest-scale/src/crypto/index';
await initCrypto();
setBackend('wasm');
const election = generateKeyPair();
const procedureId = 'bench-procedure';
const msgOf = (ciphertext: unknown, proof: unknown) => sha512(utf8(JSON.stringify({ procedureId, ciphertext, proof })));
const ballots = Array.from({ length: 64 }, (_, i) => {
  const credential = generateKeyPair();
  const vote = i % 2;
  const { ciphertext, randomness } = encrypt(election.publicKey, vote);
  const proof = proveZeroOne({ publicKey: election.publicKey, ciphertext, value: vote, randomness, context: [procedureId, election.publicKey, credential.publicKey] });
  const ct = ciphertextToJSON(ciphertext); const pj = sigmaProofToJSON(proof);
  return { ciphertext: ct, proof: pj, credential: credential.publicKey.toHex(), signature: signatureToJSON(sign(credential.secretKey, msgOf(ct, pj))) };
});
const N = Number(process.argv[2] ?? 1000);
const bb = Array.from({ length: N }, (_, i) => ballots[i % 64]!);
const key = Point.fromHex(election.publicKey.toHex());
let t = performance.now(); let n = 0;
const c0 = process.cpuUsage();
while (performance.now() - t < 6000) {
  const bv = new BatchVerifier<number>();
  bb.forEach((b, i) => {
    const credential = pointFromJSON(b.credential, 'credential');
    bv.addZeroOne({ publicKey: key, ciphertext: ciphertextFromJSON(b.ciphertext), proof: sigmaProofFromJSON(b.proof, 'proof', [2, 2]), context: [procedureId, key, credential] }, i);
    bv.addSignature(credential, msgOf(b.ciphertext, b.proof), signatureFromJSON(b.signature), i);
  });
  if (!bv.verify().valid) throw new Error('bad');
  n += N;
}
const c = process.cpuUsage(c0);
console.log('ballots/s CPU', (n / ((c.user + c.system) / 1e6)).toFixed(0));

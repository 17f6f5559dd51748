/**
 * Child process of src/mixnet/mix-line.test.ts, run under a small heap cap: builds a canonical mix record of N rows
 * (width 3; a few distinct rows repeated, so building it costs little), reads it with `readMixLine` and prints
 * "ok N rows" when the packed rows, the proof's length, the record hash and the signed digest come out right.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readMixLine } from '../../src/mixnet/mix-line';

const n = Number(process.argv[2] ?? '1000');
const hex = () => randomBytes(32).toString('hex');
// scalars below the group order: the top byte (little-endian) kept small
const scalar = () => `${randomBytes(31).toString('hex')}00`;
const rows = Array.from({ length: 16 }, () => `[${[0, 1, 2].map(() => `["${hex()}","${hex()}"]`).join(',')}]`);
const pts = Array.from({ length: 16 }, () => `"${hex()}"`);
const scs = Array.from({ length: 16 }, () => `"${scalar()}"`);
/** The line's text as pieces (many references to a few strings): hashed piece by piece, joined once. */
const pieces: string[] = [];
const vec = (xs: string[]) => {
  pieces.push('[');
  for (let i = 0; i < n; i++) pieces.push(i ? ',' : '', xs[i % xs.length]!);
  pieces.push(']');
};
pieces.push('{"body":{"mixer":1,"output":[');
for (let i = 0; i < n; i++) pieces.push(i ? ',' : '', rows[i % rows.length]!);
pieces.push(`],"proof":{"challenge":"${scalar()}","commitmentChain":`);
vec(pts);
pieces.push(',"permutationCommitment":');
vec(pts);
pieces.push(`,"s1":"${scalar()}","s2":"${scalar()}","s3":"${scalar()}","s4":["${scalar()}","${scalar()}","${scalar()}"],"sHat":`);
vec(scs);
pieces.push(',"sPrime":');
vec(scs);
pieces.push(`,"t1":"${hex()}","t2":"${hex()}","t3":"${hex()}","t4":[["${hex()}","${hex()}"],["${hex()}","${hex()}"],["${hex()}","${hex()}"]],"tHat":`);
vec(pts);
pieces.push(`},"signature":{"R":"${hex()}","s":"${scalar()}"}}`);
const rest = `,"prev":"${hex()}","seq":7,"type":"mix"}`;
const h = createHash('sha256');
for (const p of pieces) h.update(p);
const hash = h.update(rest).digest('hex');
pieces.push(`,"hash":"${hash}"`, rest);
const d = createHash('sha256').update('{');
const at = pieces.indexOf('{"body":{"mixer":1,"output":[');
d.update('"output":[');
for (const p of pieces.slice(at + 1, -3)) d.update(p);
d.update(pieces.at(-3)!.slice(0, pieces.at(-3)!.indexOf(',"signature"')));
const digest = d.update('}').digest('hex');
const line = pieces.join('');
pieces.length = 0;
const r = readMixLine(line);
const ok = r !== null && r.recordHash === hash && r.hash === hash && r.body.output.n === n && r.body.output.w === 3 && r.body.output.bytes.length === n * 3 * 64 && r.body.proof.n === n && r.body.proof.sHat.length === n && r.body.digest === digest;
process.stdout.write(ok ? `ok ${n} rows\n` : 'not read\n');
process.exitCode = ok ? 0 : 1;

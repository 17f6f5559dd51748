import { describe, expect, it } from 'vitest';
import { CONCEPTS } from './embedding-concepts';
import { bundledTableConcepts, conceptStancesIn, EMBEDDING_FEATURE_NAMES, embeddingFeatures, tokenSimilarities } from './embedding-features';
import { annotate } from './nlp';

const concept = (name: string) => CONCEPTS.findIndex(([c]) => c === name);
const C = CONCEPTS.length;

/** The features of the mention `name` in `text` (a one-sentence text), by feature name. */
function featuresOf(text: string, name: string): Map<string, number> {
  const { tokens } = annotate(text);
  const start = text.indexOf(name);
  const x = new Float64Array(EMBEDDING_FEATURE_NAMES.length + 2);
  embeddingFeatures(tokens, { start: 0, end: text.length }, { start, end: start + name.length }, x, 2);
  return new Map(EMBEDDING_FEATURE_NAMES.map((f, i) => [f, x[i + 2]!]));
}

describe('word-vector features', () => {
  it('uses a table built from the concepts in the code (rebuild with npm run build:tracker-similarity)', () => {
    expect(bundledTableConcepts()).toEqual(CONCEPTS.map(([n, s]) => [n, [...s]]));
  });

  it('puts words the lexicon never lists near the concept they mean, and leaves names and function words out', () => {
    const rallied = tokenSimilarities({ value: 'rallied', lemma: 'rally', pos: 'VERB' })!;
    expect(rallied[concept('defend')]).toBe(1);
    const toppled = tokenSimilarities({ value: 'toppled', lemma: 'topple', pos: 'VERB' })!;
    expect(toppled[concept('depart')]).toBeGreaterThan(0.3);
    expect(toppled[concept('support')]).toBe(0);
    expect(tokenSimilarities({ value: 'the', lemma: '', pos: 'DET' })).toBeNull();
    expect(tokenSimilarities({ value: 'Johnson', lemma: '', pos: 'PROPN' })).toBeNull();
  });

  it('measures the window around the mention apart from the rest of the sentence', () => {
    const text = 'Nadine Dorries remained a steadfast friend of the Prime Minister on a long day of many meetings and briefings, while elsewhere ministers resigned.';
    const f = featuresOf(text, 'Nadine Dorries');
    expect(f.get('emb_near:loyal')).toBeGreaterThan(0);
    expect(f.get('emb_near:resign')).toBeLessThan(0.2);
    expect(f.get('emb_sentence:resign')).toBe(1);
    expect(EMBEDDING_FEATURE_NAMES).toHaveLength(3 * C);
  });

  it('reads the first verb after the mention as its predicate', () => {
    const f = featuresOf('Andrew Bridgen quit the government, and colleagues backed the Prime Minister.', 'Andrew Bridgen');
    expect(f.get('emb_verb_after:resign')).toBe(1);
    expect(f.get('emb_verb_after:support')).toBe(0);
    expect(f.get('emb_sentence:support')).toBeGreaterThan(0);
  });

  it('opens the stances of the concepts the content words of a sentence are near, and none for a sentence about nothing', () => {
    const opened = (text: string, at: number) => conceptStancesIn(annotate(text).tokens, { start: 0, end: text.length }, at);
    expect([...opened('Nadine Dorries rallied to the Prime Minister on Tuesday.', 0.5)]).toEqual(['backs_leader']);
    expect(opened('Nadine Dorries opened a village fete in her constituency.', 0.5).size).toBe(0);
    // A stricter level opens less: the seed word itself (1) passes every level.
    const loose = opened('The Prime Minister was toppled by mutinous colleagues.', 0.3);
    expect(loose.has('called_to_resign')).toBe(true);
    expect(opened('The Prime Minister was toppled by mutinous colleagues.', 1).size).toBeLessThan(loose.size);
  });
});

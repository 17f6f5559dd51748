/**
 * Training examples for the stance model from the labelled set, and k-fold cross-validation by
 * article. Shared by `npm run train:tracker` and `npm run eval:tracker`.
 *
 * Labels are per (article, member, stance), not per sentence. A candidate (member, sentence) is a
 * positive example of a labelled stance when that stance's vocabulary is in the sentence itself;
 * when no sentence of that member has it, the candidates whose previous sentence or list
 * introduction has it are the positives instead.
 */
import { readFileSync } from 'node:fs';
import type { Roster } from '../../src/domain/roster/types';
import { extractDeclarations, runRules, type RulesRun } from '../../src/tracker/extract';
import { candidatesOf, FEATURE_NAMES, vectorOpening, type Candidate } from '../../src/tracker/features';
import { DEFAULT_THRESHOLDS, DEFAULT_TRAIN_OPTIONS, trainNetwork, trainStanceModel, type StanceWeights, type TrainingExample, type TrainOptions } from '../../src/tracker/model';
import { STANCES, type Stance } from '../../src/tracker/types';
import { evaluate, type EvaluationReport, type Labelled } from '../../src/tracker/evaluate';
import { EVAL_DIR, type LabelledArticle } from './dataset';

// Tuning only: TRACKER_OPEN_AT=x compares another word-vector opening threshold (0 turns the opening off).
if (process.env.TRACKER_OPEN_AT !== undefined) {
  const at = Number(process.env.TRACKER_OPEN_AT);
  if (!Number.isFinite(at) || at < 0 || at > 1) throw new Error(`TRACKER_OPEN_AT must be a number from 0 to 1, not ${process.env.TRACKER_OPEN_AT}`);
  vectorOpening.at = at;
}

export interface ArticleExamples {
  file: string;
  examples: TrainingExample[];
}

/** `run`: the article's rules run when the caller already has it (it is the slow part). */
export function examplesOf(article: LabelledArticle, roster: Roster, run: RulesRun = runRules(readFileSync(`${EVAL_DIR}${article.file}`, 'utf8'), roster, { party: article.party, leader: article.leader, published: article.published })): ArticleExamples {
  const candidates = candidatesOf(run, article.party);
  const labelled = new Map<string, Set<Stance>>();
  for (const d of article.declarations) {
    if (!labelled.has(d.member_id)) labelled.set(d.member_id, new Set());
    labelled.get(d.member_id)!.add(d.stance as Stance);
  }
  const y = candidates.map(() => new Set<Stance>());
  for (const [memberId, stances] of labelled) {
    const mine = candidates.map((c, i) => [c, i] as const).filter(([c]) => c.memberId === memberId);
    for (const stance of stances) {
      const k = STANCES.indexOf(stance);
      const own = mine.filter(([c]) => c.x[FEATURE_NAMES.indexOf(`vocab:${stance}`)] === 1);
      const near = mine.filter(([c]) => c.vocabulary.has(stance));
      for (const [, i] of own.length ? own : near) y[i]!.add(stance);
      void k;
    }
  }
  return { file: article.file, examples: candidates.map((c: Candidate, i) => ({ x: c.x, y: y[i]! })) };
}

export function trainWeights(data: readonly ArticleExamples[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS, thresholds = DEFAULT_THRESHOLDS): StanceWeights {
  const examples = data.flatMap((a) => a.examples);
  const positives = Object.fromEntries(STANCES.map((s) => [s, examples.filter((e) => e.y.has(s)).length]));
  const trainedOn = { articles: data.length, candidates: examples.length, positives, command: 'npm run train:tracker' };
  if (options.learner === 'network') {
    const { stances, hidden } = trainNetwork(examples, options);
    return { version: 1, trainedOn, hyper: options, features: FEATURE_NAMES, stances, hidden, thresholds };
  }
  return { version: 1, trainedOn, hyper: options, features: FEATURE_NAMES, stances: trainStanceModel(examples, options), thresholds };
}

/** Deterministic shuffle (mulberry32) so folds are the same on every run. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface TierRun {
  proposed: EvaluationReport;
  /** Proposed + possible counted together (recall of the review queue). */
  queue: EvaluationReport;
  possibleCount: number;
  expected: number;
}

/** Scores articles with given weights: proposed alone, and proposed + possible. */
export function scoreTiers(articles: readonly LabelledArticle[], roster: Roster, weights: StanceWeights, mode: 'model' | 'union' = 'union'): TierRun {
  const expected: Labelled[] = [];
  const proposed: Labelled[] = [];
  const queue: Labelled[] = [];
  let possibleCount = 0;
  for (const a of articles) {
    const text = readFileSync(`${EVAL_DIR}${a.file}`, 'utf8');
    for (const d of a.declarations) expected.push({ article: a.file, memberId: d.member_id, stance: d.stance as Stance, date: d.date });
    const r = extractDeclarations(text, roster, { party: a.party, leader: a.leader, published: a.published }, { weights, mode });
    for (const d of r.declarations) {
      proposed.push({ article: a.file, memberId: d.memberId, stance: d.stance, date: d.date });
      queue.push({ article: a.file, memberId: d.memberId, stance: d.stance, date: d.date });
    }
    for (const d of r.possible) queue.push({ article: a.file, memberId: d.memberId, stance: d.stance, date: d.date });
    possibleCount += r.possible.length;
  }
  return { proposed: evaluate(expected, proposed), queue: evaluate(expected, queue), possibleCount, expected: expected.length };
}

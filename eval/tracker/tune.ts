/**
 * Model-side tuning by cross-validation by article (the same seeded folds as `npm run eval:tracker`):
 * each article's rules run is computed once and reused across folds and settings, so a grid of
 * training options and thresholds can be compared quickly. The blind batch is never read.
 * `node --import tsx eval/tracker/tune.ts` (GRID=l2:pw,... PROPOSED=0.75,0.8,... RULES=model score a rule's find needs to stay proposed,
 * MASK=regex of feature names left out)
 * Each line gives the pooled out-of-fold score over all articles and over blind batches 21–3N only ("batches":
 * articles written after the rules, the nearest thing to unseen prose; the same pool as cv-batches.ts).
 */
import { readFileSync } from 'node:fs';
import { loadCommons2019 } from '../../src/data/commons-2019';
import { decideFromRun, runRules, type RulesRun } from '../../src/tracker/extract';
import { evaluate, type Labelled } from '../../src/tracker/evaluate';
import { FEATURE_NAMES } from '../../src/tracker/features';
import { LOGISTIC_TRAIN_OPTIONS as DEFAULT_TRAIN_OPTIONS, type StanceWeights, type TrainOptions } from '../../src/tracker/model';
import type { Stance } from '../../src/tracker/types';
import { CV_SEED } from './cv';
import { EVAL_DIR, loadLabels, type LabelledArticle } from './dataset';
import { examplesOf, seededShuffle, trainWeights, type ArticleExamples } from './model-data';

const roster = loadCommons2019();
const articles = loadLabels().filter((a) => a.split !== 'blind');
const t0 = performance.now();
const runs = new Map<string, RulesRun>();
const data = new Map<string, ArticleExamples>();
for (const a of articles) {
  runs.set(a.file, runRules(readFileSync(`${EVAL_DIR}${a.file}`, 'utf8'), roster, { party: a.party, leader: a.leader, published: a.published }));
  data.set(a.file, examplesOf(a, roster));
}
// Feature ablation: the named columns are zeroed before training, so their weights stay exactly 0.
if (process.env.MASK) {
  const mask = new RegExp(process.env.MASK);
  const cols = FEATURE_NAMES.flatMap((n, j) => (mask.test(n) ? [j] : []));
  console.log(`masked ${cols.length} features matching ${mask}`);
  for (const d of data.values()) for (const e of d.examples) {
    e.x = Float64Array.from(e.x);
    for (const j of cols) e.x[j] = 0;
  }
}
const isBatch = (file: string) => /^heldout\/(2[1-9]|3\d)\d\d-/.test(file);
console.log(`prepared ${articles.length} articles in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

function foldsOf(list: readonly LabelledArticle[], k: number, seed: number): LabelledArticle[][] {
  const folds: LabelledArticle[][] = Array.from({ length: k }, () => []);
  seededShuffle(list, seed).forEach((a, i) => folds[i % k]!.push(a));
  return folds;
}

function score(test: readonly LabelledArticle[], weights: StanceWeights) {
  const expected: Labelled[] = [];
  const proposed: Labelled[] = [];
  const queue: Labelled[] = [];
  let possible = 0;
  for (const a of test) {
    for (const d of a.declarations) expected.push({ article: a.file, memberId: d.member_id, stance: d.stance as Stance, date: d.date });
    const r = decideFromRun(runs.get(a.file)!, roster, { party: a.party, leader: a.leader, published: a.published }, { weights });
    for (const d of r.declarations) proposed.push({ article: a.file, memberId: d.memberId, stance: d.stance, date: d.date }), queue.push({ article: a.file, memberId: d.memberId, stance: d.stance, date: d.date });
    for (const d of r.possible) queue.push({ article: a.file, memberId: d.memberId, stance: d.stance, date: d.date });
    possible += r.possible.length;
  }
  const p = evaluate(expected, proposed).overall;
  const q = evaluate(expected, queue).overall;
  return { tp: p.tp, fp: p.fp, fn: p.fn, qtp: q.tp, possible, expected: expected.length };
}

const grid = (process.env.GRID ?? `${DEFAULT_TRAIN_OPTIONS.l2}:${DEFAULT_TRAIN_OPTIONS.positiveWeight}`).split(',').map((g) => {
  const [l2, pw, ep] = g.split(':').map(Number);
  const base = { ...DEFAULT_TRAIN_OPTIONS, l2: l2!, positiveWeight: pw!, epochs: ep || DEFAULT_TRAIN_OPTIONS.epochs } as TrainOptions;
  // NET=hidden:learningRate: the network learner (model.ts) instead of the regressions.
  if (!process.env.NET) return base;
  const [hidden, lr] = process.env.NET.split(':').map(Number);
  return { ...base, learner: 'network', hiddenUnits: hidden!, learningRate: lr! } as TrainOptions;
});
const thresholds = (process.env.PROPOSED ?? '0.8').split(',').map(Number);
const seed = Number(process.env.SEED ?? CV_SEED);
console.log(`folds: 5 by article, seed ${seed}`);
const folds = foldsOf(articles, 5, seed);
for (const opt of grid) {
  const t1 = performance.now();
  const ws = folds.map((_, f) => trainWeights(folds.filter((__, g) => g !== f).flat().map((a) => data.get(a.file)!), opt));
  for (const th of thresholds) {
    const tot = { tp: 0, fp: 0, fn: 0, qtp: 0, possible: 0, expected: 0 };
    const bat = { ...tot };
    folds.forEach((test, f) => {
      const w = { ...ws[f]!, thresholds: { ...ws[f]!.thresholds, proposed: th, possible: Number(process.env.POSSIBLE ?? ws[f]!.thresholds.possible), rules: Number(process.env.RULES ?? ws[f]!.thresholds.rules ?? 0) } };
      const r = score(test, w);
      for (const k of Object.keys(tot) as Array<keyof typeof tot>) tot[k] += r[k];
      const rb = score(test.filter((a) => isBatch(a.file)), w);
      for (const k of Object.keys(bat) as Array<keyof typeof bat>) bat[k] += rb[k];
    });
    const line = (t: typeof tot) => `P ${(100 * t.tp / (t.tp + t.fp)).toFixed(1)} R ${(100 * t.tp / t.expected).toFixed(1)} (tp ${t.tp} fp ${t.fp} fn ${t.fn}) queue ${(100 * t.qtp / t.expected).toFixed(1)} poss/true ${(t.possible / t.expected).toFixed(2)}`;
    console.log(`${process.env.RULES ? `rules>=${process.env.RULES} ` : ''}${opt.learner === 'network' ? `net h=${opt.hiddenUnits} lr=${opt.learningRate} ` : ''}l2=${opt.l2} pw=${opt.positiveWeight} ep=${opt.epochs} th=${th}: all ${line(tot)} | batches ${line(bat)}  [${((performance.now() - t1) / 1000).toFixed(0)} s]`);
  }
}

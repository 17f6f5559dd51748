/**
 * Per-stance proposed thresholds chosen by NESTED cross-validation by article. The outer folds are the reporting
 * folds of `npm run eval:tracker` (5, seed 20220606); inside each outer training set, 4 inner folds give
 * out-of-fold scores, and per stance the threshold that maximises tp - K·fp on them is chosen (K=19: an item is
 * proposed when it is right at least 95% of the time at the margin; K from env). The outer test fold is then
 * scored with the outer model and those thresholds, so no threshold ever saw its test articles.
 * Compared, on the same outer folds: the single global threshold of the bundled settings.
 * `node --import tsx eval/tracker/nested.ts` (K=4,9,19)
 */
import { readFileSync } from 'node:fs';
import { loadCommons2019 } from '../../src/data/commons-2019';
import { decideFromRun, runRules, type RulesRun } from '../../src/tracker/extract';
import { evaluate, type Labelled } from '../../src/tracker/evaluate';
import { DEFAULT_THRESHOLDS, type StanceWeights } from '../../src/tracker/model';
import { STANCES, type Stance } from '../../src/tracker/types';
import { CV_SEED } from './cv';
import { EVAL_DIR, loadLabels, type LabelledArticle } from './dataset';
import { examplesOf, seededShuffle, trainWeights, type ArticleExamples } from './model-data';

const roster = loadCommons2019();
const articles = loadLabels().filter((a) => a.split !== 'blind');
const runs = new Map<string, RulesRun>();
const data = new Map<string, ArticleExamples>();
for (const a of articles) {
  runs.set(a.file, runRules(readFileSync(`${EVAL_DIR}${a.file}`, 'utf8'), roster, { party: a.party, leader: a.leader, published: a.published }));
  data.set(a.file, examplesOf(a, roster));
}
const isBatch = (file: string) => /^heldout\/(2[1-9]|3\d)\d\d-/.test(file);

function foldsOf(list: readonly LabelledArticle[], k: number, seed: number): LabelledArticle[][] {
  const folds: LabelledArticle[][] = Array.from({ length: k }, () => []);
  seededShuffle(list, seed).forEach((a, i) => folds[i % k]!.push(a));
  return folds;
}

interface Item extends Labelled {
  score: number;
  rules: boolean;
  truth: boolean;
}

/** Every item the extractor outputs (proposed at any score, plus possible), with its score and whether it is true. */
function itemsOf(test: readonly LabelledArticle[], weights: StanceWeights): { items: Item[]; expected: Labelled[] } {
  const w = { ...weights, thresholds: { ...weights.thresholds, proposed: weights.thresholds.possible } };
  const items: Item[] = [];
  const expected: Labelled[] = [];
  for (const a of test) {
    const truth = new Set(a.declarations.map((d) => `${d.member_id}|${d.stance}`));
    for (const d of a.declarations) expected.push({ article: a.file, memberId: d.member_id, stance: d.stance as Stance, date: d.date });
    const r = decideFromRun(runs.get(a.file)!, roster, { party: a.party, leader: a.leader, published: a.published }, { weights: w });
    for (const d of [...r.declarations, ...r.possible]) {
      items.push({ article: a.file, memberId: d.memberId, stance: d.stance, date: d.date, score: d.score ?? 0, rules: d.source === 'rules' && r.declarations.includes(d), truth: truth.has(`${d.memberId}|${d.stance}`) });
    }
  }
  return { items, expected };
}

const GRID = Array.from({ length: 40 }, (_, i) => 0.5 + i * 0.0125);
function chooseThresholds(items: readonly Item[], k: number, fallback: number): Record<Stance, number> {
  const out = {} as Record<Stance, number>;
  for (const s of STANCES) {
    const mine = items.filter((i) => i.stance === s && !i.rules);
    let best = fallback;
    let bestGain = -Infinity;
    for (const t of GRID) {
      let gain = 0;
      for (const i of mine) if (i.score >= t) gain += i.truth ? 1 : -k;
      // Ties go to the threshold nearest the global one (few examples: do not move without evidence).
      if (gain > bestGain || (gain === bestGain && Math.abs(t - fallback) < Math.abs(best - fallback))) {
        bestGain = gain;
        best = t;
      }
    }
    out[s] = mine.length ? best : fallback;
  }
  return out;
}

function scoreWith(items: readonly Item[], expected: readonly Labelled[], th: (s: Stance) => number) {
  const proposed = items.filter((i) => i.rules || i.score >= th(i.stance));
  const p = evaluate([...expected], proposed).overall;
  const q = evaluate([...expected], [...items]).overall;
  return { tp: p.tp, fp: p.fp, fn: p.fn, qtp: q.tp, possible: items.length - proposed.length, expected: expected.length };
}

const Ks = (process.env.K ?? '4,9,19').split(',').map(Number);
const outer = foldsOf(articles, 5, CV_SEED);
const zero = () => ({ tp: 0, fp: 0, fn: 0, qtp: 0, possible: 0, expected: 0 });
const totals = new Map<string, { all: ReturnType<typeof zero>; batches: ReturnType<typeof zero> }>();
const add = (name: string, all: ReturnType<typeof zero>, batches: ReturnType<typeof zero>) => {
  const t = totals.get(name) ?? { all: zero(), batches: zero() };
  for (const key of Object.keys(all) as Array<keyof typeof all>) (t.all[key] += all[key]), (t.batches[key] += batches[key]);
  totals.set(name, t);
};
const t0 = performance.now();
outer.forEach((test, f) => {
  const train = outer.filter((_, g) => g !== f).flat();
  const weights = trainWeights(train.map((a) => data.get(a.file)!));
  const inner = foldsOf(train, 4, CV_SEED + 1 + f);
  const innerItems: Item[] = [];
  inner.forEach((itest, g) => {
    const w = trainWeights(inner.filter((_, h) => h !== g).flat().map((a) => data.get(a.file)!));
    innerItems.push(...itemsOf(itest, w).items);
  });
  const all = itemsOf(test, weights);
  const bat = itemsOf(test.filter((a) => isBatch(a.file)), weights);
  add('global', scoreWith(all.items, all.expected, () => DEFAULT_THRESHOLDS.proposed), scoreWith(bat.items, bat.expected, () => DEFAULT_THRESHOLDS.proposed));
  for (const k of Ks) {
    const th = chooseThresholds(innerItems, k, DEFAULT_THRESHOLDS.proposed);
    console.log(`fold ${f} K=${k}: ${STANCES.map((s) => `${s} ${th[s].toFixed(3)}`).join(', ')}`);
    add(`nested K=${k}`, scoreWith(all.items, all.expected, (s) => th[s]), scoreWith(bat.items, bat.expected, (s) => th[s]));
  }
  console.log(`outer fold ${f} done [${((performance.now() - t0) / 1000).toFixed(0)} s]`);
});
const line = (t: ReturnType<typeof zero>) => `P ${(100 * t.tp / (t.tp + t.fp)).toFixed(1)} R ${(100 * t.tp / t.expected).toFixed(1)} (tp ${t.tp} fp ${t.fp} fn ${t.fn}) queue ${(100 * t.qtp / t.expected).toFixed(1)} poss/true ${(t.possible / t.expected).toFixed(2)}`;
for (const [name, t] of totals) console.log(`${name.padEnd(12)} all ${line(t.all)} | batches ${line(t.batches)}`);

/**
 * k-fold cross-validation of the stance model BY ARTICLE: each fold's articles are scored with
 * weights trained on the other folds only. Folds come from a seeded shuffle, so runs repeat.
 */
import type { Roster } from '../../src/domain/roster/types';
import type { EvaluationReport } from '../../src/tracker/evaluate';
import { STANCES, type Stance } from '../../src/tracker/types';
import type { LabelledArticle } from './dataset';
import { examplesOf, scoreTiers, seededShuffle, trainWeights, type TierRun } from './model-data';

export const CV_SEED = 20220606;

export function crossValidate(articles: readonly LabelledArticle[], roster: Roster, k = 5, seed = CV_SEED): TierRun[] {
  const data = new Map(articles.map((a) => [a.file, examplesOf(a, roster)]));
  const order = seededShuffle(articles, seed);
  const folds: LabelledArticle[][] = Array.from({ length: k }, () => []);
  order.forEach((a, i) => folds[i % k]!.push(a));
  return folds.map((test, f) => {
    const train = folds.filter((_, g) => g !== f).flat();
    const weights = trainWeights(train.map((a) => data.get(a.file)!));
    return scoreTiers(test, roster, weights);
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const sd = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Per stance: pooled counts over the folds, and the mean ± standard deviation of each fold's P, R, F1. */
export function formatCrossValidation(runs: TierRun[], pick: (r: TierRun) => EvaluationReport, title: string): string {
  const lines = [`${title.padEnd(20)} ${'tp'.padStart(4)} ${'fp'.padStart(4)} ${'fn'.padStart(4)}   precision (mean ± sd)   recall (mean ± sd)      F1 (mean ± sd)`];
  const row = (name: string, get: (r: EvaluationReport) => { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number }) => {
    const scores = runs.map((r) => get(pick(r)));
    const tp = scores.reduce((a, s) => a + s.tp, 0);
    const fp = scores.reduce((a, s) => a + s.fp, 0);
    const fn = scores.reduce((a, s) => a + s.fn, 0);
    if (tp + fp + fn === 0) return;
    const active = scores.filter((s) => s.tp + s.fp + s.fn > 0);
    const cell = (xs: number[]) => `${pct(mean(xs)).padStart(6)} ± ${pct(sd(xs)).padStart(5)}`.padEnd(22);
    lines.push(`${name.padEnd(20)} ${String(tp).padStart(4)} ${String(fp).padStart(4)} ${String(fn).padStart(4)}   ${cell(active.map((s) => s.precision))}  ${cell(active.map((s) => s.recall))}  ${cell(active.map((s) => s.f1))}`);
  };
  for (const s of STANCES) row(s, (r) => r.byStance[s as Stance]);
  row('OVERALL', (r) => r.overall);
  return lines.join('\n');
}

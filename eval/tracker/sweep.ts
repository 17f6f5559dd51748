/**
 * Chooses the stance model's thresholds by cross-validation (never on a blind batch): trains the
 * five folds once, then scores every (proposed, rules, possible) triple and prints pooled precision and recall.
 * `node --import tsx eval/tracker/sweep.ts`. The chosen pair goes into DEFAULT_THRESHOLDS (model.ts).
 */
import { loadCommons2019 } from '../../src/data/commons-2019';
import { loadLabels, type LabelledArticle } from './dataset';
import { CV_SEED } from './cv';
import { examplesOf, scoreTiers, seededShuffle, trainWeights } from './model-data';
import { DEFAULT_TRAIN_OPTIONS } from '../../src/tracker/model';

const roster = loadCommons2019();
const articles = loadLabels().filter((a) => a.split !== 'blind');
const data = new Map(articles.map((a) => [a.file, examplesOf(a, roster)]));
const order = seededShuffle(articles, CV_SEED);
const folds: LabelledArticle[][] = Array.from({ length: 5 }, () => []);
order.forEach((a, i) => folds[i % 5]!.push(a));
// Hyper-parameters to try: EPOCHS, LR, L2, POSW in the environment (defaults: DEFAULT_TRAIN_OPTIONS).
const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const options = { ...DEFAULT_TRAIN_OPTIONS, epochs: env('EPOCHS', DEFAULT_TRAIN_OPTIONS.epochs), learningRate: env('LR', DEFAULT_TRAIN_OPTIONS.learningRate), l2: env('L2', DEFAULT_TRAIN_OPTIONS.l2), positiveWeight: env('POSW', DEFAULT_TRAIN_OPTIONS.positiveWeight) };
console.log(JSON.stringify(options));
const weights = folds.map((_, f) => trainWeights(folds.filter((__, g) => g !== f).flat().map((a) => data.get(a.file)!), options));
console.log('proposed rules possible   tp   fp   fn  precision  recall  queue-recall possible/true');
const list = (k: string, d: number[]) => (process.env[k] ? process.env[k]!.split(',').map(Number) : d);
for (const proposed of list('PROPOSED', [0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9])) {
  for (const rules of list('RULES', [0, 0.1, 0.2, 0.3, 0.4])) for (const possibleAt of list('POSSIBLE', [0])) {
    let tp = 0, fp = 0, fn = 0, qtp = 0, possible = 0, expected = 0;
    folds.forEach((test, f) => {
      const r = scoreTiers(test, roster, { ...weights[f]!, thresholds: { proposed, possible: possibleAt, rules } });
      tp += r.proposed.overall.tp; fp += r.proposed.overall.fp; fn += r.proposed.overall.fn;
      qtp += r.queue.overall.tp; possible += r.possibleCount; expected += r.expected;
    });
    console.log(`${proposed.toFixed(2).padStart(8)} ${rules.toFixed(1).padStart(5)} ${possibleAt.toFixed(3).padStart(8)} ${String(tp).padStart(4)} ${String(fp).padStart(4)} ${String(fn).padStart(4)}  ${((100 * tp) / (tp + fp)).toFixed(1).padStart(8)}% ${((100 * tp) / (tp + fn)).toFixed(1).padStart(6)}%  ${((100 * qtp) / expected).toFixed(1).padStart(10)}%  ${(possible / expected).toFixed(2)}`);
  }
}

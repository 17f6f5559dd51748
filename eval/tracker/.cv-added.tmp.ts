// Like-for-like: the same k folds of the OLDER articles (all but the added prefix), the added articles only joined to every training fold.
import { loadCommons2019 } from '../../src/data/commons-2019';
import { loadLabels, type LabelledArticle } from './dataset';
import { CV_SEED, formatCrossValidation } from './cv';
import { examplesOf, scoreTiers, seededShuffle, trainWeights } from './model-data';
const added = new RegExp(process.env.ADDED ?? '^train/t(15[1-9]|16\\d|170)-');
const withAdded = process.env.WITH === '1';
const seed = Number(process.env.SEED ?? CV_SEED);
const roster = loadCommons2019();
const all = loadLabels().filter((a) => a.split !== 'blind');
const older = all.filter((a) => !added.test(a.file));
const extra = all.filter((a) => added.test(a.file));
const data = new Map(all.map((a) => [a.file, examplesOf(a, roster)]));
const folds: LabelledArticle[][] = Array.from({ length: 5 }, () => []);
seededShuffle(older, seed).forEach((a, i) => folds[i % 5]!.push(a));
const runs = folds.map((test, f) => {
  const train = [...folds.filter((_, g) => g !== f).flat(), ...(withAdded ? extra : [])];
  const w = trainWeights(train.map((a) => data.get(a.file)!));
  return { run: scoreTiers(test, roster, w), batch: scoreTiers(test.filter((a) => /^heldout\/(2[1-9]|3\d)\d\d-/.test(a.file)), roster, w) };
});
console.log(`older ${older.length}, added ${extra.length} (${withAdded ? 'in every training fold' : 'not used'}), seed ${seed}`);
console.log(formatCrossValidation(runs.map((r) => r.run), (r) => r.proposed, 'PROPOSED'));
const q = runs.reduce((s, r) => ({ tp: s.tp + r.run.queue.overall.tp, poss: s.poss + r.run.possibleCount, exp: s.exp + r.run.expected }), { tp: 0, poss: 0, exp: 0 });
console.log(`queue recall ${(100 * q.tp / q.exp).toFixed(1)}%, possible per true ${(q.poss / q.exp).toFixed(2)}`);
const b = runs.reduce((s, r) => ({ tp: s.tp + r.batch.proposed.overall.tp, fp: s.fp + r.batch.proposed.overall.fp, qtp: s.qtp + r.batch.queue.overall.tp, exp: s.exp + r.batch.expected }), { tp: 0, fp: 0, qtp: 0, exp: 0 });
console.log(`batches 21-35 out of fold: ${b.tp} found, ${b.fp} false, ${b.exp - b.tp} missed: ${(100 * b.tp / (b.tp + b.fp)).toFixed(1)}% / ${(100 * b.tp / b.exp).toFixed(1)}%, queue ${(100 * b.qtp / b.exp).toFixed(1)}%`);

/**
 * Out-of-fold scores per blind batch: the same five folds by article as `npm run eval:tracker` (seed 20220606),
 * each article scored with weights trained on the other folds only, then pooled per batch (heldout/21xx … 3Nxx).
 * A batch's first, blind score is in the README tables; this is what the current code gives it without having
 * trained on that article (the other articles of its batch may be in training). `node --import tsx eval/tracker/cv-batches.ts`
 */
import { loadCommons2019 } from '../../src/data/commons-2019';
import { loadLabels, type LabelledArticle } from './dataset';
import { CV_SEED } from './cv';
import { examplesOf, scoreTiers, seededShuffle, trainWeights } from './model-data';

const roster = loadCommons2019();
const articles = loadLabels().filter((a) => a.split !== 'blind');
const data = new Map(articles.map((a) => [a.file, examplesOf(a, roster)]));
const folds: LabelledArticle[][] = Array.from({ length: 5 }, () => []);
seededShuffle(articles, CV_SEED).forEach((a, i) => folds[i % 5]!.push(a));
const weights = folds.map((_, f) => trainWeights(folds.filter((__, g) => g !== f).flat().map((a) => data.get(a.file)!)));
const batches = [...new Set(articles.map((a) => /^heldout\/(2[1-9]|3\d)\d\d-/.exec(a.file)?.[1]).filter((b): b is string => !!b))].sort();
const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);
console.log('batch  decl   tp   fp   fn  precision  recall  queue-recall possible/true');
// --misses: every out-of-fold false positive and miss (and whether the queue has it), for reading errors by kind.
const showMisses = process.argv.includes('--misses');
const misses: string[] = [];
const total = { tp: 0, fp: 0, fn: 0, qtp: 0, possible: 0, expected: 0 };
for (const b of [...batches, 'all']) {
  const t = b === 'all' ? total : { tp: 0, fp: 0, fn: 0, qtp: 0, possible: 0, expected: 0 };
  if (b !== 'all') {
    folds.forEach((fold, f) => {
      const test = fold.filter((a) => a.file.startsWith(`heldout/${b}`) && /^heldout\/\d{4}-/.test(a.file));
      if (!test.length) return;
      const r = scoreTiers(test, roster, weights[f]!);
      t.tp += r.proposed.overall.tp; t.fp += r.proposed.overall.fp; t.fn += r.proposed.overall.fn;
      t.qtp += r.queue.overall.tp; t.possible += r.possibleCount; t.expected += r.expected;
      if (showMisses) {
        for (const l of r.proposed.falsePositives) misses.push(`FP ${l.article} ${l.memberId} ${l.stance}`);
        const outOfQueue = new Set(r.queue.falseNegatives.map((l) => `${l.article} ${l.memberId} ${l.stance}`));
        for (const l of r.proposed.falseNegatives) misses.push(`${outOfQueue.has(`${l.article} ${l.memberId} ${l.stance}`) ? 'FN(not in queue)' : 'FN(possible)'} ${l.article} ${l.memberId} ${l.stance}`);
      }
    });
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += t[k];
  }
  console.log(`${b.padEnd(5)} ${String(t.expected).padStart(5)} ${String(t.tp).padStart(4)} ${String(t.fp).padStart(4)} ${String(t.fn).padStart(4)}   ${pct(t.tp / Math.max(1, t.tp + t.fp))}  ${pct(t.tp / Math.max(1, t.expected))}      ${pct(t.qtp / Math.max(1, t.expected))}  ${(t.possible / Math.max(1, t.expected)).toFixed(2)}`);
}
if (showMisses) console.log(misses.join('\n'));

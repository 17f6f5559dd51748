/**
 * `npm run eval:tracker`:
 *  1. 5-fold cross-validation of the stance model BY ARTICLE (seeded folds; no article in both
 *     training and testing), per stance with the spread over folds, for proposed and for
 *     proposed + possible, on every labelled article except the blind batch;
 *  2. with --blind only: the blind batch (split "blind") scored with the bundled weights, which never saw it
 *     (its score is read once, when it is first recorded; every other run leaves it unseen);
 *  3. the regression view: bundled weights on the sets the rules were built on, and the seeds.
 */
import { loadCommons2019 } from '../../src/data/commons-2019';
import { formatReport } from '../../src/tracker/evaluate';
import { bundledStanceWeights } from '../../src/tracker/extract';
import { CV_SEED, crossValidate, formatCrossValidation } from './cv';
import { loadLabels, runEvaluation } from './dataset';
import { scoreTiers } from './model-data';

const roster = loadCommons2019();
const labels = loadLabels();
const trainable = labels.filter((a) => a.split !== 'blind');
const weights = bundledStanceWeights();
console.log(`Stance model: thresholds proposed >= ${weights.thresholds.proposed}, possible >= ${weights.thresholds.possible}; bundled weights trained on ${weights.trainedOn.articles} articles.\n`);

const t0 = performance.now();
const folds = crossValidate(trainable, roster, 5, CV_SEED);
console.log(`5-fold cross-validation by article (${trainable.length} articles, seed ${CV_SEED}, ${((performance.now() - t0) / 1000).toFixed(0)} s):\n`);
console.log(formatCrossValidation(folds, (r) => r.proposed, 'PROPOSED'));
console.log('');
console.log(formatCrossValidation(folds, (r) => r.queue, 'PROPOSED+POSSIBLE'));
const possible = folds.reduce((n, r) => n + r.possibleCount, 0);
const expected = folds.reduce((n, r) => n + r.expected, 0);
console.log(`possible items: ${possible} for ${expected} true declarations (${(possible / expected).toFixed(2)} per true declaration)`);

// The current blind batch (split "blind"): never trained on. Earlier blind batches, once scored and
// analysed, become training data (split "blind-scored"); their first scores stay in the README.
const blind = labels.filter((a) => a.split === 'blind');
let blindRun: ReturnType<typeof scoreTiers> | null = null;
if (blind.length && !process.argv.includes('--blind')) {
  console.log(`\nBlind batch: ${blind.length} articles waiting, not scored (score it once, to record its first score: npm run eval:tracker -- --blind).`);
} else if (blind.length) {
  const b = scoreTiers(blind, roster, weights);
  blindRun = b;
  console.log(`\nBlind batch (${blind.length} articles, never trained on; its first score, the only blind one, is in eval/tracker/README.md):`);
  console.log(formatReport(b.proposed, 'BLIND PROPOSED'));
  console.log(formatReport(b.queue, 'BLIND PROP+POSSIBLE').split('\n').slice(-2).join('\n'));
  console.log(`possible items: ${b.possibleCount} for ${b.expected} true declarations`);
} else console.log('\nNo blind batch waiting (split "blind"): write the next one before changing anything, then score it once.');

const run = runEvaluation(roster);
console.log(`\nRegression (bundled weights, trained on these): ${run.articles} articles the rules were built on, ${run.expected.length} expected declarations`);
console.log(formatReport(run.all, 'OVERALL').split('\n').slice(-2).join('\n'));
console.log(formatReport(run.seeds, 'SEEDS').split('\n').slice(-2).join('\n'));
const show = (title: string, list: typeof run.all.falsePositives) => {
  if (!list.length) return;
  console.log(`\n${title}:`);
  for (const l of list) console.log(`  ${l.article}  ${l.memberId}  ${l.stance}  ${l.date ?? ''}`);
};
if (blindRun) {
  show('Blind false positives', blindRun.proposed.falsePositives);
  show('Blind missed by the queue', blindRun.queue.falseNegatives);
}
show('Regression false positives', run.all.falsePositives);
show('Regression missed', run.all.falseNegatives);

/**
 * Scores one batch of the labelled set (files whose name starts with a prefix or pattern, e.g. `heldout/22` or `heldout/21\\d\\d-`)
 * with the bundled weights: proposed, proposed + possible, the possible count, and every error.
 * Used to record a blind batch's first score: `node --import tsx eval/tracker/score-batch.ts heldout/22`.
 */
import { loadCommons2019 } from '../../src/data/commons-2019';
import { formatReport } from '../../src/tracker/evaluate';
import { bundledStanceWeights } from '../../src/tracker/extract';
import { loadLabels } from './dataset';
import { scoreTiers } from './model-data';

const prefix = process.argv[2] ?? 'heldout/22';
const articles = loadLabels().filter((a) => new RegExp(`^${prefix}`).test(a.file));
const r = scoreTiers(articles, loadCommons2019(), bundledStanceWeights());
console.log(`${articles.length} articles, ${r.expected} declarations (${prefix})`);
console.log(formatReport(r.proposed, 'PROPOSED'));
console.log(formatReport(r.queue, 'PROPOSED+POSSIBLE').split('\n').slice(-2, -1).join('\n'));
console.log(`possible items: ${r.possibleCount} (${(r.possibleCount / Math.max(1, r.expected)).toFixed(2)} per true declaration)`);
for (const l of r.proposed.falsePositives) console.log('FP', l.article, l.memberId, l.stance);
for (const l of r.proposed.falseNegatives) console.log('FN', l.article, l.memberId, l.stance);
for (const l of r.queue.falseNegatives) console.log('QUEUE-MISS', l.article, l.memberId, l.stance);

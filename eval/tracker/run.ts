/** `npm run eval:tracker`: precision, recall and F1 per stance and overall on the labelled set. */
import { loadCommons2019 } from '../../src/data/commons-2019';
import { formatReport } from '../../src/tracker/evaluate';
import { loadLabels, runEvaluation } from './dataset';

const run = runEvaluation(loadCommons2019());
console.log(`Tracker extraction: ${run.articles} labelled articles, ${run.expected.length} expected declarations\n`);
console.log(formatReport(run.all, 'OVERALL'));
const heldout = runEvaluation(loadCommons2019(), loadLabels().filter((a) => a.split === 'heldout'));
console.log(`\nHeld-out batches only (${heldout.articles} articles; see eval/tracker/README.md for their blind first scores):`);
console.log(formatReport(heldout.all, 'HELD-OUT'));
console.log(`\nSeeds only (${run.seeds.overall.tp + run.seeds.overall.fn} expected):`);
console.log(formatReport(run.seeds, 'SEEDS'));
const show = (title: string, list: typeof run.all.falsePositives) => {
  if (!list.length) return;
  console.log(`\n${title}:`);
  for (const l of list) console.log(`  ${l.article}  ${l.memberId}  ${l.stance}  ${l.date ?? ''}`);
};
show('False positives', run.all.falsePositives);
show('Missed', run.all.falseNegatives);

import { loadCommons2019 } from '../../src/data/commons-2019';
import { formatReport } from '../../src/tracker/evaluate';
import { loadLabels, runEvaluation } from '../../eval/tracker/dataset';
const split = process.argv[2]!;
const r = runEvaluation(loadCommons2019(), loadLabels().filter((a) => a.split === split));
console.log(formatReport(r.all, split));
for (const l of r.all.falsePositives) console.log('FP', l.article, l.memberId, l.stance);
for (const l of r.all.falseNegatives) console.log('FN', l.article, l.memberId, l.stance);

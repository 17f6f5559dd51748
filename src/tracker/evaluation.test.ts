/**
 * The labelled set as a regression test: the four seeds must give exactly their README's
 * declarations, and the whole set must stay above the targets in issue 5.
 */
import { describe, expect, it } from 'vitest';
import { loadCommons2019 } from '../data/commons-2019';
import { loadLabels, runEvaluation } from '../../eval/tracker/dataset';

const run = runEvaluation(loadCommons2019());

describe('tracker evaluation set', () => {
  it('has the four seeds and at least 25 written articles', () => {
    const labels = loadLabels();
    expect(labels.filter((a) => a.file.startsWith('seeds/'))).toHaveLength(4);
    expect(labels.filter((a) => !a.file.startsWith('seeds/')).length).toBeGreaterThanOrEqual(25);
  });

  it('finds every seed declaration listed in the seeds README, and nothing else', () => {
    const seedPredictions = run.predicted.filter((p) => p.article.startsWith('seeds/')).map((p) => `${p.article.slice(6, 9)} ${p.memberId} ${p.stance}`);
    expect(seedPredictions.sort()).toEqual(
      [
        '000 christian-wakeford submitted_letter',
        '000 christian-wakeford called_to_resign',
        '000 nadine-dorries backs_leader',
        '001 peter-aldous submitted_letter',
        '001 peter-aldous called_to_resign',
        '002 christian-wakeford defected',
        '003 anna-firth withdrew_support',
        '003 rishi-sunak resigned_post',
        '003 sajid-javid resigned_post',
      ].sort(),
    );
  });

  it('dates the seed declarations as the articles do', () => {
    const dated = Object.fromEntries(run.predicted.filter((p) => p.article.startsWith('seeds/003')).map((p) => [p.memberId, p.date]));
    expect(dated).toEqual({ 'anna-firth': '2022-07-06', 'rishi-sunak': '2022-07-05', 'sajid-javid': '2022-07-05' });
  });

  it('meets the overall targets: precision >= 0.95, recall >= 0.9', () => {
    expect(run.all.overall.precision).toBeGreaterThanOrEqual(0.95);
    expect(run.all.overall.recall).toBeGreaterThanOrEqual(0.9);
  });
});

/**
 * Out-of-fold decisions of every labelled article (the blind batch excepted) written as JSON, for reading errors and
 * for checking a post-decision filter offline: the same five folds by article as `npm run eval:tracker` (seed 20220606).
 * Each proposed and possible item carries its evidence, score, source, whether a label matches it, and the offsets of
 * the member's mentions in its first evidence sentence. `node --import tsx eval/tracker/cv-dump.ts OUT.json`
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadCommons2019 } from '../../src/data/commons-2019';
import { decideFromRun, runRules, type RulesRun } from '../../src/tracker/extract';
import { CV_SEED } from './cv';
import { EVAL_DIR, loadLabels, type LabelledArticle } from './dataset';
import { examplesOf, seededShuffle, trainWeights, type ArticleExamples } from './model-data';

const out = process.argv[2] ?? 'cv-dump.json';
const roster = loadCommons2019();
const articles = loadLabels().filter((a) => a.split !== 'blind');
const runs = new Map<string, RulesRun>();
const data = new Map<string, ArticleExamples>();
for (const a of articles) {
  const run = runRules(readFileSync(`${EVAL_DIR}${a.file}`, 'utf8'), roster, { party: a.party, leader: a.leader, published: a.published });
  runs.set(a.file, run);
  data.set(a.file, examplesOf(a, roster, run));
}
const folds: LabelledArticle[][] = Array.from({ length: 5 }, () => []);
seededShuffle(articles, CV_SEED).forEach((a, i) => folds[i % 5]!.push(a));
const rows: unknown[] = [];
folds.forEach((fold, f) => {
  const weights = trainWeights(folds.filter((_, g) => g !== f).flat().map((a) => data.get(a.file)!));
  for (const a of fold) {
    const run = runs.get(a.file)!;
    const r = decideFromRun(run, roster, { party: a.party, leader: a.leader, published: a.published }, { weights });
    const labels = new Set(a.declarations.map((d) => `${d.member_id}|${d.stance}`));
    const seen = new Set<string>();
    const item = (tier: string) => (d: (typeof r.declarations)[number]) => {
      seen.add(`${d.memberId}|${d.stance}`);
      const s = run.doc.sentences.find((x) => run.doc.original.slice(x.start, x.end).trim() === d.evidence[0]);
      const inside = s ? run.doc.mentions.filter((m) => m.start >= s.start && m.end <= s.end && m.entity) : [];
      const at = inside.filter((m) => m.entity!.memberId === d.memberId).map((m) => [m.start - s!.start, m.end - s!.start]);
      const others = inside.filter((m) => m.entity!.memberId !== d.memberId && !m.entity!.isLeader).map((m) => [m.start - s!.start, m.end - s!.start]);
      return { file: a.file, tier, memberId: d.memberId, person: d.person, stance: d.stance, score: d.score, source: d.source, tp: labels.has(`${d.memberId}|${d.stance}`), evidence: d.evidence, sentence: s ? run.doc.text.slice(s.start, s.end) : null, at, others };
    };
    rows.push(...r.declarations.map(item('proposed')), ...r.possible.map(item('possible')));
    for (const d of a.declarations) if (!seen.has(`${d.member_id}|${d.stance}`)) rows.push({ file: a.file, tier: 'missed', memberId: d.member_id, stance: d.stance, tp: true });
  }
});
writeFileSync(out, JSON.stringify(rows, null, 1));
console.log(`wrote ${rows.length} rows to ${out}`);

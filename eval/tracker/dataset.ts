/**
 * The labelled set (eval/tracker/labels.json) and running the extractor over it. Shared by
 * `npm run eval:tracker` and the test that keeps the targets from regressing.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Roster } from '../../src/domain/roster/types';
import { evaluate, type EvaluationReport, type Labelled } from '../../src/tracker/evaluate';
import { extractDeclarations } from '../../src/tracker/extract';
import { isStance } from '../../src/tracker/types';

export const EVAL_DIR = fileURLToPath(new URL('./', import.meta.url));

export interface LabelledArticle {
  file: string;
  published: string;
  outlet: string;
  party: string;
  leader: string;
  traps: string[];
  notes: string;
  /** 'heldout' for the batches written after the rules and scored blind once; 'train' for the model; 'blind' for the batch not yet trained on; 'blind-scored' for earlier blind batches, scored once, then trained on (see README). */
  split?: string;
  declarations: Array<{ member_id: string; stance: string; date: string }>;
}

export function loadLabels(): LabelledArticle[] {
  const raw = JSON.parse(readFileSync(`${EVAL_DIR}labels.json`, 'utf8')) as { articles: LabelledArticle[] };
  for (const a of raw.articles) for (const d of a.declarations) if (!isStance(d.stance)) throw new Error(`${a.file}: unknown stance ${d.stance}`);
  return raw.articles;
}

export interface EvaluationRun {
  all: EvaluationReport;
  seeds: EvaluationReport;
  articles: number;
  expected: Labelled[];
  predicted: Labelled[];
}

/** Splits the hand-written rules were built on (seeds, articles, heldout); 'train', 'blind-scored' (earlier blind batches, now trained on) and 'blind' are the learned model's. */
export const RULE_SPLITS: ReadonlyArray<string | undefined> = [undefined, 'heldout'];

export function runEvaluation(roster: Roster, articles = loadLabels().filter((a) => RULE_SPLITS.includes(a.split))): EvaluationRun {
  const expected: Labelled[] = [];
  const predicted: Labelled[] = [];
  for (const a of articles) {
    const text = readFileSync(`${EVAL_DIR}${a.file}`, 'utf8');
    for (const d of a.declarations) expected.push({ article: a.file, memberId: d.member_id, stance: d.stance as Labelled['stance'], date: d.date });
    const result = extractDeclarations(text, roster, { party: a.party, leader: a.leader, published: a.published });
    for (const d of result.declarations) predicted.push({ article: a.file, memberId: d.memberId, stance: d.stance, date: d.date });
  }
  const isSeed = (l: Labelled) => l.article.startsWith('seeds/');
  return {
    all: evaluate(expected, predicted),
    seeds: evaluate(expected.filter(isSeed), predicted.filter(isSeed)),
    articles: articles.length,
    expected,
    predicted,
  };
}

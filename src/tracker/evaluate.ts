/**
 * Scoring extraction against labels. A prediction matches a label when article, member and stance
 * agree (dates are scored separately: a right person and stance with a wrong day is still found,
 * but the date accuracy shows it).
 */
import { STANCES, type Stance } from './types';

export interface Labelled {
  article: string;
  memberId: string;
  stance: Stance;
  date: string | null;
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvaluationReport {
  overall: Score;
  byStance: Record<Stance, Score>;
  /** Of the true positives, how many have the labelled date. */
  dateAccuracy: number;
  falsePositives: Labelled[];
  falseNegatives: Labelled[];
}

function score(tp: number, fp: number, fn: number): Score {
  // With nothing predicted and nothing expected, the rules are perfectly right, not undefined.
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

const keyOf = (l: Labelled) => `${l.article}\u0000${l.memberId}\u0000${l.stance}`;

export function evaluate(expected: Labelled[], predicted: Labelled[]): EvaluationReport {
  const gold = new Map(expected.map((l) => [keyOf(l), l]));
  const pred = new Map(predicted.map((l) => [keyOf(l), l]));
  const counts = new Map<Stance, { tp: number; fp: number; fn: number }>(STANCES.map((s) => [s, { tp: 0, fp: 0, fn: 0 }]));
  const falsePositives: Labelled[] = [];
  const falseNegatives: Labelled[] = [];
  let datesRight = 0;
  let tpTotal = 0;
  for (const [k, p] of pred) {
    const g = gold.get(k);
    if (g) {
      counts.get(p.stance)!.tp++;
      tpTotal++;
      if (g.date === p.date) datesRight++;
    } else {
      counts.get(p.stance)!.fp++;
      falsePositives.push(p);
    }
  }
  for (const [k, g] of gold) {
    if (!pred.has(k)) {
      counts.get(g.stance)!.fn++;
      falseNegatives.push(g);
    }
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const byStance = {} as Record<Stance, Score>;
  for (const [s, c] of counts) {
    byStance[s] = score(c.tp, c.fp, c.fn);
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
  }
  return { overall: score(tp, fp, fn), byStance, dateAccuracy: tpTotal ? datesRight / tpTotal : 1, falsePositives, falseNegatives };
}

export function formatReport(report: EvaluationReport, title = 'overall'): string {
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`.padStart(7);
  const rows = [`${'stance'.padEnd(22)} ${'tp'.padStart(4)} ${'fp'.padStart(4)} ${'fn'.padStart(4)} ${'prec'.padStart(7)} ${'recall'.padStart(7)} ${'F1'.padStart(7)}`];
  const line = (name: string, s: Score) => `${name.padEnd(22)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)} ${pct(s.precision)} ${pct(s.recall)} ${pct(s.f1)}`;
  for (const s of STANCES) {
    const sc = report.byStance[s];
    if (sc.tp + sc.fp + sc.fn > 0) rows.push(line(s, sc));
  }
  rows.push(line(title, report.overall));
  rows.push(`date accuracy on found declarations: ${pct(report.dateAccuracy).trim()}`);
  return rows.join('\n');
}

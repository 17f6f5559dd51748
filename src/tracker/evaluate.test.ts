import { describe, expect, it } from 'vitest';
import { evaluate, formatReport, type Labelled } from './evaluate';

const l = (article: string, memberId: string, stance: Labelled['stance'], date: string | null = '2022-01-01'): Labelled => ({ article, memberId, stance, date });

describe('evaluate', () => {
  it('matches on article, member and stance, and scores dates apart', () => {
    const gold = [l('a', 'x', 'submitted_letter'), l('a', 'y', 'backs_leader'), l('b', 'x', 'defected')];
    const pred = [l('a', 'x', 'submitted_letter', '2022-01-02'), l('a', 'y', 'called_to_resign'), l('b', 'x', 'defected')];
    const r = evaluate(gold, pred);
    expect(r.overall.tp).toBe(2);
    expect(r.overall.fp).toBe(1);
    expect(r.overall.fn).toBe(1);
    expect(r.overall.precision).toBeCloseTo(2 / 3);
    expect(r.byStance.backs_leader.recall).toBe(0);
    expect(r.byStance.called_to_resign.precision).toBe(0);
    expect(r.dateAccuracy).toBe(0.5);
    expect(r.falsePositives).toEqual([l('a', 'y', 'called_to_resign')]);
  });

  it('counts nothing predicted for nothing expected as perfect', () => {
    const r = evaluate([], []);
    expect(r.overall.precision).toBe(1);
    expect(r.overall.recall).toBe(1);
  });

  it('prints one row per stance seen and the overall row', () => {
    const text = formatReport(evaluate([l('a', 'x', 'defected')], [l('a', 'x', 'defected')]));
    expect(text).toMatch(/defected .* 100\.0%/);
    expect(text).toMatch(/overall/);
    expect(text).not.toMatch(/backs_leader/);
  });
});

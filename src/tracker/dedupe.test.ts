import { describe, expect, it } from 'vitest';
import { mergeAcrossArticles } from './dedupe';
import type { ExtractedDeclaration } from './types';

const decl = (memberId: string, stance: ExtractedDeclaration['stance'], date: string, evidence = `${memberId} ${stance} ${date}`): ExtractedDeclaration => ({
  memberId,
  person: memberId,
  stance,
  date,
  evidence: [evidence],
  confidence: 0.8,
  score: 0.8,
  source: 'rules',
});
const src = (source: string, published: string) => ({ source, outlet: source.toUpperCase(), published });

describe('mergeAcrossArticles', () => {
  it('makes one declaration with several sources when outlets report it within a few days', () => {
    const merged = mergeAcrossArticles([
      { declaration: decl('peter-aldous', 'submitted_letter', '2022-02-03'), source: src('journal', '2022-02-03') },
      { declaration: decl('peter-aldous', 'submitted_letter', '2022-02-01'), source: src('bbc', '2022-02-01') },
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.date).toBe('2022-02-01');
    expect(merged[0]!.sources.map((s) => s.source)).toEqual(['bbc', 'journal']);
  });

  it('keeps different stances, different members and far-apart reports separate', () => {
    const merged = mergeAcrossArticles([
      { declaration: decl('andrew-bridgen', 'submitted_letter', '2022-01-10'), source: src('a', '2022-01-10') },
      { declaration: decl('andrew-bridgen', 'submitted_letter', '2022-05-30'), source: src('b', '2022-05-30') },
      { declaration: decl('andrew-bridgen', 'withdrew_letter', '2022-05-30'), source: src('b', '2022-05-30') },
      { declaration: decl('gary-streeter', 'submitted_letter', '2022-01-10'), source: src('a', '2022-01-10') },
    ]);
    expect(merged).toHaveLength(4);
  });

  it('does not count one article twice', () => {
    const merged = mergeAcrossArticles([
      { declaration: decl('x', 'backs_leader', '2022-01-10', 'one'), source: src('a', '2022-01-10') },
      { declaration: decl('x', 'backs_leader', '2022-01-10', 'two'), source: src('a', '2022-01-10') },
    ]);
    expect(merged[0]!.sources).toHaveLength(1);
    expect(merged[0]!.sources[0]!.evidence).toEqual(['one', 'two']);
  });
});

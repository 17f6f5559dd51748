/**
 * Across articles: the same member taking the same stance, reported by several outlets within a
 * few days, is one declaration with several sources (dated by the earliest report).
 */
import { addDays } from '../domain/dates';
import type { ExtractedDeclaration, Stance } from './types';

export interface ArticleSource {
  /** File name or address. */
  source: string;
  outlet: string | null;
  published: string | null;
}

export interface SourcedDeclaration {
  memberId: string;
  person: string;
  stance: Stance;
  date: string | null;
  confidence: number;
  sources: Array<ArticleSource & { evidence: string[] }>;
}

export const DEFAULT_DEDUPE_WINDOW_DAYS = 4;

export function mergeAcrossArticles(
  items: Array<{ declaration: ExtractedDeclaration; source: ArticleSource }>,
  windowDays = DEFAULT_DEDUPE_WINDOW_DAYS,
): SourcedDeclaration[] {
  // Earliest first, so each group is anchored on the first report and later ones join it.
  const sorted = [...items].sort((a, b) => (a.declaration.date ?? '9999').localeCompare(b.declaration.date ?? '9999') || a.source.source.localeCompare(b.source.source));
  const groups: SourcedDeclaration[] = [];
  for (const { declaration: d, source } of sorted) {
    const group = groups.find(
      (g) =>
        g.memberId === d.memberId &&
        g.stance === d.stance &&
        (g.date === null || d.date === null ? g.date === d.date : d.date <= addDays(g.date, windowDays)),
    );
    if (group) {
      const same = group.sources.find((s) => s.source === source.source);
      if (same) {
        for (const e of d.evidence) if (!same.evidence.includes(e)) same.evidence.push(e);
      } else {
        group.sources.push({ ...source, evidence: [...d.evidence] });
      }
      group.confidence = Math.max(group.confidence, d.confidence);
    } else {
      groups.push({ memberId: d.memberId, person: d.person, stance: d.stance, date: d.date, confidence: d.confidence, sources: [{ ...source, evidence: [...d.evidence] }] });
    }
  }
  return groups;
}

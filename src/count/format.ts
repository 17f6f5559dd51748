/**
 * Plain-text round table: every candidate's votes per round, with both denominators (share of valid ballots and
 * share of continuing ballots), exhausted ballots and each round's action and transfers.
 */
import { Rational } from './rational';
import type { CountResult } from './table';

function pct(part: string, whole: string | number): string {
  const w = Rational.parse(String(whole));
  if (w.isZero()) return '—';
  return `${Rational.parse(part).mul(Rational.of(100)).div(w).toFixed(1)}%`;
}

export function formatRoundTable(r: CountResult): string {
  const lines: string[] = [];
  lines.push(`method ${r.method}, ${r.seats} seat(s)${r.quota ? `, quota ${r.quota}` : ''}; ${r.valid} valid ballots, ${r.rejected} rejected`);
  const w = Math.max(...r.candidates.map((c) => c.length), 10);
  for (const round of r.rounds) {
    lines.push('');
    lines.push(`round ${round.round}: continuing ${round.continuing}, exhausted ${round.exhausted}${round.lost !== '0' ? `, lost to rounding ${round.lost}` : ''}`);
    round.votes.forEach((v, c) => {
      if (v === null) return;
      lines.push(`  ${r.candidates[c]!.padEnd(w)} ${v.padStart(12)}  ${pct(v, r.valid).padStart(6)} of valid  ${pct(v, round.continuing).padStart(6)} of continuing`);
    });
    for (const a of round.actions) {
      const who = a.candidates.map((c) => r.candidates[c]).join(', ');
      const tie = a.tie ? ` (tie among ${a.tie.among.map((c) => r.candidates[c]).join(', ')}, broken ${a.tie.settledBy === 'lot' ? 'by lot' : `${a.tie.method} at round ${a.tie.settledBy}`})` : '';
      lines.push(`  → ${a.kind === 'surplus' ? `surplus of ${who} transferred` : `${who} ${a.kind}`}${tie}`);
    }
    for (const t of round.transfers) {
      const to = t.to.map((v, c) => (v === '0' ? null : `${v} to ${r.candidates[c]}`)).filter((x) => x !== null);
      lines.push(`    ${r.candidates[t.from]}'s ballots: ${[...to, `${t.exhausted} exhausted`].join(', ')}${t.lost && t.lost !== '0' ? `, ${t.lost} lost to rounding` : ''}`);
    }
  }
  lines.push('');
  lines.push(`elected: ${r.elected.map((c) => r.candidates[c]).join(', ')}`);
  return lines.join('\n');
}

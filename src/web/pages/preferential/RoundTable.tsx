import type { CountResult } from '../../../count/table';
import { Rational } from '../../../count/rational';
import { useT } from '../../i18n/I18n';

/**
 * The round-by-round table: one small table per round (so it fits a 390 px screen without sideways scrolling),
 * each candidate's votes and share of the continuing ballots, both denominators, the exhausted ballots, and what
 * the round did (elected, excluded, where the excluded candidate's ballots went).
 */
export function RoundTable({ count }: { count: CountResult }) {
  const t = useT();
  const share = (v: string, continuing: string) => {
    const c = Rational.parse(continuing);
    return c.isZero() ? '—' : `${Rational.parse(v).mul(Rational.of(100)).div(c).toFixed(1)}%`;
  };
  const names = (cs: number[]) => cs.map((c) => count.candidates[c]).join(', ');
  return (
    <section aria-labelledby="rounds-heading" data-testid="round-table">
      <h2 id="rounds-heading">{t('ranked.table.heading')}</h2>
      <p className="notice notice-success" data-testid="elected">
        {t('ranked.result.elected', { names: names(count.elected) })}
      </p>
      {count.rounds.map((r) => (
        <div key={r.round} className="round">
          <table className="table">
            <caption>{t('ranked.table.round', { n: r.round })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ranked.table.candidate')}</th>
                <th scope="col">{t('ranked.table.votes')}</th>
                <th scope="col">{t('ranked.table.share')}</th>
              </tr>
            </thead>
            <tbody>
              {r.votes.map((v, c) =>
                v === null ? null : (
                  <tr key={c}>
                    <th scope="row">{count.candidates[c]}</th>
                    <td>{v}</td>
                    <td>{share(v, r.continuing)}</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
          <p className="hint">{t('ranked.table.totals', { continuing: r.continuing, exhausted: r.exhausted })}</p>
          <ul>
            {r.actions.map((a, i) => (
              <li key={i}>{t(a.kind === 'elected' ? 'ranked.table.elected' : 'ranked.table.excluded', { name: names(a.candidates) })}</li>
            ))}
            {r.transfers.map((tr, i) => (
              <li key={`t${i}`}>
                {t('ranked.table.transfer', {
                  name: count.candidates[tr.from],
                  moves: tr.to.flatMap((v, c) => (v === '0' ? [] : [t('ranked.table.move', { votes: v, name: count.candidates[c] })])).join(', ') || '0',
                  exhausted: tr.exhausted,
                })}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

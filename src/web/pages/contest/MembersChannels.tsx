import type { ContestResultBody } from '../../../contest/board';
import { useLoader } from '../../hooks';
import { useT } from '../../i18n/I18n';
import { electionApi } from '../ballot/api';
import { nameOf } from './ContestParts';
import { membersBoard, type ContestView } from './api';

/**
 * The members' result per channel (docs/contest.md §3, R13–R15): online, postal and total votes per candidate and the
 * online ballots postal papers replaced, as the board's result record holds them — decrypted by the trustees from the
 * board's own postal sums, so anyone can check them with `confidence verify`. Shown only once the members' board has a
 * result with postal batches.
 */
export function MembersChannels({ c }: { c: ContestView }) {
  const t = useT();
  const board = membersBoard(c);
  const [state] = useLoader(async () => (board && board.lastType === 'result' ? electionApi.election(board.electionId) : null), [board?.electionId, board?.lastType]);
  const r = state.status === 'ready' ? (state.data?.result as unknown as ContestResultBody | null) : null;
  const ch = r?.channels;
  if (!r || !ch) return null;
  const ids = Object.keys(r.counts).sort((a, b) => r.counts[b]! - r.counts[a]!);
  return (
    <section className="card" aria-labelledby="members-channels-heading" data-testid="members-channels">
      <h2 id="members-channels-heading">{t('postal.channels.heading')}</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="members-channels-caption">
        <table className="table table-stack">
          <caption id="members-channels-caption">{t('postal.channels.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('contest.candidates.name')}</th>
              <th scope="col">{t('postal.channels.online')}</th>
              <th scope="col">{t('postal.channels.postal')}</th>
              <th scope="col">{t('postal.channels.total')}</th>
            </tr>
          </thead>
          <tbody>
            {ids.map((id) => (
              <tr key={id}>
                <th scope="row">{nameOf(c, id)}</th>
                <td data-label={t('postal.channels.online')}>{ch.online.counts[id]}</td>
                <td data-label={t('postal.channels.postal')}>{ch.postal.counts[id]}</td>
                <td data-label={t('postal.channels.total')}>{r.counts[id]}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('postal.channels.blank')}</th>
              <td data-label={t('postal.channels.online')}>{ch.online.blank}</td>
              <td data-label={t('postal.channels.postal')}>{ch.postal.blank}</td>
              <td data-label={t('postal.channels.total')}>{r.blank}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p data-testid="members-replaced">{t('postal.channels.replaced', { n: ch.replacedByPostal })}</p>
    </section>
  );
}

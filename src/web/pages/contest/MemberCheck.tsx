import { useState, type FormEvent } from 'react';
import type { BallotExplanation } from '../../../contest/ballot-status';
import { request } from '../../api';
import { ErrorMessage } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n/I18n';
import { membersBoard, type ContestView } from './api';

type Fate = BallotExplanation & { message: string };

/**
 * A member's own check of the members' ballot by tracker (docs/contest.md §4, R19): whether their ballot counts and,
 * if not, what replaced it — "your online ballot was replaced by a postal ballot recorded at T in batch B", a
 * revocation in no postal batch, or their credential's other ballot. The words are the catalogue's (en/cy/fr), from the
 * server's structured answer; `confidence verify --receipt` gives the same from the board alone.
 */
export function MemberCheck({ c }: { c: ContestView }) {
  const t = useT();
  const board = membersBoard(c);
  const [tracker, setTracker] = useState('');
  const [fate, setFate] = useState<Fate | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!board) return null;
  async function check(ev: FormEvent) {
    ev.preventDefault();
    setError(null);
    setFate(null);
    try {
      setFate(await request<Fate>('GET', `/api/elections/${encodeURIComponent(board!.electionId)}/trackers/${encodeURIComponent(tracker.trim().toLowerCase())}/fate`));
    } catch (e) {
      setError(e);
    }
  }
  const b = fate?.because;
  const text = !fate
    ? null
    : !b
      ? t('postal.fate.counted', { seq: fate.seq })
      : b.postal
        ? t('postal.fate.replaced', { seq: fate.seq, at: formatDateTime(b.postal.at), batch: b.postal.batch })
        : b.kind === 'revocation'
          ? t('postal.fate.revoked', { seq: fate.seq, rev: b.seq })
          : t('postal.fate.superseded', { seq: fate.seq, instead: b.seq });
  return (
    <section className="card" aria-labelledby="member-check-heading" data-testid="member-check">
      <h2 id="member-check-heading">{t('postal.fate.heading')}</h2>
      <form onSubmit={(ev) => void check(ev)} noValidate>
        <div className="field">
          <label htmlFor="member-check-tracker">{t('postal.fate.tracker')}</label>
          <input id="member-check-tracker" value={tracker} onChange={(ev) => setTracker(ev.target.value)} autoComplete="off" spellCheck={false} />
        </div>
        <button type="submit" className="button">
          {t('postal.fate.button')}
        </button>
      </form>
      {text && (
        <p className={b ? 'notice notice-warning' : 'notice notice-success'} role="status" data-testid="member-check-result">
          {text}
        </p>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </section>
  );
}

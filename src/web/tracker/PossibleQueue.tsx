import { useRef, useState, type KeyboardEvent } from 'react';
import { useLoader } from '../hooks';
import { ErrorMessage, Loading } from '../components/ui';
import { formatDay } from '../format';
import { focusNeighbour } from './resumeFocus';
import { isStaleDecision, STANCE_ORDER, trackerApi, type TrackerDeclaration } from './api';
import { useT } from '../i18n/I18n';
import { stanceText } from './stanceText';
import { heldBackKey } from './heldBack';

/**
 * The possible tier of the review queue: low-score items grouped by article and member, cleared
 * with one key each (A accept, S change stance, R reject; J/K or arrows to move). An item a context
 * check held back says why, under the model's guess; one that merely scored low shows nothing more.
 */
export function PossibleQueue({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const t = useT();
  const [queue, reload] = useLoader(() => trackerApi.queue(id, 'possible'), [id]);
  const list = useRef<HTMLUListElement>(null);
  const move = (from: HTMLElement, step: number) => focusNeighbour(list, '[data-possible]', from, step);
  return (
    <section aria-labelledby="possible-heading">
      <h2 id="possible-heading">{t('possible.heading')}</h2>
      <p className="hint">{t('possible.lede')}</p>
      {queue.status === 'loading' && <Loading what={t('possible.loading')} />}
      {queue.status === 'error' && <ErrorMessage error={queue.error} title={t('possible.loadError')} />}
      {queue.status === 'ready' && queue.data.declarations.length === 0 && <p>{t('possible.empty')}</p>}
      {queue.status === 'ready' && (
        <ul className="card-list" ref={list}>
          {groupByArticleAndMember(queue.data.declarations).map(([article, members]) => (
            <li key={article} className="card">
              <h3>{article === '' ? t('possible.unknownArticle') : t('possible.article', { name: article })}</h3>
              {members.map(([person, items]) => (
                <div key={person}>
                  <p>
                    <strong>{person}</strong>
                  </p>
                  <ul className="possible-items">
                    {items.map((d) => (
                      <PossibleItem
                        key={d.id}
                        d={d}
                        onMove={move}
                        onDone={(text) => {
                          onDone(text);
                          void reload();
                        }}
                        onStale={() => void reload()}
                      />
                    ))}
                  </ul>
                </div>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** [article file name, [[person, items]]], articles and people in first-seen order. */
export function groupByArticleAndMember(items: readonly TrackerDeclaration[]): Array<[string, Array<[string, TrackerDeclaration[]]>]> {
  const byArticle = new Map<string, Map<string, TrackerDeclaration[]>>();
  for (const d of items) {
    const article = d.sources[0]?.fileName ?? d.sources[0]?.outlet ?? '';
    if (!byArticle.has(article)) byArticle.set(article, new Map());
    const people = byArticle.get(article)!;
    people.set(d.person, [...(people.get(d.person) ?? []), d]);
  }
  return [...byArticle].map(([a, people]) => [a, [...people]]);
}

/** Whether `item` is the last possible item of the whole queue (not only of its member's group). */
function isLastItem(item: HTMLElement): boolean {
  const all = item.closest('ul.card-list')?.querySelectorAll('[data-possible]');
  return !!all && all[all.length - 1] === item;
}

function PossibleItem({ d, onDone, onMove, onStale }: { d: TrackerDeclaration; onDone: (message: string) => void; onMove: (from: HTMLElement, step: number) => void; onStale: () => void }) {
  const t = useT();
  const [stance, setStance] = useState(d.stance);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const label = (s: string) => stanceText(t, s, 'one');

  async function act(type: 'accept' | 'reject', from: HTMLElement | null) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      if (type === 'accept' && stance !== d.stance) await trackerApi.review(d.id, { type: 'edit', stance });
      // An accept names the reports shown: one that arrived since is refused (409), never published unseen.
      await trackerApi.review(d.id, type === 'accept' ? { type, sources: d.sources.map((s) => s.id) } : { type });
      // Focus moves on to the next item (the previous one when this was the last), before this one leaves.
      if (from) onMove(from, isLastItem(from) ? -1 : 1);
      onDone(type === 'accept' ? t('review.publishedStance', { person: d.person, stance: label(stance) }) : t('review.rejected', { person: d.person }));
    } catch (e) {
      setError(e);
      if (isStaleDecision(e)) onStale();
    } finally {
      setBusy(false);
    }
  }
  const nextStance = () => setStance((s) => STANCE_ORDER[(STANCE_ORDER.indexOf(s) + 1) % STANCE_ORDER.length]!);

  function onKeyDown(e: KeyboardEvent<HTMLLIElement>) {
    if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey) return;
    const key = e.key.toLowerCase();
    if (key === 'a') void act('accept', e.currentTarget);
    else if (key === 'r') void act('reject', e.currentTarget);
    else if (key === 's') nextStance();
    else if (key === 'j' || e.key === 'ArrowDown') onMove(e.currentTarget, 1);
    else if (key === 'k' || e.key === 'ArrowUp') onMove(e.currentTarget, -1);
    else return;
    e.preventDefault();
  }

  return (
    <li data-possible={d.id} tabIndex={0} onKeyDown={onKeyDown} className="possible-item" aria-busy={busy}>
      <blockquote lang="en">{d.sources[0]?.evidence[0] ?? ''}</blockquote>
      <p className="hint">
        {t.rich('possible.bestGuess', { stance: label(stance), b: (c) => <strong>{c}</strong> })}
        {d.date && <> · {formatDay(d.date)}</>}
        {d.confidence !== null && <> · {t('possible.score', { p: d.confidence })}</>}
      </p>
      {d.demotedBecause && <p className="hint held-back">{t(heldBackKey(d.demotedBecause))}</p>}
      <div className="button-row">
        <button type="button" className="button" onClick={() => void act('accept', null)} disabled={busy}>
          {t('possible.accept')}
        </button>
        <button type="button" className="button button-secondary" onClick={nextStance} disabled={busy}>
          {t('possible.changeStance')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => void act('reject', null)} disabled={busy}>
          {t('possible.reject')}
        </button>
      </div>
      <ErrorMessage error={error} title={t('common.didNotWork')} />
    </li>
  );
}

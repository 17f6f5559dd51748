import { useMemo, useState } from 'react';
import { Cell, Column, Input, Label, Row, SearchField, Table, TableBody, TableHeader, type SortDescriptor } from 'react-aria-components';
import { Checkbox } from '../components/fields';
import { api, type ChairLetter, type ChairView } from '../api';
import { SimulatedTag } from '../components/ui';
import { ConfirmButton } from '../components/ConfirmDialog';
import { Pager, usePaged } from '../components/Paged';
import { formatShortDateTime, formatShortDay } from '../format';
import { useLocale, useT } from '../i18n/I18n';

/**
 * The letters on file, for the chair and the officers: a search field, sortable columns and pages of ten,
 * on React Aria Components (Table gives the sortable headers with aria-sort and keyboard navigation between
 * cells; SearchField clears on Escape). Loaded with the chair's page only when the letters are shown. On a
 * phone each row becomes a labelled block (`table-stack`).
 */
export default function LettersTable({ view, canWithdraw, voteUnderWay, onDone }: { view: ChairView; canWithdraw: boolean; voteUnderWay: boolean; onDone: (message: string) => Promise<void> }) {
  const t = useT();
  const { locale } = useLocale();
  const statusText = useLetterStatusText();
  const [showWithdrawn, setShowWithdrawn] = useState(true);
  const [sort, setSort] = useState<SortDescriptor>({ column: 'member', direction: 'ascending' });
  const letters = useMemo(() => {
    const kept = view.letters.filter((l) => showWithdrawn || l.status === 'submitted');
    const key = SORT_KEYS[String(sort.column)] ?? SORT_KEYS.member!;
    const sorted = [...kept].sort((a, b) => key(a).localeCompare(key(b), locale) || a.displayName.localeCompare(b.displayName, locale));
    return sort.direction === 'descending' ? sorted.reverse() : sorted;
  }, [view.letters, showWithdrawn, sort, locale]);
  const paged = usePaged(letters, matchesLetter, 10);
  const simulatedCount = view.letters.filter((l) => l.simulated).length;
  const canWithdrawNow = (letter: ChairLetter) => canWithdraw && letter.status === 'submitted' && !letter.notCountingBecause?.startsWith('spent') && !voteUnderWay;

  return (
    <section className="card">
      <h2 id="letters-heading">{t('letters.heading', { n: view.letters.length })}</h2>
      {simulatedCount > 0 && (
        <p className="hint">
          <SimulatedTag /> {t('letters.simulated', { n: simulatedCount })}
        </p>
      )}
      <div className="table-tools">
        <div role="search">
          <SearchField className="field table-search" value={paged.query} onChange={paged.setQuery}>
            <Label>{t('letters.search')}</Label>
            <Input />
          </SearchField>
        </div>
        <Checkbox id="show-withdrawn" isSelected={showWithdrawn} onChange={setShowWithdrawn}>
          {t('letters.showWithdrawn')}
        </Checkbox>
      </div>
      {letters.length === 0 ? (
        <p>{t('letters.none')}</p>
      ) : (
        <>
          <div className="table-wrap">
            <Table aria-labelledby="letters-heading" className="table table-stack" data-testid="letters-table" sortDescriptor={sort} onSortChange={setSort}>
              <TableHeader>
                <Column id="member" isRowHeader allowsSorting>
                  {({ sortDirection }) => <SortLabel text={t('letters.member')} direction={sortDirection} />}
                </Column>
                <Column id="constituency" allowsSorting>
                  {({ sortDirection }) => <SortLabel text={t('letters.constituency')} direction={sortDirection} />}
                </Column>
                <Column id="status">{t('letters.status')}</Column>
                <Column id="effectiveFrom" allowsSorting>
                  {({ sortDirection }) => <SortLabel text={t('letters.effectiveFrom')} direction={sortDirection} />}
                </Column>
                <Column id="received" allowsSorting>
                  {({ sortDirection }) => <SortLabel text={t('letters.received')} direction={sortDirection} />}
                </Column>
                <Column id="recordedBy">{t('letters.recordedBy')}</Column>
                {canWithdraw && (
                  <Column id="actions">
                    <span className="visually-hidden">{t('letters.actions')}</span>
                  </Column>
                )}
              </TableHeader>
              <TableBody items={paged.visible} dependencies={[canWithdraw, voteUnderWay, locale]}>
                {(letter) => (
                  <Row id={letter.memberId} className={letter.status === 'withdrawn' ? 'row-muted' : undefined}>
                    <Cell>
                      {letter.displayName} {letter.simulated && <SimulatedTag />}
                    </Cell>
                    <Cell data-label={t('letters.constituency')}>{letter.constituency}</Cell>
                    <Cell data-label={t('letters.status')}>{statusText(letter)}</Cell>
                    <Cell data-label={t('letters.effectiveFrom')}>{formatShortDay(letter.effectiveFrom)}</Cell>
                    <Cell data-label={t('letters.received')}>{formatShortDateTime(letter.submittedAt)}</Cell>
                    <Cell data-label={t('letters.recordedBy')}>{letter.recordedBy.startsWith('the chair') ? t('letters.byChair') : t('letters.byMember')}</Cell>
                    {canWithdraw && (
                      <Cell className="actions-cell">
                        {canWithdrawNow(letter) && (
                          <ConfirmButton
                            className="button button-small button-secondary"
                            label={
                              <>
                                {t('letters.withdraw')}
                                <span className="visually-hidden"> {t('letters.withdrawOf', { name: letter.displayName })}</span>
                              </>
                            }
                            danger
                            title={t('letters.withdrawTitle', { name: letter.displayName })}
                            confirmLabel={t('letters.withdrawConfirm')}
                            onConfirm={async () => {
                              await api.recordWithdrawal(view.id, letter.memberId);
                              await onDone(t('letters.withdrawDone', { name: letter.displayName }));
                            }}
                          >
                            <p>{t('letters.withdrawBody')}</p>
                          </ConfirmButton>
                        )}
                      </Cell>
                    )}
                  </Row>
                )}
              </TableBody>
            </Table>
          </div>
          <Pager label={t('letters.pages')} page={paged.page} pages={paged.pages} total={paged.total} setPage={paged.setPage} />
        </>
      )}
    </section>
  );
}

function SortLabel({ text, direction }: { text: string; direction: SortDescriptor['direction'] | undefined }) {
  return (
    <span className="sort-label">
      {text}
      <span className="sort-arrow" aria-hidden="true">
        {direction === 'ascending' ? ' ▲' : direction === 'descending' ? ' ▼' : ' ↕'}
      </span>
    </span>
  );
}

const SORT_KEYS: Record<string, (l: ChairLetter) => string> = {
  member: (l) => l.displayName,
  constituency: (l) => l.constituency,
  effectiveFrom: (l) => l.effectiveFrom,
  received: (l) => l.submittedAt,
};

function useLetterStatusText() {
  const t = useT();
  return (letter: ChairLetter): string => {
    if (letter.status === 'withdrawn') return letter.withdrawnAt ? t('letters.withdrawnOn', { when: formatShortDateTime(letter.withdrawnAt) }) : t('letters.withdrawn');
    if (letter.inForce) return t('letters.inForce');
    if (letter.notCountingBecause === 'writer-not-eligible') return t('letters.notEligible');
    if (letter.notCountingBecause === 'spent-by-ballot') return t('letters.spent');
    return t('letters.takesEffect', { day: formatShortDay(letter.effectiveFrom) });
  };
}

const matchesLetter = (l: ChairLetter, q: string) => l.displayName.toLocaleLowerCase().includes(q) || l.constituency.toLocaleLowerCase().includes(q);

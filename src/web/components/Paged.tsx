import { useId, useMemo, useState, type ReactNode } from 'react';
import { useT } from '../i18n/I18n';

/**
 * A table too long for one screen: a search box that filters the rows, and pages of `pageSize` rows with
 * previous / next buttons. The count of matching rows is announced politely as it changes.
 */
export function usePaged<T>(rows: readonly T[], matches: (row: T, query: string) => boolean, pageSize = 10) {
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const filtered = useMemo(() => {
    const q = query.trim().toLocaleLowerCase();
    return q ? rows.filter((r) => matches(r, q)) : [...rows];
  }, [rows, query, matches]);
  const pages = Math.max(1, Math.ceil(filtered.length / pageSize));
  const current = Math.min(page, pages - 1);
  return {
    query,
    setQuery: (q: string) => {
      setQuery(q);
      setPage(0);
    },
    page: current,
    pages,
    setPage,
    total: filtered.length,
    visible: filtered.slice(current * pageSize, current * pageSize + pageSize),
  };
}

export function TableSearch({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <div className="field table-search" role="search">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="search" value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

export function Pager({ page, pages, total, setPage, label }: { page: number; pages: number; total: number; setPage: (p: number) => void; label: string }): ReactNode {
  const t = useT();
  return (
    <nav className="pager" aria-label={label}>
      <p className="pager-status" aria-live="polite">
        {t('table.status', { page: page + 1, pages, total })}
      </p>
      {pages > 1 && (
        <p className="button-row">
          <button type="button" className="button button-small button-secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t('table.previous')}
          </button>
          <button type="button" className="button button-small button-secondary" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
            {t('table.next')}
          </button>
        </p>
      )}
    </nav>
  );
}

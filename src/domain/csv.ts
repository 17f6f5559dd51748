import { parse } from 'csv-parse/sync';
import { AppError } from './errors';

export interface CsvRow {
  /** 1-based line number in the file where the record starts (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

/**
 * Parses RFC 4180 CSV with a header row. Structural errors (unbalanced quotes, ragged rows,
 * missing columns) raise CSV_INVALID naming the line, so a caller can reject the whole file.
 */
export function parseCsv(text: string, requiredColumns: readonly string[]): CsvRow[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, relax_column_count: false, skip_empty_lines: true, bom: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (e) {
    const err = e as { lines?: number; message?: string };
    throw new AppError('CSV_INVALID', `line ${err.lines ?? '?'}: ${err.message ?? 'unreadable CSV'}`, {
      line: err.lines ?? null,
    });
  }
  const [header, ...body] = records;
  if (!header) throw new AppError('CSV_INVALID', 'the file is empty: expected a header row', { line: 1 });
  const columns = header.record.map((c) => c.trim());
  const missing = requiredColumns.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new AppError('CSV_INVALID', `line 1: missing column(s) ${missing.join(', ')}`, { line: 1, missing });
  }
  return body.map(({ record, info }) => {
    const values: Record<string, string> = {};
    columns.forEach((c, i) => (values[c] = (record[i] ?? '').trim()));
    // info.lines is the line where the record ends; a record spanning lines starts earlier.
    const span = record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
    return { line: info.lines - span, values };
  });
}

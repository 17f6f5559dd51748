import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCommonsRoster } from '../domain/roster/commons-csv';
import type { Roster } from '../domain/roster/types';

/** Where the bundled UK House of Commons 2019 data set lives (copied from shared/, with its licence). */
export const COMMONS_2019_DIR = fileURLToPath(new URL('../../data/uk-commons-2019/', import.meta.url));

let cached: Roster | undefined;

/** The 2019 Commons roster and its dated changes, parsed once per process. */
export function loadCommons2019(): Roster {
  cached ??= parseCommonsRoster(
    readFileSync(`${COMMONS_2019_DIR}members.csv`, 'utf8'),
    readFileSync(`${COMMONS_2019_DIR}changes.csv`, 'utf8'),
  );
  return cached;
}

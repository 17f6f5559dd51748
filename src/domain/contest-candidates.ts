import { AppError } from './errors';

/**
 * The candidate list an editor gives before articles are read for a contest's endorsements (recording, and the
 * read-only listing): at least one candidate, ids unique, and every name with a letter or digit in it. The reader
 * (src/tracker/endorsements.ts) finds a candidate in a sentence by the name's words; a name of spaces alone leaves it
 * nothing to find but the empty string, which it would match at one place forever and freeze the server.
 */
export interface CandidateInput {
  id: string;
  name: string;
}

const HAS_A_WORD = /[\p{L}\p{N}]/u;

export function checkContestCandidates(candidates: readonly CandidateInput[]): void {
  if (!candidates.length) throw new AppError('VALIDATION_FAILED', 'a contest needs at least one candidate');
  if (new Set(candidates.map((c) => c.id)).size !== candidates.length) throw new AppError('VALIDATION_FAILED', 'candidate ids must be unique');
  const blank = candidates.findIndex((c) => !HAS_A_WORD.test(c.name));
  if (blank >= 0) throw new AppError('VALIDATION_FAILED', `candidates[${blank}].name: a candidate's name needs a letter or a digit`);
}

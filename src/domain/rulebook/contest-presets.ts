import { AppError } from '../errors';
import { contestRulebookSchema, type ContestRulebook, type RoundRule, type VoteCount } from './contest-schema';

/**
 * Contest rulebook presets for the Conservative Party's leadership elections. Facts and sources:
 * shared/domain/procedures.md. The rules are set by the 1922 Committee's executive for each contest and are not
 * published in full: where a setting below is practice or an assumption rather than a reported rule, a note says so.
 */

const MP_SOURCES = ['Rules agreed 11 July 2022 and round results: https://www.bbc.co.uk/news/uk-politics-62241498'];
const LOWEST_OUT: RoundRule = { threshold: null, eliminateLowest: true };
const atLeast = (count: number): RoundRule['threshold'] => ({ comparison: 'at-least', votes: { kind: 'absolute', count } });

const CONSERVATIVE_MPS = { party: 'Con', description: 'MPs holding the Conservative whip on the day' };

const summer2022: ContestRulebook = {
  id: 'conservative-2022-summer',
  name: 'Conservative Party leadership election — summer 2022 rules',
  organisation: 'Conservative Party (UK)',
  sources: [
    ...MP_SOURCES,
    'Members’ result: https://www.newstatesman.com/chart-of-the-day/2022/09/liz-truss-leadership-election-win-votes',
  ],
  mps: CONSERVATIVE_MPS,
  nominations: { required: 20, proposerAndSeconder: true, onePerMember: true, nominators: 'public', unopposedElected: true },
  rounds: {
    byRound: [
      { threshold: atLeast(30), eliminateLowest: false },
      { threshold: atLeast(30), eliminateLowest: true },
    ],
    later: LOWEST_OUT,
    stopAt: 2,
    pauseAt: null,
    withdrawalsBetweenRounds: true,
    finalMayNotWithdraw: true,
    tie: 'rerun',
    blankAllowed: true,
  },
  members: { minMembershipMonths: 3, freezeDate: null, channels: ['online', 'postal'], reconciliation: 'first-valid-counts', blankAllowed: true, decision: 'most-votes' },
  immunityMonths: 12,
  notes: [
    'Nominations: 20 MPs — a proposer, a seconder and 18 others; they opened and closed on 12 July 2022.',
    'Round 1: at least 30 votes to continue. Round 2: at least 30 votes, and the lowest is out regardless. Later rounds: the lowest is out.',
    'The final two go to the members of at least three months; the freeze date is set when the contest opens.',
    'Assumption (not published): a tie for the last place re-runs the round; a member’s first valid ballot counts (the online revote plan was dropped on security advice).',
  ],
};

const october2022: ContestRulebook = {
  id: 'conservative-2022-october',
  name: 'Conservative Party leadership election — October 2022 rules',
  organisation: 'Conservative Party (UK)',
  sources: ['procedures.md §1, October 2022: 100 nominations, closed 14:00 on 24 October 2022; Sunak the only valid nomination'],
  mps: CONSERVATIVE_MPS,
  nominations: { required: 100, proposerAndSeconder: true, onePerMember: true, nominators: 'public', unopposedElected: true },
  rounds: { byRound: [], later: LOWEST_OUT, stopAt: 2, pauseAt: null, withdrawalsBetweenRounds: true, finalMayNotWithdraw: false, tie: 'rerun', blankAllowed: true },
  members: { minMembershipMonths: 3, freezeDate: null, channels: ['online'], reconciliation: 'revoting', blankAllowed: true, decision: 'most-votes' },
  immunityMonths: 12,
  notes: [
    '100 nominators with 357 MPs and one nomination per MP: at most three candidates.',
    'One valid nomination elects the candidate unopposed (Rishi Sunak, 24 October 2022): no ballot.',
    'Assumption (not published): with three candidates an MP ballot removes the lowest; the members vote online and may change their vote.',
  ],
};

const rules2019: ContestRulebook = {
  id: 'conservative-2019',
  name: 'Conservative Party leadership election — 2019 rules',
  organisation: 'Conservative Party (UK)',
  sources: [
    'https://www.pollbludger.net/2019/06/22/uk-conservative-leadership-johnson-vs-hunt/',
    'https://www.newstatesman.com/politics/uk/2019/07/boris-johnson-elected-conservative-leader-landslide-margin',
  ],
  mps: CONSERVATIVE_MPS,
  nominations: { required: 8, proposerAndSeconder: true, onePerMember: true, nominators: 'public', unopposedElected: true },
  rounds: {
    byRound: [
      { threshold: atLeast(17), eliminateLowest: false },
      { threshold: atLeast(33), eliminateLowest: true },
    ],
    later: LOWEST_OUT,
    stopAt: 2,
    pauseAt: null,
    withdrawalsBetweenRounds: true,
    finalMayNotWithdraw: false,
    tie: 'rerun',
    blankAllowed: true,
  },
  members: { minMembershipMonths: 3, freezeDate: null, channels: ['postal'], reconciliation: 'first-valid-counts', blankAllowed: true, decision: 'most-votes' },
  immunityMonths: 12,
  notes: [
    '8 nominators (a proposer, a seconder and 6 others).',
    'Round 1: at least 17 votes; round 2: at least 33 ("at least 33" kept Javid on exactly 33); then the lowest is out.',
    'Members voted by post: Johnson 92,153, Hunt 46,656, 509 rejected.',
  ],
};

const rules2024: ContestRulebook = {
  id: 'conservative-2024',
  name: 'Conservative Party leadership election — 2024 rules',
  organisation: 'Conservative Party (UK)',
  sources: ['Rules announced by the 1922 Committee, 24 July 2024 (10 nominators; MP rounds to four, conference, then to two)'],
  mps: CONSERVATIVE_MPS,
  nominations: { required: 10, proposerAndSeconder: true, onePerMember: true, nominators: 'public', unopposedElected: true },
  rounds: { byRound: [], later: LOWEST_OUT, stopAt: 2, pauseAt: 4, withdrawalsBetweenRounds: true, finalMayNotWithdraw: true, tie: 'rerun', blankAllowed: true },
  members: { minMembershipMonths: 3, freezeDate: null, channels: ['online', 'postal'], reconciliation: 'postal-overrides-online', blankAllowed: true, decision: 'most-votes' },
  immunityMonths: 12,
  notes: [
    '10 nominators (a proposer, a seconder and 8 others).',
    'The lowest is out each round until four remain; the rounds pause for the party conference, then go on down to two.',
    'Assumption (not published): a postal ballot overrides an online one from the same member.',
  ],
};

export const CONTEST_RULEBOOK_PRESETS: readonly ContestRulebook[] = [summer2022, october2022, rules2019, rules2024].map((r) => contestRulebookSchema.parse(r));

export function findContestRulebook(id: string): ContestRulebook {
  const found = CONTEST_RULEBOOK_PRESETS.find((r) => r.id === id);
  if (!found) throw new AppError('RULEBOOK_NOT_FOUND', `no contest rulebook ${JSON.stringify(id)}; known: ${CONTEST_RULEBOOK_PRESETS.map((r) => r.id).join(', ')}`);
  return found;
}

/** Validates a contest rulebook from outside (a file, the API, a contest summary) and reports every problem with its path. */
export function parseContestRulebook(input: unknown): ContestRulebook {
  const parsed = contestRulebookSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new AppError('RULEBOOK_INVALID', `the contest rulebook is not valid: ${issues.join('; ')}`, { issues });
  }
  return parsed.data;
}

/** The rule of MP round `round` (1-based). */
export function roundRule(r: ContestRulebook, round: number): RoundRule {
  if (!Number.isSafeInteger(round) || round < 1) throw new AppError('VALIDATION_FAILED', `a round number is a positive integer, got ${round}`);
  return r.rounds.byRound[round - 1] ?? r.rounds.later;
}

/** A vote count resolved against the round's electorate, in integers. */
export function resolveVotes(v: VoteCount, electorate: number): number {
  if (!Number.isSafeInteger(electorate) || electorate < 0) throw new AppError('VALIDATION_FAILED', `the electorate must be a non-negative integer, got ${electorate}`);
  if (v.kind === 'absolute') return v.count;
  const p = v.numerator * electorate;
  const d = v.denominator;
  return v.rounding === 'up' ? Math.floor((p + d - 1) / d) : v.rounding === 'down' ? Math.floor(p / d) : Math.floor((2 * p + d) / (2 * d));
}

/** Whether `votes` passes a round threshold (null threshold: everyone passes). */
export function passesThreshold(rule: RoundRule, votes: number, electorate: number): boolean {
  if (!rule.threshold) return true;
  const t = resolveVotes(rule.threshold.votes, electorate);
  return rule.threshold.comparison === 'at-least' ? votes >= t : votes > t;
}

/** The most candidates a nomination rule admits: each MP nominates once, so ⌊MPs / required⌋. */
export function maxCandidates(r: ContestRulebook, mps: number): number {
  return r.nominations.onePerMember ? Math.floor(mps / r.nominations.required) : Number.POSITIVE_INFINITY;
}

/** Short human-readable lines for pages and the CLI. */
export function summariseContestRulebook(r: ContestRulebook): string[] {
  const n = r.nominations;
  const lines = [
    `Nominations: ${n.required} MPs${n.proposerAndSeconder ? ` (a proposer, a seconder and ${n.required - 2} others)` : ''}${n.onePerMember ? ', one nomination per MP' : ''}; nominators ${n.nominators === 'public' ? 'are published' : 'stay confidential'}${n.unopposedElected ? '; a single valid nomination is elected unopposed' : ''}.`,
  ];
  const describe = (rule: RoundRule) =>
    [rule.threshold ? `${rule.threshold.comparison === 'at-least' ? 'at least' : 'more than'} ${rule.threshold.votes.kind === 'absolute' ? rule.threshold.votes.count : `${rule.threshold.votes.numerator}/${rule.threshold.votes.denominator} of MPs`} votes to continue` : null, rule.eliminateLowest ? 'the lowest is out' : null]
      .filter(Boolean)
      .join(', ') || 'no elimination';
  r.rounds.byRound.forEach((rule, i) => lines.push(`Round ${i + 1}: ${describe(rule)}.`));
  lines.push(`${r.rounds.byRound.length ? 'Later rounds' : 'Each round'}: ${describe(r.rounds.later)}; until ${r.rounds.stopAt} remain${r.rounds.pauseAt ? `, with a pause at ${r.rounds.pauseAt}` : ''}.`);
  lines.push(`Tie for the last place: ${{ rerun: 're-run the round', 'eliminate-all-tied': 'every tied candidate is out', lot: 'lot drawn from public randomness' }[r.rounds.tie]}.`);
  if (r.members) {
    lines.push(`Members’ ballot: members of at least ${r.members.minMembershipMonths} months at the freeze date; ${r.members.channels.join(' and ')}; ${{ 'postal-overrides-online': 'a postal ballot overrides an online one', 'first-valid-counts': 'the first valid ballot counts', revoting: 'the last ballot counts' }[r.members.reconciliation]}.`);
  }
  return lines;
}

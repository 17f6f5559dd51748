import { AppError } from '../errors';
import { rulebookSchema, type Rulebook } from './schema';

/**
 * Rulebook presets for real procedures. Facts and sources: shared/domain/procedures.md.
 * Where a rule is unpublished practice rather than written rule, the note says so.
 */
const conservative1922: Rulebook = {
  id: 'conservative-1922',
  name: 'Conservative Party — 1922 Committee confidence vote (2022 rules)',
  organisation: 'Conservative Parliamentary Party (UK House of Commons)',
  sources: [
    '2003 published rules: http://www.dailymail.co.uk/news/article-200875/Rules-vote-confidence.html',
    '2022 vote: https://www.gbnews.com/news/boris-johnson-wins-confidence-vote-by-211-ballots-to-148-but-pm-still-under-pressure-after-big-rebellion/311841',
  ],
  electorate: {
    kind: 'whip-holders',
    party: 'Con',
    description: 'MPs holding the Conservative whip on the day',
  },
  trigger: { kind: 'fraction', numerator: 15, denominator: 100, rounding: 'up' },
  letters: { noun: 'letter', postDating: true, withdrawal: true, secrecy: 'chair-only', lapseAfterMonths: null },
  onTrigger: 'confidence-ballot',
  ballot: {
    question: 'Do you have confidence in {leader} as Leader of the Conservative Party?',
    polarity: 'confidence',
    majority: { basis: 'votes-cast', numerator: 1, denominator: 2, comparison: 'more-than' },
    quorumPercent: null,
    maxDaysAfterTrigger: 7,
    minNoticeHours: 8,
  },
  immunity: {
    afterWonVoteMonths: 12,
    afterTakingOfficeMonths: 12,
    duringImmunity: 'letters-received-no-trigger',
    lettersSpentByBallot: true,
  },
  afterLoss: { consequence: 'leader-resigns-contest', leaderMayStand: false },
  notes: [
    'Trigger: "not less than 15%" of whip holders write to the Chairman, collectively or separately, so the threshold rounds up.',
    'Only MPs holding the whip count, in the denominator and as letter writers.',
    'The count and the names are known to the Chairman alone; the leader is told "without disclosing the names".',
    'Letters stay on file until withdrawn (since 2010); post-dated letters take effect on their date.',
    'The ballot is held "as soon as possible" after consulting the leader (next day in 2018 and 2022); 7 days is a ceiling set here, not a published rule.',
    'The leader survives with a simple majority of the votes cast; a tie is not a majority.',
    'A leader who wins cannot face another confidence vote for 12 months; a new leader is protected for a year. During immunity letters are still received and kept, but nothing triggers.',
    'A leader who loses must resign and may not stand in the leadership election that follows.',
  ],
};

const labourUkChallenge: Rulebook = {
  id: 'labour-uk-challenge',
  name: 'Labour Party (UK) — leadership challenge',
  organisation: 'Parliamentary Labour Party (UK House of Commons)',
  sources: ['Labour Party rule book, chapter 4 (2016 challenge: 51 nominations, 20% of the PLP)'],
  electorate: { kind: 'whip-holders', party: 'Lab', description: 'Labour MPs (the Commons PLP)' },
  trigger: { kind: 'fraction', numerator: 20, denominator: 100, rounding: 'up' },
  letters: { noun: 'nomination', postDating: false, withdrawal: false, secrecy: 'published', lapseAfterMonths: null },
  onTrigger: 'leadership-contest',
  ballot: {
    question: 'Who should lead the Labour Party?',
    polarity: 'confidence',
    majority: { basis: 'votes-cast', numerator: 1, denominator: 2, comparison: 'more-than' },
    quorumPercent: null,
    maxDaysAfterTrigger: 90,
    minNoticeHours: 24,
  },
  immunity: {
    afterWonVoteMonths: 0,
    afterTakingOfficeMonths: 0,
    duringImmunity: 'letters-received-no-trigger',
    lettersSpentByBallot: true,
  },
  afterLoss: { consequence: 'contest-with-incumbent', leaderMayStand: true },
  notes: [
    'A challenger needs nominations from 20% of the Commons PLP; nominations are public.',
    'There is no confidence ballot: the threshold starts a preferential members\u2019 ballot in which the incumbent is automatically a candidate (NEC 2016, upheld in court).',
    'In government a challenge also needs a conference vote (not modelled).',
  ],
};

const canadaReformAct: Rulebook = {
  id: 'canada-reform-act',
  name: 'Canada — Reform Act 2014 leadership review',
  organisation: 'A federal party caucus that opted in to the Reform Act',
  sources: ['Parliament of Canada Act s.49.8; O\u2019Toole review, 2 Feb 2022 (73–45)'],
  electorate: { kind: 'all-members', description: 'members of the caucus' },
  trigger: { kind: 'fraction', numerator: 20, denominator: 100, rounding: 'up' },
  letters: { noun: 'written notice', postDating: false, withdrawal: true, secrecy: 'published', lapseAfterMonths: null },
  onTrigger: 'confidence-ballot',
  ballot: {
    question: 'Should {leader} be removed as leader?',
    polarity: 'removal',
    majority: { basis: 'all-members', numerator: 1, denominator: 2, comparison: 'more-than' },
    quorumPercent: null,
    maxDaysAfterTrigger: 7,
    minNoticeHours: 24,
  },
  immunity: {
    afterWonVoteMonths: 0,
    afterTakingOfficeMonths: 0,
    duringImmunity: 'letters-received-no-trigger',
    lettersSpentByBallot: true,
  },
  afterLoss: { consequence: 'leader-removed-interim', leaderMayStand: false },
  notes: [
    'Written notice from at least 20% of caucus members to the caucus chair; the chair must publish the signatories.',
    'Secret caucus ballot; a majority of all caucus members removes the leader (not just of votes cast).',
    'A removed leader is replaced by an interim leader chosen by caucus.',
  ],
};

const genericOrganisation: Rulebook = {
  id: 'generic-organisation',
  name: 'Generic membership organisation — motion of no confidence',
  organisation: 'Any membership organisation (club, union, association)',
  sources: ['Typical bye-laws: UK students\u2019 unions, Companies Act 2006 s.303 (5% requisition)'],
  electorate: { kind: 'all-members', description: 'members in good standing' },
  trigger: { kind: 'fraction', numerator: 10, denominator: 100, rounding: 'up' },
  letters: { noun: 'signature', postDating: false, withdrawal: true, secrecy: 'chair-only', lapseAfterMonths: 12 },
  onTrigger: 'confidence-ballot',
  ballot: {
    question: 'Do you have confidence in {leader}?',
    polarity: 'confidence',
    majority: { basis: 'votes-cast', numerator: 1, denominator: 2, comparison: 'more-than' },
    quorumPercent: 25,
    maxDaysAfterTrigger: 28,
    minNoticeHours: 72,
  },
  immunity: {
    afterWonVoteMonths: 12,
    afterTakingOfficeMonths: 6,
    duringImmunity: 'letters-received-no-trigger',
    lettersSpentByBallot: true,
  },
  afterLoss: { consequence: 'leader-resigns-contest', leaderMayStand: true },
  notes: [
    'A petition of 10% of members triggers a ballot held within 28 days with 72 hours\u2019 notice.',
    'The motion carries with a majority of votes cast and a turnout of at least 25%.',
    'The same question cannot be put again for 12 months after a won vote.',
  ],
};

export const RULEBOOK_PRESETS: readonly Rulebook[] = [conservative1922, labourUkChallenge, canadaReformAct, genericOrganisation].map(
  (r) => rulebookSchema.parse(r),
);

export function findRulebook(id: string): Rulebook {
  const found = RULEBOOK_PRESETS.find((r) => r.id === id);
  if (!found) {
    throw new AppError('RULEBOOK_NOT_FOUND', `no rulebook ${JSON.stringify(id)}; known: ${RULEBOOK_PRESETS.map((r) => r.id).join(', ')}`);
  }
  return found;
}

/** Validates a rulebook from outside (a file, the API) and reports every problem with its path. */
export function parseRulebook(input: unknown): Rulebook {
  const parsed = rulebookSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new AppError('RULEBOOK_INVALID', `the rulebook is not valid: ${issues.join('; ')}`, { issues });
  }
  return parsed.data;
}

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** Short human-readable lines for pages and the CLI. */
export function summariseRulebook(r: Rulebook): string[] {
  const t = r.trigger;
  const trigger =
    t.kind === 'absolute'
      ? `${t.count} ${r.letters.noun}s trigger`
      : `${capitalise(r.letters.noun)}s from ${(t.numerator * 100) / t.denominator}% of ${r.electorate.description} (rounded ${t.rounding}) trigger`;
  const m = r.ballot.majority;
  return [
    `${trigger} ${r.onTrigger === 'confidence-ballot' ? 'a secret confidence ballot' : 'a leadership contest'}.`,
    `${capitalise(r.letters.noun)}s ${r.letters.postDating ? 'may' : 'may not'} be post-dated and ${r.letters.withdrawal ? 'may' : 'may not'} be withdrawn; ${
      r.letters.secrecy === 'chair-only' ? 'only the chair sees the count and the names' : 'signatories are published'
    }.`,
    `The ballot needs ${m.comparison === 'more-than' ? 'more than' : 'at least'} ${m.numerator}/${m.denominator} of ${
      m.basis === 'votes-cast' ? 'the votes cast' : 'all members'
    }${r.ballot.quorumPercent ? ` with a ${r.ballot.quorumPercent}% quorum` : ''}.`,
    `Immunity: ${r.immunity.afterWonVoteMonths} months after a won vote, ${r.immunity.afterTakingOfficeMonths} after taking office; letters are still received during immunity but nothing triggers.`,
    `After a lost vote: ${
      { 'leader-resigns-contest': 'the leader resigns and a leadership contest follows', 'leader-removed-interim': 'the leader is removed and an interim leader chosen', 'contest-with-incumbent': 'a contest with the incumbent on the ballot' }[r.afterLoss.consequence]
    }${r.afterLoss.leaderMayStand ? '' : ' (the leader may not stand)'}.`,
  ];
}

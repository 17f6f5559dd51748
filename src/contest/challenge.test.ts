import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, mulBase, randomScalar, scalarToHex } from '../crypto';
import { generateCredential } from '../ballot/booth';
import { CONTEST_BALLOT_VERSION, checkContestChallenge, prepareContestBallot, type ContestBallotManifest } from './board';

const m: ContestBallotManifest = {
  version: CONTEST_BALLOT_VERSION,
  contestId: 'test',
  nonce: '0123456789abcdef0123456789abcdef',
  ballot: 'round-1',
  title: 'test round',
  candidates: [
    { id: 'ada', name: 'Ada' },
    { id: 'bea', name: 'Bea' },
    { id: 'cy', name: 'Cy' },
  ],
  blankAllowed: true,
  counting: 'last',
  electorate: 3,
  trustees: { threshold: 1, count: 1, names: ['T1'] },
  opensAt: null,
  closesAt: null,
};
const eh = 'ab'.repeat(32);

beforeAll(async () => {
  await initCrypto();
});

describe('the contest booth’s cast-as-intended challenge', () => {
  const Y = mulBase(randomScalar());
  const x = generateCredential().secret;

  it('an honest ballot opens to the chosen candidate (or to blank)', () => {
    const b = prepareContestBallot(m, eh, Y, x, 1);
    expect(checkContestChallenge(m, eh, Y, b.body, b.secret, 1)).toEqual({ ok: true, opensTo: 1, problems: [] });
    const blank = prepareContestBallot(m, eh, Y, x, null);
    expect(checkContestChallenge(m, eh, Y, blank.body, blank.secret, null)).toMatchObject({ ok: true, opensTo: null });
  });

  it('a booth that encrypted another candidate is caught, whether it reports the truth or lies about it', () => {
    const flipped = prepareContestBallot(m, eh, Y, x, 2); // the voter chose Ada (0)
    expect(checkContestChallenge(m, eh, Y, flipped.body, flipped.secret, 0)).toMatchObject({ ok: false, opensTo: 2, problems: ['the ballot holds Cy, not the choice made'] });
    const lying = checkContestChallenge(m, eh, Y, flipped.body, { ...flipped.secret, choice: 0 }, 0);
    expect(lying.ok).toBe(false);
    expect(lying.problems).toContain('the booth misreported what it encrypted');
  });

  it('randomness that does not open the ciphertexts is caught', () => {
    const b = prepareContestBallot(m, eh, Y, x, 0);
    const wrong = { ...b.secret, randomness: b.secret.randomness.map(() => scalarToHex(randomScalar())) };
    expect(checkContestChallenge(m, eh, Y, b.body, wrong, 0)).toMatchObject({ ok: false, opensTo: undefined, problems: expect.arrayContaining(['the revealed randomness does not open every choice']) });
  });
});

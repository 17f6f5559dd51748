import { describe, expect, it } from 'vitest';
import { buildRules, leaderPatterns } from './triggers';

const rules = buildRules(leaderPatterns('Boris Johnson'));
const fired = (sentence: string) =>
  rules.filter((r) => {
    r.pattern.lastIndex = 0;
    return r.pattern.test(sentence);
  }).map((r) => r.id);

describe('trigger rules', () => {
  it('recognise letters, resubmissions and withdrawals', () => {
    expect(fired('he had submitted a letter of no confidence')).toContain('letter-verb');
    expect(fired('I have written to Sir Graham Brady')).toContain('letter-to-chair');
    expect(fired('he had re-submitted his letter')).toContain('resubmit');
    expect(fired('had withdrawn his original letter')).toContain('withdraw-letter');
  });

  it('only call on the leader to resign, not a minister', () => {
    expect(fired('called on Boris Johnson to resign')).toContain('call-on-to-go');
    expect(fired('called on the prime minister to quit')).toContain('call-on-to-go');
    expect(fired('called on Health Secretary Matt Hancock to resign')).not.toContain('call-on-to-go');
  });

  it('read a letter to constituents as something else', () => {
    expect(fired('he sent a letter to constituents')).not.toContain('letter-verb');
  });

  it('read support and its withdrawal', () => {
    expect(fired('I can no longer support Boris Johnson')).toContain('withdraw-support');
    expect(fired('he threw his weight behind the prime minister')).toContain('back-leader');
    expect(fired('being disloyal to the Prime Minister')).toContain('leader-should-stay');
  });

  it('separate resigning a post from resigning a seat or the whip', () => {
    expect(fired('quit as a parliamentary private secretary')).toContain('resign-post');
    expect(fired('he resigned as an MP')).not.toContain('resigned-bare');
    expect(fired('resigned the Conservative whip')).toContain('defect');
  });
});

import { describe, expect, it } from 'vitest';
import { answerStance, answerToReported, isQuestionLine, questionLeadLength } from './answers';
import { leaderPatterns } from './triggers';

const leader = new RegExp(`\\b${leaderPatterns('Boris Johnson').ref}\\b`, 'i');

describe('isQuestionLine', () => {
  it('takes a line that is one question, with or without a "Q:" label', () => {
    expect(isQuestionLine('Do you still support the Prime Minister?')).toBe(true);
    expect(isQuestionLine('Q: Should he go?')).toBe(true);
    expect(isQuestionLine('**Should the Prime Minister resign?**')).toBe(true);
    expect(isQuestionLine('He asked: "Should he go?"')).toBe(false);
    expect(isQuestionLine('No. Should he? I doubt it.')).toBe(false);
    expect(isQuestionLine(`Do you ${'really '.repeat(40)}support him?`)).toBe(false);
  });
});

describe('answerStance', () => {
  it('reads a bare yes or no against a question about the leader', () => {
    expect(answerStance('Do you still support the Prime Minister?', 'No.', leader)).toBe('withdrew_support');
    expect(answerStance('Do you still support the Prime Minister?', 'Yes, I do.', leader)).toBe('backs_leader');
    expect(answerStance('Q: Do you have confidence in Boris Johnson?', 'A: Absolutely.', leader)).toBe('backs_leader');
    expect(answerStance('Have you written to the 1922 Committee?', 'No.', leader)).toBe('denied_letter');
    expect(answerStance('Have you submitted a letter of no confidence?', 'Yes, I have.', leader)).toBe('submitted_letter');
    expect(answerStance('Should he resign?', 'Yes.', leader)).toBe('called_to_resign');
    expect(answerStance('Will you write to Sir Graham Brady?', 'Yes.', leader)).toBe('intends_letter');
    expect(answerStance('Will you vote for the Prime Minister?', 'Yes, I will be voting for him.', leader)).toBe('backs_leader');
    expect(answerStance('Have you sent a letter?', 'Certainly not.', leader)).toBe('denied_letter');
    expect(answerStance('Have you submitted a letter of no confidence?', "No, I haven't, and I won't be.", leader)).toBe('denied_letter');
    expect(answerStance('Should Boris Johnson resign?', 'Yes, I believe he should.', leader)).toBe('called_to_resign');
  });

  it('reads nothing into a hedge, a longer answer, another target or a question it does not know', () => {
    expect(answerStance('Do you still support the Prime Minister?', 'Yes, but not for much longer.', leader)).toBeNull();
    expect(answerStance('Have you written to the 1922 Committee?', 'Not yet.', leader)).toBeNull();
    expect(answerStance('Will you vote for the Prime Minister?', 'Yes, if he sets out a plan.', leader)).toBeNull();
    expect(answerStance('Will you vote for the Prime Minister?', 'I have not decided.', leader)).toBeNull();
    expect(answerStance('Have you sent a letter?', 'No, not yet, but I might.', leader)).toBeNull();
    expect(answerStance('Do you still support the Prime Minister?', 'No comment.', leader)).toBeNull();
    expect(answerStance('Do you support the calls for him to go?', 'Yes.', leader)).toBeNull();
    expect(answerStance('Do you support Rishi Sunak?', 'Yes.', leader)).toBeNull();
    expect(answerStance('Have you written to your constituents?', 'Yes.', leader)).toBeNull();
    expect(answerStance('Should he resign?', 'No.', leader)).toBeNull();
    expect(answerStance('What do your constituents say?', 'No.', leader)).toBeNull();
  });
});

describe('the leader is whoever the caller names', () => {
  it('reads a call to go against the leader passed in, not a name written into the module', () => {
    const sunak = new RegExp(`\\b${leaderPatterns('Rishi Sunak').ref}\\b`, 'i');
    expect(answerStance('Should Rishi Sunak resign?', 'Yes.', sunak)).toBe('called_to_resign');
    expect(answerStance('Should Boris Johnson resign?', 'Yes.', sunak)).toBeNull();
    expect(answerStance('Should he resign?', 'Yes.', sunak)).toBe('called_to_resign');
    expect(answerToReported('the Prime Minister should resign', 'Yes.', sunak)).toBe('called_to_resign');
    expect(answerToReported('he still backed Mr Sunak', 'Yes.', sunak)).toBe('backs_leader');
    expect(answerToReported('he still backed Boris Johnson', 'Yes.', sunak)).toBeNull();
  });
});

describe('questionLeadLength', () => {
  it('measures the question a questionnaire line puts, whole or before its quoted answer', () => {
    expect(questionLeadLength('**Should the Prime Minister resign?**')).toBe(37);
    expect(questionLeadLength('Jean Hollis, Wellington: My husband was not allowed to see his brother. Have you sent a letter?')).toBe(95);
    expect(questionLeadLength('Have you sent a letter? "Certainly not."')).toBe(24);
    expect(questionLeadLength('He said: "Should he go?"')).toBeNull();
    expect(questionLeadLength('The Prime Minister should resign.')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { contextReason, isCallsOfOthers, type ContextInput } from './context-checks';
import type { Stance } from './types';

/** The member's mentions are found by name in the sentence, as the extractor finds them with the roster. */
function input(sentence: string, name: string | null, stance: Stance, otherNames: string[] = []): ContextInput {
  const offsets = (n: string) => [...sentence.matchAll(new RegExp(n, 'g'))].map((m) => [m.index, m.index + m[0].length] as const);
  return { sentence, mentions: name ? offsets(name) : [], others: otherNames.flatMap(offsets), stance, leader: 'Boris Johnson' };
}

describe('context checks', () => {
  it('demote a question in the reporter\'s voice, not one the member asks under a speaker label', () => {
    expect(contextReason(input('Who is still backing him?', null, 'backs_leader'))).toBe('question');
    expect(contextReason(input('Ann Smith: Prime Minister, are you going to resign?', 'Ann Smith', 'called_to_resign'))).toBeNull();
  });

  it('demote a stance inside a denial or an unsaid report, but keep the denial itself', () => {
    expect(contextReason(input('Alan Mak denied a report in the Daily Mail that he had sent a letter of no confidence.', 'Alan Mak', 'submitted_letter'))).toBe('denied-report');
    expect(contextReason(input('He has not said that the Prime Minister should go.', 'He', 'called_to_resign'))).toBe('denied-report');
    expect(contextReason(input('Justin Tomlinson said the writing was on the wall, but stopped short of saying the PM should quit.', 'Justin Tomlinson', 'called_to_resign'))).toBe('denied-report');
    expect(contextReason(input('Alan Mak denied that he had sent a letter.', 'Alan Mak', 'denied_letter'))).toBeNull();
    // Dismissing a report is not denying the stance said after it.
    expect(contextReason(input('Jacob Rees-Mogg dismissed the Sue Gray report as "fluff" and said Mr Johnson had his full confidence.', 'Jacob Rees-Mogg', 'backs_leader'))).toBeNull();
  });

  it('demote words others put in the member\'s mouth before the stance, not a frame about someone else after it', () => {
    expect(contextReason(input('Friends of Steve Baker say he has already written to Sir Graham Brady.', 'Steve Baker', 'submitted_letter'))).toBe('said-by-others');
    expect(contextReason(input('Tobias Ellwood is said by allies to be minded to vote against.', 'Tobias Ellwood', 'withdrew_support'))).toBe('said-by-others');
    expect(contextReason(input('Trade minister Greg Hands also backed Johnson, while Home Secretary Priti Patel was said by allies to be privately frustrated.', 'Greg Hands', 'backs_leader'))).toBeNull();
  });

  it('demote support that is bounded history, not support reported now or backed in a vote', () => {
    expect(contextReason(input('"I have supported him for many years," he said in the chamber.', null, 'backs_leader'))).toBe('support-is-history');
    expect(contextReason(input('"I have been proud to back him, but I will be voting against him this evening," he said.', null, 'backs_leader'))).toBe('support-is-history');
    expect(contextReason(input('Steve Baker says he will vote against the Prime Minister, having previously said he would back him.', 'Steve Baker', 'backs_leader'))).toBe('support-is-history');
    expect(contextReason(input('Torbay\'s Kevin Foster said he had backed the Prime Minister.', 'Kevin Foster', 'backs_leader'))).toBeNull();
    expect(contextReason(input('Nadine Dorries, who had defended Johnson through January, said on Wednesday that he "has my full support".', 'Nadine Dorries', 'backs_leader'))).toBeNull();
  });

  it('demote a member named only as an object or as the owner of someone else\'s role', () => {
    expect(contextReason(input('Dominic Raab is backing Rishi Sunak, who has not yet declared.', 'Rishi Sunak', 'backs_leader'))).toBe('member-is-object');
    expect(contextReason(input('In the Lords, the Conservative peer Lord Barwell, Theresa May\'s former chief of staff, tweeted that "he must go".', 'Theresa May', 'called_to_resign'))).toBe('member-is-object');
    expect(contextReason(input('On Wednesday Mr Baker said Mr Johnson should go.', 'Mr Baker', 'called_to_resign'))).toBeNull();
    expect(contextReason(input('Scottish Tory MP Andrew Bowie said he supported Douglas Ross\'s call for Boris Johnson to go.', 'Douglas Ross', 'called_to_resign'))).toBeNull();
    expect(contextReason(input('The resignations of Rishi Sunak and Sajid Javid had left the government reeling.', 'Rishi Sunak', 'resigned_post'))).toBeNull();
  });

  it('demote confidence lost in something other than the leader', () => {
    expect(contextReason(input('Julian Knight told the Post that he had "no confidence in the BBC\'s leadership".', 'Julian Knight', 'withdrew_support'))).toBe('other-target');
    expect(contextReason(input('Julian Knight said he had lost confidence in Boris Johnson.', 'Julian Knight', 'withdrew_support'))).toBeNull();
    expect(contextReason(input('Julian Knight said he had no confidence in the Prime Minister\'s leadership.', 'Julian Knight', 'withdrew_support'))).toBeNull();
  });

  it('demote a choice put to the leader, not a plain call', () => {
    expect(contextReason(input('Tobias Ellwood says the Prime Minister must "lead or step aside".', 'Tobias Ellwood', 'called_to_resign'))).toBe('alternative-offered');
    expect(contextReason(input('Tobias Ellwood says the Prime Minister must step aside.', 'Tobias Ellwood', 'called_to_resign'))).toBeNull();
  });

  it('demote a member who is the one told to go, not the one calling', () => {
    expect(contextReason(input('Tracey Crouch said that she had voted against the Prime Minister and that he should now step aside.', '\\bhe\\b', 'called_to_resign'))).toBe('member-is-target');
    expect(contextReason(input('Tracey Crouch said that he should now step aside.', 'Tracey Crouch', 'called_to_resign'))).toBeNull();
  });

  it('demote stance words that are someone else\'s nouns', () => {
    const sentence = 'Speaking after the resignations of Rishi Sunak and Sajid Javid, the MP Richard Holden said nothing.';
    expect(contextReason(input(sentence, 'Richard Holden', 'resigned_post', ['Rishi Sunak', 'Sajid Javid']))).toBe('stance-of-another');
    expect(contextReason(input('Richard Holden resigned after the resignations of Rishi Sunak.', 'Richard Holden', 'resigned_post', ['Rishi Sunak']))).toBeNull();
  });

  it('demote going somewhere, not going', () => {
    expect(contextReason(input('ROBERT HALFON: I\'m going to go to my meeting.', 'ROBERT HALFON', 'called_to_resign'))).toBe('going-somewhere');
    expect(contextReason(input('Robert Halfon said it was time for him to go.', 'Robert Halfon', 'called_to_resign'))).toBeNull();
  });

  it('demote "not yet" as a denial, not a denial that also says not yet', () => {
    expect(contextReason(input('He told BBC Radio Cumbria he had not yet put in a letter.', '\\bHe\\b', 'denied_letter'))).toBe('not-yet');
    expect(contextReason(input('He said he had not yet put in a letter and would never do so.', '\\bHe\\b', 'denied_letter'))).toBeNull();
  });

  it('demote stance words in another sense: a particle, a noun, a withdrawn letter', () => {
    expect(contextReason(input('Late in the evening Peter Gibson and Jacob Young handed back their roles as ministerial aides.', 'Jacob Young', 'backs_leader'))).toBe('other-sense');
    expect(contextReason(input('"In the name of God," the Stroud MP told him from the backbenches, "go."', null, 'backs_leader'))).toBe('other-sense');
    expect(contextReason(input('Mr Chishti had withdrawn his original letter in March.', 'Mr Chishti', 'submitted_letter'))).toBe('other-sense');
    expect(contextReason(input('Jacob Young said he would back the Prime Minister.', 'Jacob Young', 'backs_leader'))).toBeNull();
    expect(contextReason(input('Mr Chishti had sent his letter in March.', 'Mr Chishti', 'submitted_letter'))).toBeNull();
  });

  it('demote going somewhere as resigning, and declining when the member is the one who declines', () => {
    expect(contextReason(input('That evening Grant Shapps went into Downing Street and told him it was time to go.', 'Grant Shapps', 'resigned_post'))).toBe('going-somewhere');
    expect(contextReason(input('Sunak declines to back Johnson fully', 'Sunak', 'backs_leader'))).toBe('denied-report');
    const sentence = 'While Rishi Sunak has refused to lend his full support, Nadine Dorries said those voting against him were disloyal to the Prime Minister.';
    expect(contextReason(input(sentence, 'Nadine Dorries', 'backs_leader', ['Rishi Sunak']))).toBeNull();
  });

  it('demote backing told in a relative clause set at a past time, before a main clause that says something else', () => {
    const sentence = 'Jacob Young, the Redcar MP, who backed Mr Johnson in the confidence vote in June, resigned on Wednesday as a parliamentary private secretary.';
    expect(contextReason(input(sentence, 'Jacob Young', 'backs_leader'))).toBe('support-is-history');
    expect(contextReason(input('Jacob Young, the Redcar MP, who backed Mr Johnson in June, said he still backs him.', 'Jacob Young', 'backs_leader'))).toBeNull();
  });

  it('demote a name in apposition to an object, and confidence that is the leader\'s own', () => {
    const sentence = 'Guildford MP Angela Richardson has resigned as parliamentary private secretary to the levelling up secretary, Michael Gove, after the revelations.';
    expect(contextReason(input(sentence, 'Michael Gove', 'resigned_post', ['Angela Richardson']))).toBe('member-is-object');
    expect(contextReason(input(sentence, 'Angela Richardson', 'resigned_post', ['Michael Gove']))).toBeNull();
    expect(contextReason(input('Downing Street said the prime minister had "full confidence" in his ministers.', null, 'backs_leader'))).toBe('leader-is-subject');
    expect(contextReason(input('Jane Smith said she had "full confidence" in the prime minister.', 'Jane Smith', 'backs_leader'))).toBeNull();
  });
});

describe('calls of others', () => {
  const call = (sentence: string) => isCallsOfOthers({ sentence, mentions: [[0, 11]], stance: 'called_to_resign' });
  it('the member speaks about or turns down calls others make', () => {
    expect(call('Steve Baker said calls for the prime minister to go were ridiculous.')).toBe(true);
    expect(call('Steve Baker rejected calls for the prime minister to resign.')).toBe(true);
    expect(call('Steve Baker dismissed growing calls for his resignation.')).toBe(true);
  });
  it('not the member’s own calls, nor a call stated another way in the same sentence', () => {
    expect(call('Steve Baker joined calls for the prime minister to quit.')).toBe(false);
    expect(call('Steve Baker calls for the prime minister to go.')).toBe(false);
    expect(call('Steve Baker said calls for the prime minister to go were right, and that he should resign now.')).toBe(false);
  });
});

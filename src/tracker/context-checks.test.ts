import { describe, expect, it } from 'vitest';
import { contextReason, continuesEarlierYear, isCallsOfOthers, isConditional, type ContextInput } from './context-checks';
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
    expect(contextReason(input('Mr Sunak said nothing on Wednesday about whether he continued to support the Prime Minister.', 'Mr Sunak', 'backs_leader'))).toBe('denied-report');
    expect(contextReason(input('Priti Patel has remained silent on whether she still backs him.', 'Priti Patel', 'backs_leader'))).toBe('denied-report');
    expect(contextReason(input('Mr Sunak said nothing for a day, but on Wednesday he said he continued to support the Prime Minister.', 'Mr Sunak', 'backs_leader'))).toBeNull();
    // Dismissing a report is not denying the stance said after it.
    expect(contextReason(input('Jacob Rees-Mogg dismissed the Sue Gray report as "fluff" and said Mr Johnson had his full confidence.', 'Jacob Rees-Mogg', 'backs_leader'))).toBeNull();
  });

  it('demote words others put in the member\'s mouth before the stance, not a frame about someone else after it', () => {
    expect(contextReason(input('Friends of Steve Baker say he has already written to Sir Graham Brady.', 'Steve Baker', 'submitted_letter'))).toBe('said-by-others');
    expect(contextReason(input('SIR - Several newspapers have reported that I am among those who have put in letters.', 'I', 'submitted_letter'))).toBe('said-by-others');
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
    expect(contextReason(input('Nigel Mills said the letter he sent Sir Graham Brady on 13 January "still stands" and that the Prime Minister should resign.', 'Sir Graham Brady', 'called_to_resign'))).toBe('member-is-object');
    expect(contextReason(input('Mark Harper told Mark Spencer that the Prime Minister should resign.', 'Mark Spencer', 'called_to_resign'))).toBe('member-is-object');
    expect(contextReason(input('Nigel Mills said the letter he sent Sir Graham Brady on 13 January "still stands" and that the Prime Minister should resign.', 'Nigel Mills', 'called_to_resign'))).toBeNull();
    expect(contextReason(input('Scottish Tory MP Andrew Bowie said he supported Douglas Ross\'s call for Boris Johnson to go.', 'Douglas Ross', 'called_to_resign'))).toBeNull();
    expect(contextReason(input('The resignations of Rishi Sunak and Sajid Javid had left the government reeling.', 'Rishi Sunak', 'resigned_post'))).toBeNull();
    expect(contextReason(input('John Glen, a minister who had been seen as close to Rishi Sunak, resigned on Wednesday morning.', 'Rishi Sunak', 'resigned_post', ['John Glen']))).toBe('member-is-object');
    expect(contextReason(input('Sajid Javid and Rishi Sunak resigning within minutes of each other sealed it.', 'Rishi Sunak', 'resigned_post', ['Sajid Javid']))).toBeNull();
  });

  it('demote a member named only in the clause of a "while", "whereas" or semicolon that lacks the stance words', () => {
    const sentence = 'Tory MPs David Davis and Tim Loughton have said that they have sent letters to Sir Graham Brady, while Sir Roger Gale and Aaron Bell have called for the prime minister to quit.';
    expect(contextReason(input(sentence, 'Tim Loughton', 'called_to_resign', ['David Davis', 'Sir Roger Gale', 'Aaron Bell']))).toBe('stance-of-another');
    expect(contextReason(input(sentence, 'Aaron Bell', 'called_to_resign', ['David Davis', 'Tim Loughton', 'Sir Roger Gale']))).toBeNull();
    expect(contextReason(input(sentence, 'Tim Loughton', 'submitted_letter', ['David Davis', 'Sir Roger Gale', 'Aaron Bell']))).toBeNull();
    // An elliptic clause borrows the verb of the one before.
    expect(contextReason(input('The next morning John Glen, the City minister, resigned; so did Victoria Atkins at the Ministry of Justice.', 'Victoria Atkins', 'resigned_post', ['John Glen']))).toBeNull();
  });

  it('demote stance words about a member the sentence says has said nothing, but not an act', () => {
    expect(contextReason(input('Dan Poulter retweeted a post calling on the Prime Minister to resign, but has said nothing himself.', 'Dan Poulter', 'called_to_resign'))).toBe('said-nothing');
    expect(contextReason(input('Whips count Jo Gideon, the Stoke-on-Trent Central MP, among the loyal; she has said nothing herself this week.', 'Jo Gideon', 'backs_leader'))).toBe('said-nothing');
    expect(contextReason(input('Ben Wallace stayed at Defence for what his friends called "reasons of state" and said nothing either way.', 'Ben Wallace', 'backs_leader'))).toBe('said-nothing');
    expect(contextReason(input('Lee Anderson said nothing in public for a week, then said on Friday that he backed the Prime Minister.', 'Lee Anderson', 'backs_leader'))).toBeNull();
    expect(contextReason(input('Sajid Javid resigned on Tuesday and has said nothing himself since.', 'Sajid Javid', 'resigned_post'))).toBeNull();
  });

  it('demote an open question as a fragment, a seat behind the leader and a joint letter, not the plain stance', () => {
    expect(contextReason(input('- Whether Nadhim Zahawi, appointed Chancellor on Tuesday night, stays loyal.', 'Nadhim Zahawi', 'backs_leader'))).toBe('question');
    expect(contextReason(input('- Nadhim Zahawi, appointed Chancellor on Tuesday night, stays loyal.', 'Nadhim Zahawi', 'backs_leader'))).toBeNull();
    expect(contextReason(input('That same afternoon David Davis stood up behind him and told him: "In the name of God, go."', 'David Davis', 'backs_leader'))).toBe('other-sense');
    expect(contextReason(input('David Davis said he stood behind the Prime Minister.', 'David Davis', 'backs_leader'))).toBeNull();
    const joint = 'Kemi Badenoch, Julia Lopez and Lee Rowley were among the signatories of a joint letter which said the government "cannot function".';
    expect(contextReason(input(joint, 'Lee Rowley', 'submitted_letter', ['Kemi Badenoch', 'Julia Lopez']))).toBe('other-sense');
    expect(contextReason(input('Lee Rowley said he had sent a letter of no confidence to Sir Graham Brady.', 'Lee Rowley', 'submitted_letter', ['Sir Graham Brady']))).toBeNull();
  });

  it('demote stance words that share a clause with an earlier year, not a stance said now beside it', () => {
    expect(contextReason(input("Four years earlier he and David Davis had both quit Theresa May's cabinet over Chequers, a few days apart.", 'David Davis', 'resigned_post'))).toBe('earlier-year');
    expect(contextReason(input('Theresa May won her vote in 2018 and was gone within six months.', 'Theresa May', 'resigned_post'))).toBe('earlier-year');
    expect(contextReason(input("He campaigned on Mr Johnson's name in 2019 and says he still backs him.", 'He', 'backs_leader'))).toBeNull();
    expect(contextReason(input('David Davis, who quit in 2018, said on Tuesday that the Prime Minister must go.', 'David Davis', 'called_to_resign'))).toBeNull();
    // "Had gone in the early hours" is a time, not a place; "went into Downing Street" is a place.
    expect(contextReason(input('Brandon Lewis, the Northern Ireland secretary, had gone in the early hours.', 'Brandon Lewis', 'resigned_post'))).toBeNull();
    expect(contextReason(input('Brandon Lewis went into Downing Street on Tuesday.', 'Brandon Lewis', 'resigned_post'))).toBe('going-somewhere');
    // One friend of the member speaks for him; an ally of the Prime Minister who acts is the agent.
    expect(contextReason(input('A friend of Sajid Javid tells me he will be voting for the prime minister.', 'Sajid Javid', 'backs_leader'))).toBe('said-by-others');
    expect(contextReason(input('Jesse Norman, a long-standing ally of the Prime Minister, said he would back him.', 'Jesse Norman', 'backs_leader'))).toBeNull();
    // A report called untrue denies what it reports; words after it in another clause stand.
    expect(contextReason(input('Mrs Murray said reports on social media that she had submitted a letter were "completely untrue".', 'Mrs Murray', 'submitted_letter'))).toBe('denied-report');
    expect(contextReason(input('Ms Smith said the reports were "simply untrue" and that the prime minister had her full support.', 'Ms Smith', 'backs_leader'))).toBeNull();
    // Support given several times is told as history; "not the same thing as saying he backs" says nothing.
    expect(contextReason(input('Michael Ellis, who has defended the PM at the despatch box several times, did not post anything.', 'Michael Ellis', 'backs_leader'))).toBe('support-is-history');
    expect(contextReason(input('That is not the same thing as saying he backs the Prime Minister.', 'he', 'backs_leader'))).toBe('denied-report');
    // The stance of "anyone who" or "the Tories who", unless the member is one of them.
    expect(contextReason(input('Lee Anderson said that anyone who had sent a letter "should have a word with themselves".', 'Lee Anderson', 'submitted_letter'))).toBe('stance-of-another');
    expect(contextReason(input('Therese Coffey on loyalty, letters and the Tories who want him gone', 'Therese Coffey', 'called_to_resign'))).toBe('stance-of-another');
    expect(contextReason(input('Jacob Rees-Mogg was among those who stayed loyal and backed the Prime Minister.', 'Jacob Rees-Mogg', 'backs_leader'))).toBeNull();
    // "A resigning matter" is a kind of offence, not a resignation.
    expect(contextReason(input("Misleading the House is a resigning matter for any minister - that's always been the convention.", 'Damian Green', 'resigned_post'))).toBe('other-sense');
    // A letter to the Prime Minister is not one to the chairman.
    expect(contextReason(input('Jesse Norman publishes damning letter to PM', 'Jesse Norman', 'submitted_letter'))).toBe('other-sense');
    // A time counted on from a sentence set in an earlier year is history too; not from one dated this year.
    expect(continuesEarlierYear('She resigned within six months.', 'The rebellion was larger than the one faced by Theresa May in December 2018.')).toBe(true);
    expect(continuesEarlierYear('Two days later Aaron Bell said he had sent a letter.', 'On 31 January Andrew Mitchell, who had backed him in 2019, said he no longer had his support.')).toBe(false);
    expect(continuesEarlierYear('She resigned on Thursday.', 'Theresa May faced a vote in December 2018.')).toBe(false);
    // A relative clause ("what we promised in 2019") has its own time.
    expect(contextReason(input('I think the Prime Minister should step down and allow a new leader to get on with delivering what we promised in 2019.', 'I', 'called_to_resign'))).toBeNull();
  });

  it('demote a call said not to be made, an affair named after the member and a letter against a titled other', () => {
    expect(contextReason(input('Sir Edward Leigh said he was not going to call for the prime minister to resign.', 'Sir Edward Leigh', 'called_to_resign'))).toBe('denied-report');
    expect(contextReason(input('Sir Edward Leigh said he was going to call for the prime minister to resign.', 'Sir Edward Leigh', 'called_to_resign'))).toBeNull();
    expect(contextReason(input('She said the handling of the Chris Pincher affair had been "the final straw" and that she had quit her post.', 'Chris Pincher', 'resigned_post'))).toBe('member-is-object');
    expect(contextReason(input('Chris Pincher resigned as deputy chief whip on Thursday night.', 'Chris Pincher', 'resigned_post'))).toBeNull();
    expect(contextReason(input('Steve Baker also submitted a letter against Mrs May.', 'Steve Baker', 'submitted_letter'))).toBe('other-target');
    expect(contextReason(input('Steve Baker also submitted a letter against Mr Johnson.', 'Steve Baker', 'submitted_letter'))).toBeNull();
  });

  it('demote support told as a past stretch before "but" or "through", a trip on air and a meeting in a member\'s office', () => {
    expect(contextReason(input('Nickie Aiken said: "I have been a loyal supporter of the prime minister, but he should now resign."', 'Nickie Aiken', 'backs_leader'))).toBe('support-is-history');
    expect(contextReason(input('"I have defended the Prime Minister for a long time, but I cannot defend this any more," he said.', null, 'backs_leader'))).toBe('support-is-history');
    expect(contextReason(input('Robert Jenrick posted: "I have backed the PM through difficult times.', 'Robert Jenrick', 'backs_leader'))).toBe('support-is-history');
    expect(contextReason(input('"I have backed the PM through difficult times and I will vote for him tonight," he said.', null, 'backs_leader'))).toBeNull();
    expect(contextReason(input("The Ashfield MP was one of the few backbenchers to go on air in the Prime Minister's defence.", 'The Ashfield MP', 'called_to_resign'))).toBe('going-somewhere');
    expect(contextReason(input('He had been at the meeting in the office of Alicia Kearns at which letters of no confidence were discussed.', 'Alicia Kearns', 'submitted_letter', ['He']))).toBe('member-is-object');
    expect(contextReason(input('Alicia Kearns said letters of no confidence were discussed in her office.', 'Alicia Kearns', 'submitted_letter'))).toBeNull();
  });

  it('demote a letter "not sent so far, but" coming, a demand made of the member, a replaced minister and support ended', () => {
    expect(contextReason(input("He hasn't sent a letter so far, he said, but he told me he would be writing to Sir Graham tonight.", 'He', 'denied_letter'))).toBe('not-yet');
    expect(contextReason(input('Neil Hudson said he had not written to Sir Graham Brady before now but would be doing so before Parliament rose.', 'Neil Hudson', 'denied_letter'))).toBe('not-yet');
    expect(contextReason(input('Neil Hudson said he had not written to Sir Graham Brady and would not be doing so.', 'Neil Hudson', 'denied_letter'))).toBeNull();
    expect(contextReason(input('In April, when Labour demanded that Rishi Sunak resign as Chancellor over his family\'s tax affairs, I said it was a smear.', 'Rishi Sunak', 'resigned_post'))).toBe('member-is-target');
    expect(contextReason(input('Rishi Sunak resigned as Chancellor on Tuesday evening.', 'Rishi Sunak', 'resigned_post'))).toBeNull();
    expect(contextReason(input('Michelle Donelan, who was made education secretary to replace Nadhim Zahawi, resigned shortly before 1am.', 'Nadhim Zahawi', 'resigned_post', ['Michelle Donelan']))).toBe('member-is-object');
    expect(contextReason(input('Bim Afolami resigned live on TalkTV, saying he did not think the Prime Minister "has my support any more".', 'Bim Afolami', 'backs_leader'))).toBe('support-is-history');
    expect(contextReason(input('Bim Afolami said the Prime Minister has my support.', 'Bim Afolami', 'backs_leader'))).toBeNull();
  });

  it('demote a question answered with a refusal, support defended "many times", and a when-clause of an earlier year', () => {
    expect(contextReason(input('Asked whether he had voted against the prime minister, Mr Ellwood said on Tuesday: "I am not going to share how I voted.', 'Mr Ellwood', 'withdrew_support'))).toBe('question');
    expect(contextReason(input('Asked whether the Prime Minister still had her backing, Therese Coffey said: "Absolutely, he does."', 'Therese Coffey', 'backs_leader'))).toBeNull();
    expect(contextReason(input('"I have defended the prime minister many times, including in this newspaper," Mr Bowie said.', 'Mr Bowie', 'backs_leader'))).toBe('support-is-history');
    expect(contextReason(input('The scale of the rebellion was larger than the one Theresa May faced in 2018, when 117 of her lawmakers voted against her.', 'Theresa May', 'withdrew_support'))).toBe('earlier-year');
    expect(contextReason(input('Steve Baker quit in 2018, when Theresa May was leader, and on Monday he said he would vote against the Prime Minister.', 'Steve Baker', 'withdrew_support'))).toBeNull();
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
    expect(contextReason(input('Kit Malthouse, the Chancellor of the Duchy of Lancaster, went public after the meeting.', 'Kit Malthouse', 'resigned_post'))).toBe('going-somewhere');
    expect(contextReason(input('Kit Malthouse went quiet after the meeting.', 'Kit Malthouse', 'resigned_post'))).toBe('going-somewhere');
    expect(contextReason(input('Kit Malthouse went on Wednesday, the fifth minister to quit.', 'Kit Malthouse', 'resigned_post'))).toBeNull();
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
    expect(call('Anna Firth has withdrawn her support for Boris Johnson with the beleaguered PM beset by resignations and calls for him to step down.')).toBe(true);
  });
  it('not the member’s own calls, nor a call stated another way in the same sentence', () => {
    expect(call('Steve Baker joined calls for the prime minister to quit.')).toBe(false);
    expect(call('Steve Baker calls for the prime minister to go.')).toBe(false);
    expect(call('Steve Baker said calls for the prime minister to go were right, and that he should resign now.')).toBe(false);
  });
});

describe('a condition the sentence opens with', () => {
  const conditional = (sentence: string, stance: Stance = 'called_to_resign') => isConditional({ sentence, mentions: [], stance });
  it('the stance only in the consequence of a leading "if" or "unless"', () => {
    expect(conditional('"If he cannot give a clear account, then yes, it is time for a change," he said.')).toBe(true);
    expect(conditional('Unless the report clears him, he will have to go.')).toBe(true);
    expect(conditional('If Sue Gray finds he lied, I will submit a letter.', 'intends_letter')).toBe(true);
  });
  it('not an opinion framed by an idiom, nor a stance stated before or without a condition', () => {
    expect(conditional('If you ask me, it is time for him to go.')).toBe(false);
    expect(conditional('He must resign, if only for the sake of the party.')).toBe(false);
    expect(conditional('It is time for a change.')).toBe(false);
  });
});

describe('support that has run out', () => {
  const history = (sentence: string) => contextReason({ sentence, mentions: [[0, 10]], stance: 'backs_leader' });
  it('"defended him for too long", "no longer had confidence"', () => {
    expect(history('Lawmakers Craig Whittaker and Angela Richardson also said that they no longer had confidence in the prime minister, with Richardson saying she had "defended him for too long".')).toBe('support-is-history');
    expect(history('Richardson said she no longer backed him.')).toBe('support-is-history');
  });
  it('not backing stated now beside it', () => {
    expect(history('Richardson said she had defended him for too long, but still backs him today.')).toBeNull();
  });
});

describe('time clauses', () => {
  const sentence = 'And Nadhim Zahawi, the man appointed chancellor when Mr Sunak quit, published a letter on Thursday morning telling the Prime Minister: "You must do the right thing and go now."';
  const zahawi: [number, number] = [4, 17];
  const sunak: [number, number] = [sentence.indexOf('Mr Sunak'), sentence.indexOf('Mr Sunak') + 8];
  it('the verb of someone else’s time clause is theirs', () => {
    expect(contextReason({ sentence, mentions: [zahawi], others: [sunak], stance: 'resigned_post' })).toBe('stance-of-another');
  });
  it('a member named only as the subject of a time clause does not own the stance outside it', () => {
    expect(contextReason({ sentence, mentions: [sunak], others: [zahawi], stance: 'called_to_resign' })).toBe('member-in-time-clause');
  });
  it('but their own verb in the clause, or a pronoun of theirs outside it, is theirs', () => {
    expect(contextReason({ sentence, mentions: [sunak], others: [zahawi], stance: 'resigned_post' })).toBeNull();
    const own = 'When Mr Sunak quit, he said the Prime Minister should go.';
    expect(contextReason({ sentence: own, mentions: [[5, 13], [20, 22]], stance: 'called_to_resign' })).toBeNull();
  });
});

describe('stance words in another sense, from batch 36', () => {
  const reason = (sentence: string, stance: Stance) => contextReason({ sentence, mentions: [[0, 5]], stance });
  it('a defence title, speaking out for the leader, going on the radio', () => {
    expect(reason('It quotes Tobias Ellwood, the defence committee chairman, as saying he hoped Mr Johnson "listens to what 148 of his colleagues have told him".', 'backs_leader')).toBe('other-sense');
    expect(reason('Foreign Secretary Liz Truss was among the first to speak out on Wednesday night, tweeting: "I stand behind the Prime Minister 100% as he takes our country forward."', 'withdrew_support')).toBe('other-sense');
    expect(reason('On 1 February Conor Burns, the Northern Ireland minister, went on the morning programmes to say he was "fully behind" the Prime Minister.', 'resigned_post')).toBe('going-somewhere');
  });
  it('but a defence of the leader, speaking out against him, or going are still read', () => {
    expect(reason('Ellwood rose to the defence of the Prime Minister.', 'backs_leader')).toBeNull();
    expect(reason('Truss spoke out against the Prime Minister on Wednesday.', 'withdrew_support')).toBeNull();
    expect(reason('Burns went on Tuesday, the third minister to quit.', 'resigned_post')).toBeNull();
  });
});

describe('from batch 37', () => {
  it('a resubmission is not a first letter; support regretted is history; an owner of allies with a possessive pronoun', () => {
    const s1 = '"I read the report, and I put my letter back in."';
    expect(contextReason({ sentence: s1, mentions: [], stance: 'submitted_letter' })).toBe('other-sense');
    const s2 = 'The same day Aaron Bell submitted his letter, saying he had "felt like a mug" for defending the Prime Minister.';
    expect(contextReason({ sentence: s2, mentions: [[13, 23]], stance: 'backs_leader' })).toBe('support-is-history');
    const s3 = "Rishi Sunak's allies were keener to talk about his spring statement.";
    expect(contextReason({ sentence: s3, mentions: [[0, 11], [47, 50]], stance: 'backs_leader' })).toBe('member-is-object');
  });
  it('but a first letter, backing now, and the member as subject are still read', () => {
    expect(contextReason({ sentence: 'I have put my letter in.', mentions: [], stance: 'submitted_letter' })).toBeNull();
    expect(contextReason({ sentence: 'Aaron Bell said he backs the Prime Minister.', mentions: [[0, 10]], stance: 'backs_leader' })).toBeNull();
    expect(contextReason({ sentence: 'Rishi Sunak said his support for the Prime Minister was total.', mentions: [[0, 11], [17, 20]], stance: 'backs_leader' })).toBeNull();
  });
});

describe('from batch 38', () => {
  it('a call in the relative clause of someone else’s name; a denied call beside "in his position"; a letter written again', () => {
    const s1 = 'He described the Scottish Tory leader Douglas Ross, who has called for Mr Johnson to go, as "quite a lightweight figure".';
    expect(contextReason({ sentence: s1, mentions: [[0, 2]], others: [[38, 50]], stance: 'called_to_resign' })).toBe('stance-of-another');
    const s2 = 'Mr Holmes did not say the prime minister should go, but nobody in his position quits on a whim.';
    expect(contextReason({ sentence: s2, mentions: [[0, 9], [66, 69]], stance: 'called_to_resign' })).toBe('denied-report');
    const s3 = 'Sir Gary Streeter told his local paper on Thursday that he had written to Sir Graham Brady again to say he had no confidence in the prime minister.';
    expect(contextReason({ sentence: s3, mentions: [[0, 17]], stance: 'submitted_letter' })).toBe('other-sense');
  });
  it('but the member’s own relative clause, and a tenure said to be untenable, are the member’s', () => {
    const own = 'Douglas Ross, who has called for Mr Johnson to go, spoke again.';
    expect(contextReason({ sentence: own, mentions: [[0, 12]], stance: 'called_to_resign' })).toBeNull();
    expect(contextReason({ sentence: 'Mr Holmes said his position was untenable.', mentions: [[0, 9]], stance: 'called_to_resign' })).toBeNull();
  });
});

describe('from batch 39', () => {
  it('loyalty set against what came next; a report with its time; defending something else', () => {
    const s1 = 'I have been loyal, I have defended him on the doorstep, but the Pincher affair was the final straw," he said.';
    expect(contextReason({ sentence: s1, mentions: [], stance: 'backs_leader' })).toBe('support-is-history');
    const s2 = 'Huw Merriman, chairman of the transport committee, was reported on Tuesday night to have submitted a letter.';
    expect(contextReason({ sentence: s2, mentions: [[0, 12]], stance: 'submitted_letter' })).toBe('said-by-others');
    const s3 = 'In a statement he said he could not defend "a toxic culture" in Downing Street.';
    expect(contextReason({ sentence: s3, mentions: [[15, 17]], stance: 'withdrew_support' })).toBe('other-target');
  });
  it('but support now, a letter in the member’s own words, and no defence of the leader are still read', () => {
    expect(contextReason({ sentence: 'I have been loyal and I remain loyal to him.', mentions: [], stance: 'backs_leader' })).toBeNull();
    expect(contextReason({ sentence: 'Huw Merriman said on Tuesday night that he had submitted a letter.', mentions: [[0, 12]], stance: 'submitted_letter' })).toBeNull();
    expect(contextReason({ sentence: 'He said he could not defend the Prime Minister any longer.', mentions: [[0, 2]], stance: 'withdrew_support' })).toBeNull();
  });
});

describe('support given to someone else; a pronoun in another person’s sentence', () => {
  it('demote backing a named person who is not the leader, in the member’s own clause', () => {
    expect(contextReason(input('Dominic Raab is backing Rishi Sunak.', 'Dominic Raab', 'backs_leader', ['Rishi Sunak']))).toBe('backs-someone-else');
    const s = 'Andrew Bowie and John Lamont backed Mr Ross’s stance, while Alister Jack said the Prime Minister had his full support.';
    expect(contextReason(input(s, 'John Lamont', 'backs_leader', ['Andrew Bowie', 'Mr Ross', 'Alister Jack']))).toBe('backs-someone-else');
    // The other clause is Alister Jack’s own, and his support is the leader’s.
    expect(contextReason(input(s, 'Alister Jack', 'backs_leader', ['Andrew Bowie', 'John Lamont', 'Mr Ross']))).toBeNull();
  });
  it('but backing the leader by name, or a person named elsewhere in the sentence, is still support', () => {
    expect(contextReason(input('Dominic Raab is backing Boris Johnson.', 'Dominic Raab', 'backs_leader'))).toBeNull();
    expect(contextReason(input('Dominic Raab, unlike Rishi Sunak, is backing the Prime Minister.', 'Dominic Raab', 'backs_leader', ['Rishi Sunak']))).toBeNull();
  });
  it('demote a member present only as a pronoun in a sentence that opens on someone else', () => {
    const truss = '13.05 Liz Truss, on a visit to a school, says she is "100% behind" the Prime Minister and urges colleagues to back him.';
    expect(contextReason({ sentence: truss, mentions: [[truss.lastIndexOf('him'), truss.lastIndexOf('him') + 3]], others: [[6, 15], [46, 49]], stance: 'called_to_resign' })).toBe('pronoun-of-another');
    const spencer = 'Mark Spencer, the Leader of the House, was more definite: the Prime Minister, he told Times Radio, "has my backing".';
    const he = spencer.indexOf(' he ') + 1;
    expect(contextReason({ sentence: spencer, mentions: [[he, he + 2], [spencer.indexOf('my'), spencer.indexOf('my') + 2]], others: [[0, 12]], stance: 'backs_leader' })).toBe('pronoun-of-another');
  });
  it('but a pronoun before the other name, a name that is not the subject, or the member named, stays the member’s', () => {
    const gray = 'After reading the Sue Gray report, I have concluded that the Prime Minister should resign.';
    expect(contextReason({ sentence: gray, mentions: [[35, 36]], others: [[18, 26]], stance: 'called_to_resign' })).toBeNull();
    const named = 'Liz Truss said on Friday that Kemi Badenoch had told her she backed him.';
    expect(contextReason(input(named, 'Kemi Badenoch', 'backs_leader', ['Liz Truss']))).toBeNull();
    const first = 'He told Sky that Mark Spencer was wrong and that he backed the Prime Minister.';
    expect(contextReason({ sentence: first, mentions: [[0, 2], [48, 50]], others: [[17, 29]], stance: 'backs_leader' })).toBeNull();
  });
});

describe('a departure named only to be ruled out', () => {
  it('demote "no question of", "no need for", "the idea that … was absurd"', () => {
    for (const s of [
      'Dominic Raab said there was "no question" of Mr Johnson resigning over "a birthday cake in the Cabinet Room".',
      'Dominic Raab said there was no need for Mr Johnson to step down.',
      'Dominic Raab said there was no reason whatsoever for the Prime Minister to resign.',
      'Dominic Raab said the idea that Mr Johnson should go was absurd.',
    ]) expect(contextReason(input(s, 'Dominic Raab', 'called_to_resign')), s).toBe('call-refused');
  });
  it('but certainty that he must go is a call', () => {
    expect(contextReason(input('Dominic Raab said there was no question that Mr Johnson must now resign.', 'Dominic Raab', 'called_to_resign'))).toBeNull();
    expect(contextReason(input('Dominic Raab said there was no doubt the Prime Minister had to go.', 'Dominic Raab', 'called_to_resign'))).toBeNull();
  });
});

describe('pronouns in someone else’s clause or reported words', () => {
  it('demote a call in the relative clause of someone else’s name even when a pronoun there was carried to the member', () => {
    const s = 'Mr Lewis is the fourth secretary of state to leave, after the sacking of Michael Gove, who had told the Prime Minister on Wednesday that he should quit.';
    const he = s.lastIndexOf(' he ') + 1;
    const gove = s.indexOf('Michael Gove');
    expect(contextReason({ sentence: s, mentions: [[0, 8], [he, he + 2]], others: [[gove, gove + 12]], stance: 'called_to_resign' })).toBe('stance-of-another');
    // Named inside the clause, the member is its subject.
    const own = 'He praised Michael Gove, who with Mr Lewis told the Prime Minister that he should quit.';
    expect(contextReason({ sentence: own, mentions: [[0, 2], [own.indexOf('Mr Lewis'), own.indexOf('Mr Lewis') + 8]], others: [[11, 23]], stance: 'called_to_resign' })).toBeNull();
  });
  it('demote a member present only as "he" when the sentence opens on another person’s "she"', () => {
    const s = 'She said on Thursday that he was "the best Prime Minister of my lifetime".';
    const he = s.indexOf(' he ') + 1;
    expect(contextReason({ sentence: s, mentions: [[he, he + 2]], others: [[0, 3]], stance: 'backs_leader' })).toBe('pronoun-of-another');
    // The member's own "he said" after a colleague is named later is still the member's.
    const own = 'He said Dorries was right and that he backed the Prime Minister.';
    expect(contextReason({ sentence: own, mentions: [[0, 2], [36, 38]], others: [[8, 15]], stance: 'backs_leader' })).toBeNull();
  });
});

describe('a letter against someone else', () => {
  it('demote a letter of no confidence in a person the sentence names who is not the leader', () => {
    expect(contextReason(input('Steve Baker also submitted a letter against Theresa May in 2018.', 'Steve Baker', 'submitted_letter', ['Theresa May']))).toBe('other-target');
    expect(contextReason(input('Steve Baker sent a letter of no confidence in Theresa May.', 'Steve Baker', 'submitted_letter', ['Theresa May']))).toBe('other-target');
  });
  it('but not a letter in the leader, or one beside someone else’s name', () => {
    expect(contextReason(input('Steve Baker submitted a letter of no confidence in Boris Johnson.', 'Steve Baker', 'submitted_letter'))).toBeNull();
    expect(contextReason(input('Steve Baker, like Theresa May’s allies, submitted a letter.', 'Steve Baker', 'submitted_letter', ['Theresa May']))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { loadCommons2019 } from '../data/commons-2019';
import { runRules } from './extract';
import { candidatesOf, FEATURE_NAMES } from './features';

const roster = loadCommons2019();
const featuresOf = (text: string, memberId: string, published = '2022-07-06') => {
  const run = runRules(`Boris Johnson is under pressure.\n\n${text}`, roster, { party: 'Con', leader: 'Boris Johnson', published });
  const on = new Set<string>();
  for (const c of candidatesOf(run, 'Con').filter((c) => c.memberId === memberId)) FEATURE_NAMES.forEach((f, i) => c.x[i] === 1 && on.add(f));
  return on;
};

describe('stance model features', () => {
  it('sees a member calling on the leader to go in reported speech, and not a refusal to call', () => {
    expect(featuresOf('Bob Neill spoke on the radio. The Prime Minister should resign, he told BBC Radio Kent.', 'robert-neill').has('call_on_leader_by_member')).toBe(true);
    expect(featuresOf('It was time, said Richard Drax, for him to stand aside.', 'richard-drax').has('call_on_leader_by_member')).toBe(true);
    const refusal = featuresOf('Matt Hancock did not say whether the Prime Minister should go.', 'matthew-hancock');
    expect(refusal.has('call_on_leader')).toBe(true);
    expect(refusal.has('call_on_leader_by_member')).toBe(false);
    expect(refusal.has('evasion')).toBe(true);
    const target = featuresOf('Tobias Ellwood voted against. Tracey Crouch said that he should now step aside.', 'tobias-ellwood');
    expect(target.has('mention_is_call_target')).toBe(true);
    expect(target.has('call_on_leader_by_member')).toBe(false);
  });

  it('tells a heading that wants a stance ("called for him to resign:") from one that states it ("have resigned:")', () => {
    const wanted = featuresOf('MPs who have called for the Prime Minister to resign:\n\n- Karen Bradley (Staffordshire Moorlands)\n- Alicia Kearns (Rutland and Melton)', 'alicia-kearns');
    expect(wanted.has('vocab_list_intro_wanted:resigned_post')).toBe(true);
    expect(wanted.has('vocab_list_intro_bullet:resigned_post')).toBe(false);
  });

  it('lets a stance word outside a list of names govern every name in it', () => {
    const text = 'Kemi Badenoch, Julia Lopez, Lee Rowley and Alex Burghart resigned in a joint letter.';
    for (const id of ['kemi-badenoch', 'julia-lopez', 'alex-burghart']) expect(featuresOf(text, id).has('vocab_governs_list:resigned_post')).toBe(true);
    expect(featuresOf('Kemi Badenoch resigned.', 'kemi-badenoch').has('vocab_governs_list:resigned_post')).toBe(false);
  });

  it('marks bullets under a list introduction, past time and a noun that is the word\'s own subject', () => {
    const bullets = featuresOf('Those who have resigned so far are:\n\n- Robin Walker, schools minister\n- Jo Churchill, environment minister', 'robin-walker');
    expect(bullets.has('vocab_list_intro_bullet:resigned_post')).toBe(true);
    expect(featuresOf('Matt Hancock, who resigned as health secretary last June, kept quiet.', 'matthew-hancock', '2022-01-26').has('vocab_past_time:resigned_post')).toBe(true);
    expect(featuresOf('The rebellion against Theresa May, when cabinet ministers resigned, was louder.', 'theresa-may').has('vocab_subject_other_noun:resigned_post')).toBe(true);
  });
  it('reads a heading without a colon over a numbered list as the list\'s introduction, and a "would not say" heading as none', () => {
    const text = 'Voted against the Prime Minister\n\n1) Aaron Bell (Newcastle-under-Lyme)\n2) Caroline Nokes (Romsey and Southampton North)\n\nWould not say\n\n1. Matt Warman (Boston and Skegness)';
    expect(featuresOf(text, 'caroline-nokes', '2022-06-07').has('vocab_list_intro:withdrew_support')).toBe(true);
    expect(featuresOf(text, 'caroline-nokes', '2022-06-07').has('sentence_is_bullet')).toBe(true);
    expect(featuresOf(text, 'matt-warman', '2022-06-07').size).toBe(0);
  });

  it('gives a quote to the name on the next line after a dash, and to a name with a handle before the colon', () => {
    const dash = featuresOf('"The Prime Minister has my full support. He has apologised and we should move on."\n\u2014 Conor Burns, Northern Ireland minister', 'conor-burns', '2022-01-14');
    expect(dash.has('speaker_is_member')).toBe(true);
    expect(dash.has('vocab_quote_speaker:backs_leader')).toBe(true);
    const handle = featuresOf('Michael Fabricant (@Mike_Fabricant): "Nothing in here we did not know. Time to get on with the job. #BackBoris"', 'michael-fabricant', '2022-05-25');
    expect(handle.has('vocab_quote_speaker:backs_leader')).toBe(true);
  });
  it('reads a question on its own line as the introduction of the answer, and gives a signed statement\'s "I" to the signatory', () => {
    const qa = featuresOf('Who has called on him to quit?\nJason McCartney did so on Monday. Damian Green said the same on the radio.', 'damian-green', '2022-06-01');
    expect(qa.has('vocab_list_intro:called_to_resign')).toBe(true);
    const signed = featuresOf('Many constituents have written to me. I have not submitted a letter of no confidence in the Prime Minister.\n\nKaren Bradley', 'karen-bradley', '2022-02-04');
    expect(signed.has('kind_speaker_or_first_person')).toBe(true);
    expect(signed.has('vocab:denied_letter')).toBe(true);
  });
  it('gives the body of a letter with no "I" to its signatories, and an interview answer to the person named in the heading', () => {
    const letter = 'Dear constituent,\n\nA letter of no confidence in Boris Johnson has now been submitted to Sir Graham Brady.\n\nWith best wishes,\n\nAaron Bell\nMember of Parliament for Newcastle-under-Lyme';
    const bell = featuresOf(letter, 'aaron-bell', '2022-01-15');
    expect(bell.has('authored')).toBe(true);
    expect(bell.has('vocab_quote_speaker:submitted_letter')).toBe(true);
    const joint = 'Dear Prime Minister,\n\nFor the good of the country, you must resign.\n\nYours,\n\nSimon Fell (Barrow and Furness)\nDuncan Baker (North Norfolk)\n\nJacob Young said he had not signed it.';
    for (const id of ['simon-fell', 'duncan-baker']) expect(featuresOf(joint, id).has('call_on_leader_by_member')).toBe(true);
    expect(featuresOf(joint, 'jacob-young').has('authored')).toBe(false);
    // Without a salutation and a closing it is not a letter: a name on its own line does not sign the text above it.
    expect(featuresOf('For the good of the country, you must resign.\n\nSimon Fell', 'simon-fell').has('authored')).toBe(false);
    const qa = 'TOBIAS ELLWOOD\nChairman of the defence committee\n\nQ: Should the Prime Minister resign?\nA: He should. The country cannot wait.';
    expect(featuresOf(qa, 'tobias-ellwood', '2022-01-30').has('authored')).toBe(true);
  });

  it('attributes a quote running over two paragraphs to the speaker named at its end or in the next paragraph', () => {
    const split = '"The Prime Minister has apologised, and he has my full support.\n\n"We should all wait for Sue Gray," said Alister Jack.';
    expect(featuresOf(split, 'alister-jack', '2022-01-14').has('vocab_quote_speaker:backs_leader')).toBe(true);
    const after = '"I have thought about this for a long time.\n\n"My letter went to Sir Graham this morning."\n\nThat was how Elliot Colburn explained himself on Friday.';
    expect(featuresOf(after, 'elliot-colburn', '2022-06-04').has('vocab_quote_speaker:submitted_letter')).toBe(true);
    // '"…". John Stevenson said …' : the name after the full stop starts a new sentence and does not say the quote.
    const next = 'Geoffrey Clifton-Brown said the Prime Minister "needs to reflect on his support". John Stevenson said nothing.';
    expect(featuresOf(next, 'john-stevenson', '2022-06-04').has('speaker_is_member')).toBe(false);
    // A name inside a relative clause between the subject and "said" is not the speaker.
    const aside = 'Jeremy Hunt, who lost to Mr Johnson in 2019, said in a post: "Today is the day. I will be voting against him tonight."';
    expect(featuresOf(aside, 'jeremy-hunt', '2022-06-06').has('vocab_quote_speaker:withdrew_support')).toBe(true);
  });

  it('marks a stance word under a condition or as one of two alternatives', () => {
    expect(featuresOf('Steve Brine said he would vote to remove the Prime Minister if he was not persuaded.', 'stephen-brine', '2022-06-06').has('vocab_conditional:withdrew_support')).toBe(true);
    expect(featuresOf('John Stevenson said the Prime Minister must either set out a plan or stand aside.', 'john-stevenson', '2022-06-04').has('vocab_conditional:called_to_resign')).toBe(true);
    expect(featuresOf('Steve Brine said he would vote to remove the Prime Minister.', 'stephen-brine', '2022-06-06').has('vocab_conditional:withdrew_support')).toBe(false);
    expect(featuresOf('Andrew Jones, who defended the Prime Minister throughout the winter, said little.', 'andrew-jones', '2022-06-04').has('vocab_in_relative_clause:backs_leader')).toBe(true);
  });

  it('gives a transcript turn labelled with initials to the person the key or the initials name', () => {
    const keyed = 'Presenter: Anna Cole (AC)\nGuests: Robert Halfon, MP for Harlow (RH); Angela Rayner (AR)\n\nAC: Have you sent a letter?\n\nRH: I have. My letter is with Sir Graham Brady.\n\nAR: I think he should go.';
    const halfon = featuresOf(keyed, 'robert-halfon', '2022-02-01');
    expect(halfon.has('speaker_is_member')).toBe(true);
    expect(halfon.has('vocab_quote_speaker:submitted_letter')).toBe(true);
    // No key: the one person named in full with these initials.
    const bare = 'Huw Merriman joined us from Bexhill.\n\nHM: I have lost confidence in the Prime Minister.';
    expect(featuresOf(bare, 'huw-merriman', '2022-07-06').has('vocab_quote_speaker:withdrew_support')).toBe(true);
    // The presenter's initials are not a member's: her question gives nobody a voice.
    expect(featuresOf(keyed, 'angela-rayner', '2022-02-01').has('speaker_is_member')).toBe(false);
  });

  it('gives an op-ed in the first person to the member its byline names, at the top or the foot', () => {
    const foot = 'I have written to the chairman of the 1922 Committee. I can no longer support the Prime Minister.\n\nSally-Ann Hart is the Conservative MP for Hastings and Rye.';
    const hart = featuresOf(foot, 'sally-ann-hart', '2022-02-05');
    expect(hart.has('authored')).toBe(true);
    expect(hart.has('vocab:withdrew_support')).toBe(true);
    const top = 'By Sally-Ann Hart MP\n\nI have written to the chairman of the 1922 Committee.';
    expect(featuresOf(top, 'sally-ann-hart', '2022-02-05').has('authored')).toBe(true);
    // A report that mentions a member at its foot is not signed by her.
    const report = 'Colleagues say I should not write this. The Prime Minister has lost support.\n\nSally-Ann Hart said nothing.';
    expect(featuresOf(report, 'sally-ann-hart', '2022-02-05').has('authored')).toBe(false);
  });

  it('gives a quote to the members a "we" names in apposition, and not a list of others in someone\'s quote', () => {
    const joint = 'The statement said: "We, Mark Logan, Selaine Saxby and Peter Gibson, have lost confidence in the Prime Minister."';
    for (const id of ['mark-logan', 'peter-gibson']) expect(featuresOf(joint, id).has('authored')).toBe(true);
    const others = '"Mark Logan, Selaine Saxby and Peter Gibson have lost confidence in him," said Michael Fabricant.';
    expect(featuresOf(others, 'mark-logan').has('authored')).toBe(false);
  });
});

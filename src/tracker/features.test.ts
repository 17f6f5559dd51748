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
});

import { describe, expect, it } from 'vitest';
import { loadCommons2019 } from '../data/commons-2019';
import { analyseDocument } from './document';
import { leaderRef } from './mentions';
import { rosterIndexOn } from './roster-index';

const roster = loadCommons2019();
function analyse(text: string, date = '2022-02-01') {
  const index = rosterIndexOn(roster, date);
  return analyseDocument(text, { index, leader: leaderRef('Boris Johnson', index), party: 'Con' });
}
/** The members a document gives as the implicit subject of the sentence that opens with `start`. */
const subjectOf = (doc: ReturnType<typeof analyse>, start: string) => doc.subjects[doc.sentences.find((x) => x.text.trim().startsWith(start))!.index]?.map((e) => e.memberId);
const resolved = (text: string, date?: string) => analyse(text, date).mentions.map((m) => [m.text, m.entity?.memberId ?? m.entity?.key ?? (m.unresolved ? 'unresolved' : null)]);

describe('analyseDocument', () => {
  it('resolves pronouns to the subject of the sentence', () => {
    expect(resolved('The MP for Waveney said he had written.')).toEqual([
      ['The MP for Waveney', 'peter-aldous'],
      ['he', 'peter-aldous'],
    ]);
  });

  it('keeps a non-member with a member\'s surname apart ("Sue Gray" then "Ms Gray")', () => {
    const r = resolved('Boris Johnson waits for Sue Gray. Ms Gray has finished.');
    expect(r.find(([t]) => t === 'Ms Gray')![1]).toBe('x:sue gray');
  });

  it('leaves an ambiguous title and surname unresolved, and the pronoun after it too', () => {
    const r = resolved('Boris Johnson is under pressure. Mr Smith said he had written.');
    expect(r.filter(([t]) => t === 'Mr Smith' || t === 'he').map(([, v]) => v)).toEqual(['unresolved', 'unresolved']);
  });

  it('never resolves a peer to an MP with the same surname', () => {
    const r = resolved('Lord Evans said so.');
    expect(r[0]![1]).toBe('x:lord evans');
  });

  it('attributes quotes: said after, said before, and paragraphs that run on', () => {
    const doc = analyse('"I am going," said Peter Aldous. Nadine Dorries said: "He stays.\n\n"He must stay."');
    expect(doc.speakers.map((s) => s?.memberId)).toEqual(['peter-aldous', 'nadine-dorries', 'nadine-dorries']);
  });

  it('gives each of two adjacent quotes its own speaker', () => {
    const doc = analyse('"Yes," said David Davis. "No," said Mark Francois.');
    expect(doc.speakers.map((s) => s?.memberId)).toEqual(['david-davis', 'mark-francois']);
  });

  it('links a lede\'s "A Bury MP" to the MP named next', () => {
    const doc = analyse('A Bury MP has had enough of Boris Johnson.\n\nConservative Christian Wakeford spoke.', '2022-01-18');
    expect(doc.mentions.find((m) => m.kind === 'indefinite')?.entity?.memberId).toBe('christian-wakeford');
  });

  it('gives transcript and chat turns to their speakers: a time before the name, brackets before the colon, a first name after the host has named the guest', () => {
    const doc = analyse(
      '[00:00:04] Kate Langton (host): With me is Jesse Norman, the member for Hereford.\n[00:00:39] Jesse: It is. I sent it on Thursday.\n[08:16] Lia Nici: Same here. Behind him all the way.\nSir Edward Leigh (Gainsborough) (Con): The Prime Minister has my support.\n[00:01:02] Kate: Thank you.',
    );
    expect(doc.speakers.map((s) => s?.memberId ?? null)).toEqual([null, 'jesse-norman', 'lia-nici', 'edward-leigh', null]);
  });

  it('reads a letters page: each "SIR –" letter is written by the member signing it below, and a pronoun does not reach into the letter before', () => {
    const doc = analyse('SIR – My MP, Tom Tugendhat, should say how he voted.\nMargaret Hollis\nTonbridge\nSIR – I voted against the Prime Minister. It is time for him to go.\nHarriett Baldwin MP\nWest Worcestershire');
    const byAuthor = doc.sentences.map((s) => [s.text.trim(), doc.authors[s.index]?.map((e) => e.memberId) ?? []]);
    expect(byAuthor.find(([t]) => /^SIR . My MP/.test(String(t)))![1]).toEqual([]);
    expect(byAuthor.find(([t]) => String(t).startsWith('It is time'))![1]).toEqual(['harriett-baldwin']);
    expect(doc.mentions.find((m) => m.text === 'him')?.entity?.memberId ?? null).not.toBe('thomas-tugendhat');
  });

  it('marks the paragraphs of a correction notice', () => {
    const doc = analyse('Ms Saxby backs him.\n\nCorrection, 22 January: An earlier version of this article said that Selaine Saxby had submitted a letter.\n\nWe also said more.');
    expect([...doc.corrections]).toEqual([1]);
  });

  it('gives the lines under a heading that is only a member\'s name to that member, and a quote in them no other speaker', () => {
    const doc = analyse('Where they stand\n\nTheo Clarke\nConservative \u00b7 Stafford\nPosition: Resigned as trade envoy (5 July)\n\nJulian Smith\nSaid: "It is time for the Prime Minister to go."\n\nAfter the cards, a paragraph about nobody.', '2022-07-07');
    expect(subjectOf(doc, 'Position:')).toEqual(['theo-clarke']);
    expect(subjectOf(doc, 'Said:')).toEqual(['julian-smith']);
    expect(subjectOf(doc, 'After the cards')).toBeUndefined();
    expect(doc.speakers.map((e) => e?.memberId)).toEqual(['julian-smith']);
  });

  it('gives a panel\'s quoted answer under "Name, MP for …" and a blank line to that member, and nothing after the next blank line', () => {
    const doc = analyse('Our panel\n\nMark Harper, MP for the Forest of Dean and chair of the Covid Recovery Group\n\n"I put my letter in to Sir Graham Brady in February."\n\nA note on who else we asked\n\nWe also approached two ministers.', '2022-04-14');
    expect(doc.speakers.map((e) => e?.memberId ?? null)).toEqual(['mark-harper']);
    expect(subjectOf(doc, 'We also approached')).toBeUndefined();
  });

  it('gives a letter\'s "I" to the signatory whose name is set in capitals with "MP" below it', () => {
    const doc = analyse('SIR - I submitted my letter of no confidence to Sir Graham Brady some time ago.\n\nANDREW BRIDGEN MP\nConservative, North West Leicestershire\nLondon SW1', '2022-06-04');
    expect(doc.mentions.filter((m) => m.kind === 'first_person').map((m) => m.entity?.memberId)).toEqual(['andrew-bridgen', 'andrew-bridgen']);
  });

  it('gives a fact check\'s verdict to the one member its quoted claim names, where others are only objects', () => {
    const doc = analyse('Claim: "Mark Harper has written to the 1922 Committee."\nVerdict: True. The former chief whip published his letter on 3 February, saying he had submitted it to Sir Graham that morning.\n\nJesse Norman spoke later.', '2022-06-01');
    expect(subjectOf(doc, 'The former chief whip')).toEqual(['mark-harper']);
    expect(subjectOf(doc, 'Jesse Norman')).toBeUndefined();
  });

  it('gives a sentence whose subject is a description under a name heading to that member, even with others named after it', () => {
    const doc = analyse('The rebels\n\nJEREMY HUNT (South West Surrey)\nThe former Foreign Secretary, beaten by Mr Johnson in 2019, said yesterday he would be voting for change.\n\nCaroline Nokes (Romsey and Southampton North)\nThe former immigration minister told ITV that Johnson should go.\nBoris Johnson thanked Priti Patel for her support.', '2022-06-07');
    expect(subjectOf(doc, 'The former Foreign Secretary')).toEqual(['jeremy-hunt']);
    expect(subjectOf(doc, 'The former immigration minister')).toEqual(['caroline-nokes']);
    expect(subjectOf(doc, 'Boris Johnson thanked')).toBeUndefined();
  });

  it('gives the subjectless sentences after a verbless fragment to the members it names, and not after a sentence with a verb', () => {
    const doc = analyse('SENT OFF: Michael Gove. Shown the red card after telling him it was time to go.\n\nBACK FOUR: Peter Bone, Conor Burns. Still backing the captain.\n\nMichael Ellis spoke to the BBC. Nothing new.', '2022-07-07');
    expect(subjectOf(doc, 'Shown the red card')).toEqual(['michael-gove']);
    expect(subjectOf(doc, 'Still backing')).toEqual(['peter-bone', 'conor-burns']);
    expect(subjectOf(doc, 'Nothing new')).toBeUndefined();
  });

  it('reads a post signed on the line below with a dash as the member\'s own text, and a journalist\'s as nobody\'s', () => {
    const doc = analyse('Today I have resigned as Secretary of State for Wales.\n\u2014 Simon Hart (@Simonhartmp) July 6, 2022\n\nHearing that more will go.\n\u2014 Sam Reporter (@SamReporterTV) July 6, 2022', '2022-07-06');
    expect(doc.authors[0]?.map((e) => e.memberId)).toEqual(['simon-hart']);
    expect(doc.authors[doc.sentences.find((x) => x.text.startsWith('Hearing'))!.index]).toBeUndefined();
  });

  it('attributes a quote to the name in brackets after it', () => {
    const doc = analyse('"He must do the right thing and go." (Sir Roger Gale, North Thanet)\n\n"The Prime Minister should resign." (Sir Ed Davey, Liberal Democrat leader)', '2022-01-13');
    expect(doc.speakers.map((e) => e?.memberId ?? null)).toEqual(['roger-gale', 'edward-davey']);
  });

  it('marks a fact check\'s claim lines and a wire story\'s editors\' note as stating nothing', () => {
    const doc = analyse('(Adds resignations in paragraphs 3-4; corrects paragraph 6)\n\nCLAIM: "Kevin Hollinrake called on Johnson to quit."\nVERDICT: MISLEADING. He voted for him.', '2022-06-09');
    expect([...doc.corrections]).toEqual([0, 1]);
  });
});

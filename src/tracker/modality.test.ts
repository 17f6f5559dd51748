import { describe, expect, it } from 'vitest';
import { modalityOf, stanceUnder } from './modality';

const letter = (scope: string, sentence = `${scope} submitted a letter.`) => stanceUnder('submitted_letter', modalityOf(scope, sentence, true), true);

describe('letter modality', () => {
  it('reads a plain report as an act', () => {
    expect(letter(' has ')).toBe('submitted_letter');
    expect(letter(' said he had ')).toBe('submitted_letter');
  });

  it('reads the future and stated plans as an intention', () => {
    expect(letter(' said he would ')).toBe('intends_letter');
    expect(letter(' is preparing to ')).toBe('intends_letter');
    expect(letter(' has vowed to ')).toBe('intends_letter');
    // The scope starts after the agent: "I'll be writing" leaves "'ll be " with no word before the apostrophe.
    expect(letter("'ll be ")).toBe('intends_letter');
    expect(letter('\u2019ll be ')).toBe('intends_letter');
  });

  it('reads a negation as a denial', () => {
    expect(letter(' insisted she had not ')).toBe('denied_letter');
    expect(letter(" said he hasn't ")).toBe('denied_letter');
  });

  it('drops hedges, questions, evasions and unnamed sources', () => {
    expect(letter(' hinted that he had ')).toBeNull();
    expect(letter(' is understood to have ')).toBeNull();
    expect(letter(' was asked whether he had ')).toBeNull();
    expect(letter(' refused to say whether he had ')).toBeNull();
    expect(letter(' could ')).toBeNull();
    expect(letter(' has ', 'He has submitted a letter, sources say.')).toBeNull();
    expect(letter(' has ', 'Has he submitted a letter?')).toBeNull();
  });

  it('tells a completed act in "became the seventh MP to" from someone else\'s act in "urged colleagues to"', () => {
    expect(letter(' became the seventh MP to ')).toBe('submitted_letter');
    expect(letter(' urged colleagues to ')).toBeNull();
  });
});

describe('other stances', () => {
  it('keep acts, drop negations and plans', () => {
    expect(stanceUnder('called_to_resign', modalityOf(' has ', 'x', false), false)).toBe('called_to_resign');
    expect(stanceUnder('called_to_resign', modalityOf(' did not ', 'x', false), false)).toBeNull();
    expect(stanceUnder('defected', modalityOf(' is considering ', 'x', false), false)).toBeNull();
    expect(stanceUnder('backs_leader', modalityOf(' refused to ', 'x', false), false)).toBeNull();
  });

  it('counts a pledge to back the leader as backing', () => {
    expect(stanceUnder('backs_leader', modalityOf(' will ', 'x', false), false)).toBe('backs_leader');
  });
});

describe('support that is history', () => {
  it('is not backing now', () => {
    expect(stanceUnder('backs_leader', modalityOf(' who once ', 'x', false), false, ' who once ')).toBeNull();
    expect(stanceUnder('backs_leader', modalityOf(' ', 'x', false), false, ' ')).toBe('backs_leader');
  });
});

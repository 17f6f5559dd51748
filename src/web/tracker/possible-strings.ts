/** Every piece of text the possible-tier review shows, in one place (for translation). */
export const POSSIBLE_TEXT = {
  heading: 'Possible',
  lede: 'A member of the party in a sentence with stance words, below the score for a proposal. Keys: A accept, S change stance, R reject, J/K or arrows next/previous.',
  loading: 'the possible items',
  loadError: 'The possible items could not be loaded',
  empty: 'Nothing possible is waiting.',
  article: (name: string) => `Article: ${name}`,
  unknownArticle: 'Article not named',
  bestGuess: 'Best guess',
  score: (n: number) => `score ${Math.round(n * 100)}%`,
  accept: 'Accept (A)',
  changeStance: 'Change stance (S)',
  reject: 'Reject (R)',
  accepted: (person: string, stance: string) => `${person}: ${stance} — published.`,
  rejected: (person: string) => `${person}: rejected.`,
  actionError: 'That did not work',
} as const;

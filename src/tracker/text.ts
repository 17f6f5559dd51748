/**
 * Character-level normalisation. Every replacement is one UTF-16 unit for one unit, so offsets in
 * the normalised text are offsets in the original: evidence is always cut from the original text.
 */

const SAME_LENGTH_REPLACEMENTS: Record<string, string> = {
  '\u201C': '"', // “
  '\u201D': '"', // ”
  '\u201E': '"', // „
  '\u201F': '"',
  '\u2033': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2018': "'", // ‘
  '\u2019': "'", // ’
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u2013': '-', // en dash
  '\u2014': '-', // em dash
  '\u2012': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u00A0': ' ',
  '\u2009': ' ',
  '\u202F': ' ',
  '\u2026': '.', // ellipsis character: one unit, treated as a full stop-like mark
};

const REPLACEABLE = new RegExp(`[${Object.keys(SAME_LENGTH_REPLACEMENTS).join('')}]`, 'g');

export function normalizePunctuation(text: string): string {
  return text.replace(REPLACEABLE, (ch) => SAME_LENGTH_REPLACEMENTS[ch] ?? ch);
}

/** Lower case without diacritics ("Thérèse" -> "therese"), for name and place keys. */
export function foldKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .toLowerCase();
}

/** A place or constituency key: folded, punctuation and "&" unified, spaces collapsed. */
export function placeKey(text: string): string {
  return foldKey(text)
    .replace(/\([^)]*\)/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9']+/g, ' ')
    .replace(/'/g, '')
    .trim()
    .replace(/\s+/g, ' ');
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

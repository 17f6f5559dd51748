/**
 * The linguistic layer: tokens, sentences, parts of speech, lemmas and negation from wink-nlp with
 * its English model (`wink-eng-lite-web-model`, shipped as an npm package: nothing is downloaded at
 * run time). ADR 0300 records why this library and not compromise.
 *
 * Everything returned carries exact character offsets into the text it was given, so evidence is
 * cut verbatim and the roster-aware name resolution (mentions.ts) and the stance model (model.ts)
 * can work on the library's tokens. Pure: the model is loaded once, lazily, and read-only after.
 */
import { createRequire } from 'node:module';
import type { PartOfSpeech } from 'wink-nlp';

const require = createRequire(import.meta.url);

export interface NlpToken {
  /** Offsets into the annotated text: text.slice(start, end) === value. */
  start: number;
  end: number;
  value: string;
  /** Lower-cased lemma for verbs and auxiliaries ("submitted" -> "submit"); the lower-cased word otherwise. */
  lemma: string;
  pos: PartOfSpeech;
  /** Inside the scope of a negation ("did not submit"). */
  negated: boolean;
  /** wink's token type: word, punctuation, number, email, url, ... */
  type: string;
  /** Index of the sentence (in `sentences`) that holds the token. */
  sentence: number;
}

export interface NlpSentence {
  start: number;
  end: number;
  /** Token index range [firstToken, lastToken] inclusive. */
  firstToken: number;
  lastToken: number;
}

export interface Annotated {
  tokens: NlpToken[];
  sentences: NlpSentence[];
}

interface WinkDoc {
  tokens(): { out(f?: unknown): unknown[] };
  sentences(): { out(f?: unknown): unknown[] };
}
interface Wink {
  readDoc(text: string): WinkDoc;
  its: Record<string, unknown>;
}

let wink: Wink | null = null;
function engine(): Wink {
  if (!wink) {
    const winkNLP = require('wink-nlp') as (model: unknown, pipe?: string[]) => Wink;
    const model = require('wink-eng-lite-web-model') as unknown;
    // No NER or sentiment: names are the roster's business (mentions.ts), and they cost time.
    wink = winkNLP(model, ['sbd', 'negation', 'pos']);
  }
  return wink;
}

/** Annotates `text`. Offsets are exact even for contractions, curly quotes and line breaks. */
export function annotate(original: string): Annotated {
  const w = engine();
  const its = w.its;
  const text = breakLongRuns(original);
  const doc = w.readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  const pos = doc.tokens().out(its.pos) as PartOfSpeech[];
  // Lemmas cost a quarter of the time: only verbs and auxiliaries get one (the stance model reads verbs).
  const tokenList = doc.tokens() as unknown as { itemAt(i: number): { out(f: unknown): string } };
  const negation = doc.tokens().out(its.negationFlag) as boolean[];
  const types = doc.tokens().out(its.type) as string[];
  const spans = doc.sentences().out(its.span) as Array<[number, number]>;

  const tokens: NlpToken[] = new Array(values.length);
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    let start = cursor + (spaces[i]?.length ?? 0);
    // wink reconstructs whitespace exactly; should it ever differ, find the token instead of drifting.
    if (text.startsWith(value, start) === false) {
      const found = text.indexOf(value, cursor);
      start = found >= 0 ? found : start;
    }
    const end = start + value.length;
    tokens[i] = { start, end, value, lemma: pos[i] === 'VERB' || pos[i] === 'AUX' ? verbLemma(tokenList.itemAt(i).out(its.lemma), value) : value.toLowerCase(), pos: pos[i] ?? 'X', negated: negation[i] ?? false, type: types[i] ?? 'word', sentence: 0 };
    cursor = end;
  }
  const sentences: NlpSentence[] = [];
  for (const [first, last] of spans) {
    const a = tokens[first];
    const b = tokens[last];
    if (!a || !b) continue;
    const index = sentences.length;
    for (let k = first; k <= last; k++) tokens[k]!.sentence = index;
    sentences.push({ start: a.start, end: b.end, firstToken: first, lastToken: last });
  }
  return { tokens, sentences };
}

/** The longest run of non-space characters wink reads whole; no word, name or address of an article is longer. */
export const LONGEST_RUN = 128;

/**
 * `text` with a space put in place of every LONGEST_RUN-th character of a longer run of non-space characters (same
 * length, so every offset still points into the original). wink's tokeniser tries its e-mail and URL patterns from
 * every position of a run, which is quadratic in the run's length: one 40 KB "word" took seconds and a 2 MB one would
 * take hours, a hostile article freezing the server. Bounded runs make the work linear; ordinary text is unchanged.
 */
export function breakLongRuns(text: string): string {
  if (!/[^ \t\n\r\f\v]{129}/.test(text)) return text;
  let out = '';
  let run = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Only ASCII white space separates runs here: a run wink might read as one token is never left long.
    if (c === 32 || (c >= 9 && c <= 13)) run = 0;
    else if (++run > LONGEST_RUN) {
      out += `${text.slice(from, i)} `;
      from = i + 1;
      run = 0;
    }
  }
  return out + text.slice(from);
}

// wink gives no lemma for some split contractions ("cannot" before punctuation: "He cannot."); the token's own
// text stands in, so one such sentence never stops the extraction of a whole article.
function verbLemma(lemma: string | undefined, value: string): string {
  return (lemma ?? value).toLowerCase();
}

/**
 * Print files of postal credentials (docs/contest.md §6): one letter per page, one PDF per batch, made with
 * pdf-lib (ADR 0601). The credential authority runs this offline on its own machine from
 * credentials-secret.jsonl; the print house receives the PDFs, the server never sees them.
 *
 * Threat model: a letter carries a secret credential — whoever reads it can vote in that member's place until the
 * member notices (their tracker says "superseded" or "revoked"). So: nothing here is logged; the files are written
 * 0600 by the CLI; each letter prints the public list's fingerprint (when known) so the member can check, in the
 * booth, that the list their credential is on is the one the authority signed (ballot-spec §4a).
 *
 * Pure: letters in, PDF bytes out (the CLI reads and writes the files).
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { AppError } from '../domain/errors';

export interface CredentialLetter {
  /** The roll's member id (printed so the mailing house can match the envelope). */
  member: string;
  /** The credential's secret, 64 lowercase hex digits. */
  credential: string;
}

export interface LetterOptions {
  /** "Conservative Party leadership election 2022 — the members' ballot". */
  title: string;
  /** Where to vote online (the booth), if the ballot has an online channel. */
  url?: string | null;
  /** The credential list's fingerprint in its short form (8 groups of 4 hex digits), once the list is signed. */
  fingerprint?: string | null;
}

const HEX64 = /^[0-9a-f]{64}$/;
/** A4 in points. */
const PAGE: [number, number] = [595.28, 841.89];

/** Reads credentials-secret.jsonl strictly: every line {member, credential}; a bad line names its number. */
export function parseCredentialLetters(jsonl: string): CredentialLetter[] {
  const letters: CredentialLetter[] = [];
  const problems: string[] = [];
  jsonl.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const o = JSON.parse(line) as Record<string, unknown>;
      if (typeof o !== 'object' || o === null || typeof o.member !== 'string' || !o.member || typeof o.credential !== 'string' || !HEX64.test(o.credential)) throw new Error('expected {"member": id, "credential": 64 lowercase hex digits}');
      letters.push({ member: o.member, credential: o.credential });
    } catch (e) {
      if (problems.length < 20) problems.push(`line ${i + 1}: ${(e as Error).message}`);
    }
  });
  if (problems.length) throw new AppError('VALIDATION_FAILED', `the credentials file is not valid; nothing was printed (${problems.join('; ')})`);
  if (letters.length === 0) throw new AppError('VALIDATION_FAILED', 'the credentials file holds no credential');
  return letters;
}

/** The credential as printed: four groups of 16 digits (the booth accepts it with or without the spaces). */
export const printedCredential = (c: string) => c.match(/.{16}/g)!.join(' ');

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function letterPage(page: PDFPage, fonts: { regular: PDFFont; bold: PDFFont; mono: PDFFont }, l: CredentialLetter, o: LetterOptions, n: number, of: number): void {
  const left = 64;
  const width = PAGE[0] - 2 * left;
  let y = PAGE[1] - 72;
  const text = (s: string, size = 11, font = fonts.regular) => {
    for (const line of wrap(s, font, size, width)) {
      page.drawText(line, { x: left, y, size, font, color: rgb(0, 0, 0) });
      y -= size * 1.45;
    }
  };
  text(`Member ${l.member}`, 10);
  y -= 18;
  text(o.title, 16, fonts.bold);
  y -= 10;
  text('Your voting credential', 13, fonts.bold);
  text('This letter is personal. Anyone who reads the code below can vote in your place: keep it safe and do not share it.');
  y -= 8;
  page.drawRectangle({ x: left - 8, y: y - 14, width: width + 16, height: 40, borderColor: rgb(0, 0, 0), borderWidth: 1 });
  page.drawText(printedCredential(l.credential), { x: left, y: y + 2, size: 12.5, font: fonts.mono });
  y -= 44;
  if (o.url) text(`To vote online, open ${o.url} on your phone or computer, type the code above, choose a candidate and cast your ballot. You will be given a tracker: keep it, and look it up on the public board to see that your ballot is there.`);
  else text('Vote with the postal ballot paper enclosed.');
  y -= 6;
  if (o.fingerprint) text(`The booth shows the fingerprint of the list of credentials. It must read ${o.fingerprint}. If it does not, do not vote: tell the returning officer.`);
  text('If you lose this letter, or think someone else has seen it, ask the returning officer for a new credential: the old one will stop counting.');
  page.drawText(`${n} / ${of}`, { x: PAGE[0] - left - 40, y: 40, size: 8, font: fonts.regular, color: rgb(0.3, 0.3, 0.3) });
}

/** One PDF: one letter per page, in the order given. */
export async function credentialLettersPdf(letters: readonly CredentialLetter[], o: LetterOptions): Promise<Uint8Array> {
  for (const l of letters) if (!HEX64.test(l.credential)) throw new AppError('VALIDATION_FAILED', `the credential of member ${l.member} is not 64 lowercase hex digits`);
  const doc = await PDFDocument.create();
  doc.setTitle(o.title);
  doc.setCreator('Confidence');
  doc.setProducer('Confidence (pdf-lib)');
  // A fixed date: the same letters give the same bytes (and the file does not say when it was made).
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  const fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold), mono: await doc.embedFont(StandardFonts.Courier) };
  letters.forEach((l, i) => letterPage(doc.addPage(PAGE), fonts, l, o, i + 1, letters.length));
  return doc.save();
}

/** Splits the letters into print batches of `size` (the last may be shorter). */
export function batches<T>(xs: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new AppError('VALIDATION_FAILED', 'the batch size must be a positive whole number');
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

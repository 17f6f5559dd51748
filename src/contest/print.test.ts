import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { batches, credentialLettersPdf, parseCredentialLetters, printedCredential } from './print';

const cred = (i: number) => i.toString(16).padStart(2, '0').repeat(32);

describe('postal credential letters', () => {
  it('prints one letter per page, deterministically, and the credential in four groups of 16', async () => {
    const letters = [1, 2, 3].map((i) => ({ member: `m${i}`, credential: cred(i) }));
    const opts = { title: 'Members’ ballot — test', url: 'https://vote.example/contests/x/mp', fingerprint: '0123-4567-89ab-cdef-0123-4567-89ab-cdef' };
    const pdf = await credentialLettersPdf(letters, opts);
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(3);
    expect(doc.getTitle()).toBe('Members’ ballot — test');
    expect(Buffer.from(await credentialLettersPdf(letters, opts)).equals(Buffer.from(pdf))).toBe(true);
    expect(printedCredential(cred(1))).toBe('0101010101010101 0101010101010101 0101010101010101 0101010101010101');
  });

  it('refuses a bad credentials file as a whole, naming the lines; splits into batches', () => {
    expect(parseCredentialLetters(`{"member":"a","credential":"${cred(1)}"}\n\n{"member":"b","credential":"${cred(2)}"}\n`)).toHaveLength(2);
    expect(() => parseCredentialLetters(`{"member":"a","credential":"${cred(1)}"}\n{"member":"b","credential":"XYZ"}\nnot json\n`)).toThrow(/line 2: .*line 3:/);
    expect(() => parseCredentialLetters('\n')).toThrow(/no credential/);
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(() => batches([1], 0)).toThrow(/positive/);
  });
});

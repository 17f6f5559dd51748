import { beforeAll, describe, expect, it } from 'vitest';
import { generateCredential } from '../../ballot';
import { initCrypto } from '../../crypto';
import { parseCredentialText } from './preferential-board';

describe('preferential vote reads a credential file strictly', () => {
  let c: { secret: string; public: string };
  let d: { secret: string; public: string };
  beforeAll(async () => {
    await initCrypto();
    c = generateCredential();
    d = generateCredential();
  });

  it('takes exactly one credential in each form the project writes', () => {
    expect(parseCredentialText(`${c.secret}\n`)).toBe(c.secret);
    // as printed on the letter: groups of 16, spaces or dashes, any case
    const grouped = c.secret.toUpperCase().match(/.{16}/g)!;
    expect(parseCredentialText(grouped.join(' '))).toBe(c.secret);
    expect(parseCredentialText(grouped.join('-'))).toBe(c.secret);
    expect(parseCredentialText(`${JSON.stringify({ voter: 3, credential: c.secret })}\n`)).toBe(c.secret);
    expect(parseCredentialText(`Your new credential: ${c.secret}\n`)).toBe(c.secret);
  });

  it('refuses anything else, naming the forms it expects', () => {
    const bad = (text: string) => {
      try {
        parseCredentialText(text, 'cred.txt');
      } catch (e) {
        return e as { code: string; message: string };
      }
      throw new Error('accepted');
    };
    // a whole credentials-secret.jsonl: a lax scan would have voted with voter 1's credential
    const jsonl = [c, d].map((x, i) => JSON.stringify({ voter: i + 1, credential: x.secret })).join('\n');
    expect(bad(jsonl)).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/not one JSON line/) });
    expect(bad(`${c.secret}\n${d.secret}\n`).message).toMatch(/does not hold exactly one credential; expected 64 hex digits/);
    expect(bad(c.secret.slice(0, 63)).message).toMatch(/exactly one credential/);
    expect(bad(`${c.secret}0`).message).toMatch(/exactly one credential/);
    expect(bad(`note: ${c.secret}`).message).toMatch(/exactly one credential/);
    expect(bad('').message).toMatch(/exactly one credential/);
    expect(bad(JSON.stringify({ credential: 42 })).message).toMatch(/exactly one credential/);
    // 64 hex digits that are no scalar (≥ the group order)
    expect(bad('f'.repeat(64)).message).toMatch(/not a valid credential/);
  });
});

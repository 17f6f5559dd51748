/**
 * Delivery of members' credentials by email (docs/contest.md §7): a send queue with a rate limit, retries with
 * back-off for temporary failures, and a bounce report for the rest. The credential authority runs it on its own
 * machine (`confidence contest mail-credentials`, with its own SMTP account): the voting server never holds the
 * secrets nor learns which credential went to whom.
 *
 * Threat model: a credential in a mail is a vote for whoever reads it. Nothing here logs a mail's text; the bounce
 * report names the member, the address and the error, never the credential; a member with no usable address is
 * reported so a printed letter (./print.ts) goes instead. Pure apart from the injected `send`, `sleep` and `now`.
 */
import type { Mail } from '../services/mailer';
import { printedCredential, type CredentialLetter, type LetterOptions } from './print';

export interface QueueItem {
  member: string;
  mail: Mail;
}

export interface Bounce {
  member: string;
  to: string;
  attempts: number;
  error: string;
  permanent: boolean;
}

export interface QueueOptions {
  /** Mails per second at most (the SMTP provider's limit). */
  ratePerSecond: number;
  /** Further attempts after a temporary failure (0: one attempt only). */
  retries: number;
  /** First back-off; doubles after each failure. */
  backoffMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  onProgress?: (done: number, total: number) => void;
}

/** SMTP 5xx replies (unknown user, rejected) are permanent: retrying cannot help. */
export function isPermanentFailure(e: unknown): boolean {
  const code = (e as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** Sends every item in order, at most `ratePerSecond`, retrying temporary failures; returns what was sent and the bounces. */
export async function runMailQueue(items: readonly QueueItem[], send: (m: Mail) => Promise<void>, o: QueueOptions): Promise<{ sent: number; bounces: Bounce[] }> {
  if (!(o.ratePerSecond > 0) || !Number.isInteger(o.retries) || o.retries < 0 || !(o.backoffMs >= 0)) throw new Error('ratePerSecond > 0, retries ≥ 0 and backoffMs ≥ 0 are required');
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = o.now ?? (() => Date.now());
  const gap = 1000 / o.ratePerSecond;
  let nextSlot = now();
  let sent = 0;
  const bounces: Bounce[] = [];
  for (const [i, item] of items.entries()) {
    let backoff = o.backoffMs;
    for (let attempt = 1; ; attempt++) {
      const wait = nextSlot - now();
      if (wait > 0) await sleep(wait);
      nextSlot = Math.max(now(), nextSlot) + gap;
      try {
        await send(item.mail);
        sent++;
        break;
      } catch (e) {
        const permanent = isPermanentFailure(e);
        if (permanent || attempt > o.retries) {
          bounces.push({ member: item.member, to: item.mail.to, attempts: attempt, error: (e as Error)?.message ?? String(e), permanent });
          break;
        }
        await sleep(backoff);
        backoff *= 2;
      }
    }
    o.onProgress?.(i + 1, items.length);
  }
  return { sent, bounces };
}

/** The credential mail: the same facts as the printed letter. */
export function credentialMail(to: string, l: CredentialLetter, o: LetterOptions): Mail {
  return {
    to,
    subject: `Your voting credential: ${o.title}`,
    text: [
      `This message is personal. Anyone who reads the code below can vote in your place: do not forward it.`,
      '',
      `Your voting credential (member ${l.member}):`,
      '',
      `    ${printedCredential(l.credential)}`,
      '',
      o.url ? `To vote, open ${o.url}, type the code above, choose a candidate and cast your ballot. Keep the tracker you are given.` : 'Vote with the postal ballot paper you will receive.',
      ...(o.fingerprint ? ['', `The booth shows the fingerprint of the list of credentials. It must read ${o.fingerprint}. If it does not, do not vote: tell the returning officer.`] : []),
      '',
      'If you think someone else has seen this message, ask the returning officer for a new credential: the old one will stop counting.',
    ].join('\n'),
  };
}

/** Pairs each credential with its member's address from the roll; members with none are returned apart (print a letter). */
export function credentialQueue(letters: readonly CredentialLetter[], emails: ReadonlyMap<string, string | null>, o: LetterOptions): { items: QueueItem[]; noAddress: string[] } {
  const items: QueueItem[] = [];
  const noAddress: string[] = [];
  for (const l of letters) {
    const to = emails.get(l.member);
    if (to) items.push({ member: l.member, mail: credentialMail(to, l, o) });
    else noAddress.push(l.member);
  }
  return { items, noAddress };
}

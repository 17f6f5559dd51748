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
  /**
   * The queue's journal (see `JournalEntry`): called before each mail is handed to the mailer and after its outcome.
   * It must be durable (appended and synced) before it returns: that is what makes a restart resume without sending
   * a mail twice. An error it throws stops the queue (as a crash would).
   */
  journal?: (e: JournalEntry) => void;
}

/**
 * One line of the mail queue's journal (JSON lines beside the secrets file, 0600). It names the member and the
 * address, never the credential. `sending` is written before a mail goes to the mailer, `sent` or `bounced` after:
 * after a crash, a member with `sending` and no outcome is "in doubt" — the mailer may or may not have taken the
 * mail — and is NOT sent again automatically (a credential mailed twice is harmless but a member asking "which one?"
 * is not; the returning officer decides, `--resend-in-doubt`). Members with an outcome are skipped.
 */
export type JournalEntry =
  | { member: string; state: 'sending'; to: string; attempt: number }
  | { member: string; state: 'sent' }
  | { member: string; state: 'bounced'; bounce: Bounce };

export interface Resumed {
  /** Items still to send, in order. */
  pending: QueueItem[];
  /** Members whose mail was sent in an earlier run. */
  sent: string[];
  /** Bounces recorded in an earlier run (they stay in the report). */
  bounces: Bounce[];
  /** Members whose mail was handed to the mailer when the run stopped, with no outcome recorded. */
  inDoubt: QueueItem[];
}

/**
 * Where a queue stands after an earlier run, from its journal lines (a torn last line — the crash came mid-write —
 * is ignored: its mail was not yet handed over). With `resendInDoubt`, in-doubt members go back into the queue.
 */
export function resumeFromJournal(items: readonly QueueItem[], journalText: string, o: { resendInDoubt?: boolean } = {}): Resumed {
  const lines = journalText.split('\n').filter((l) => l.trim() !== '');
  const outcome = new Map<string, 'sent' | 'bounced'>();
  const handed = new Set<string>();
  const bounces: Bounce[] = [];
  lines.forEach((line, i) => {
    let e: JournalEntry;
    try {
      e = JSON.parse(line) as JournalEntry;
    } catch {
      if (i === lines.length - 1) return; // torn last write
      throw new Error(`the mail journal is corrupt at line ${i + 1}: fix or move it before resuming`);
    }
    if (typeof e?.member !== 'string') throw new Error(`the mail journal is corrupt at line ${i + 1}: fix or move it before resuming`);
    if (e.state === 'sending') handed.add(e.member);
    else if (e.state === 'sent' || e.state === 'bounced') {
      outcome.set(e.member, e.state);
      if (e.state === 'bounced') bounces.push(e.bounce);
    }
  });
  const pending: QueueItem[] = [];
  const inDoubt: QueueItem[] = [];
  const sent: string[] = [];
  for (const item of items) {
    const done = outcome.get(item.member);
    if (done === 'sent') sent.push(item.member);
    else if (done === 'bounced') continue;
    else if (handed.has(item.member)) (o.resendInDoubt ? pending : inDoubt).push(item);
    else pending.push(item);
  }
  return { pending, sent, bounces, inDoubt };
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
      o.journal?.({ member: item.member, state: 'sending', to: item.mail.to, attempt });
      let failure: unknown = null;
      try {
        await send(item.mail);
      } catch (e) {
        failure = e ?? new Error('send failed');
      }
      if (failure === null) {
        o.journal?.({ member: item.member, state: 'sent' });
        sent++;
        break;
      }
      const permanent = isPermanentFailure(failure);
      if (permanent || attempt > o.retries) {
        const bounce: Bounce = { member: item.member, to: item.mail.to, attempts: attempt, error: (failure as Error)?.message ?? String(failure), permanent };
        o.journal?.({ member: item.member, state: 'bounced', bounce });
        bounces.push(bounce);
        break;
      }
      await sleep(backoff);
      backoff *= 2;
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

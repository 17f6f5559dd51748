import { describe, expect, it } from 'vitest';
import type { Mail } from '../services/mailer';
import { credentialQueue, resumeFromJournal, runMailQueue, type JournalEntry } from './mail-queue';

/** A fake clock: sleep advances it, so rate limits and back-offs are measured without waiting. */
function fakeTime() {
  let t = 0;
  const sleeps: number[] = [];
  return { now: () => t, sleep: async (ms: number) => void (sleeps.push(ms), (t += ms)), sleeps, at: () => t };
}
const cred = (i: number) => i.toString(16).padStart(2, '0').repeat(32);

describe('the credential mail queue', () => {
  it('pairs credentials with the roll’s addresses; members without one are set apart for a printed letter', () => {
    const q = credentialQueue([{ member: 'a', credential: cred(1) }, { member: 'b', credential: cred(2) }], new Map([['a', 'a@example.org'], ['b', null]]), { title: 'Members’ ballot', url: 'https://vote.example' });
    expect(q.noAddress).toEqual(['b']);
    expect(q.items).toHaveLength(1);
    expect(q.items[0]!.mail.to).toBe('a@example.org');
    expect(q.items[0]!.mail.text).toContain('0101010101010101 0101010101010101');
    expect(q.items[0]!.mail.subject).not.toContain(cred(1).slice(0, 16));
  });

  it('keeps to the rate limit, retries temporary failures with back-off, and reports permanent ones at once', async () => {
    const time = fakeTime();
    const sentAt: [string, number][] = [];
    let flaky = 2;
    const send = async (m: Mail) => {
      if (m.to === 'flaky@x' && flaky-- > 0) throw Object.assign(new Error('421 try later'), { responseCode: 421 });
      if (m.to === 'gone@x') throw Object.assign(new Error('550 no such user'), { responseCode: 550 });
      if (m.to === 'down@x') throw new Error('connection refused');
      sentAt.push([m.to, time.at()]);
    };
    const items = ['a@x', 'flaky@x', 'gone@x', 'down@x', 'b@x'].map((to) => ({ member: to.split('@')[0]!, mail: { to, subject: 's', text: 't' } }));
    const progress: number[] = [];
    const r = await runMailQueue(items, send, { ratePerSecond: 2, retries: 2, backoffMs: 1000, sleep: time.sleep, now: time.now, onProgress: (d) => progress.push(d) });
    expect(r.sent).toBe(3);
    expect(r.bounces).toEqual([
      { member: 'gone', to: 'gone@x', attempts: 1, error: '550 no such user', permanent: true },
      { member: 'down', to: 'down@x', attempts: 3, error: 'connection refused', permanent: false },
    ]);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    // At most 2 a second: successive sends are at least 500 ms apart.
    const times = sentAt.map(([, t]) => t);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(500);
    // Back-off doubles: 1 s then 2 s for the flaky address.
    expect(time.sleeps).toContain(1000);
    expect(time.sleeps).toContain(2000);
  });

  it('resumes after a crash from its journal without sending any mail twice; the mail in flight is reported in doubt, never resent unasked', async () => {
    const letters = Array.from({ length: 6 }, (_, i) => ({ member: `m${i}`, credential: cred(i + 1) }));
    const emails = new Map(letters.map((l) => [l.member, l.member === 'm1' ? 'gone@x' : `${l.member}@x`]));
    const { items } = credentialQueue(letters, emails, { title: 'Members’ ballot', url: null });
    const delivered: string[] = [];
    const send = async (m: Mail) => {
      if (m.to === 'gone@x') throw Object.assign(new Error('550 no such user'), { responseCode: 550 });
      delivered.push(m.to);
    };
    // The journal as the CLI keeps it (appended line by line); the process dies right after the mailer took m3's mail,
    // before the outcome was written.
    let journal = '';
    const crash = new Error('killed');
    const write = (e: JournalEntry) => {
      if (e.member === 'm3' && e.state === 'sent') throw crash;
      journal += JSON.stringify(e) + '\n';
    };
    const time = fakeTime();
    await expect(runMailQueue(items, send, { ratePerSecond: 100, retries: 1, backoffMs: 10, ...time, journal: write })).rejects.toBe(crash);
    expect(delivered).toEqual(['m0@x', 'm2@x', 'm3@x']);
    expect(journal).not.toContain(cred(1)); // the journal never holds a credential

    // Restart: m0 and m2 were sent, m1 bounced (kept for the report), m3 is in doubt; m4 and m5 are still to send.
    const r = resumeFromJournal(items, journal + '{"member":"m4","sta'); // a torn last line from the crash is ignored
    expect(r.sent).toEqual(['m0', 'm2']);
    expect(r.bounces.map((b) => b.member)).toEqual(['m1']);
    expect(r.inDoubt.map((i) => i.member)).toEqual(['m3']);
    expect(r.pending.map((i) => i.member)).toEqual(['m4', 'm5']);
    await runMailQueue(r.pending, send, { ratePerSecond: 100, retries: 1, backoffMs: 10, ...fakeTime(), journal: (e) => void (journal += JSON.stringify(e) + '\n') });
    expect(delivered).toEqual(['m0@x', 'm2@x', 'm3@x', 'm4@x', 'm5@x']); // each once
    // A third run has nothing left to send; asked to, it resends only the mail in doubt.
    expect(resumeFromJournal(items, journal).pending).toEqual([]);
    expect(resumeFromJournal(items, journal, { resendInDoubt: true }).pending.map((i) => i.member)).toEqual(['m3']);
    // A journal corrupted before its last line is refused rather than guessed at.
    expect(() => resumeFromJournal(items, 'garbage\n' + journal)).toThrow(/corrupt at line 1/);
  });
});

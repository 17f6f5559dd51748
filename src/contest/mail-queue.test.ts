import { describe, expect, it } from 'vitest';
import type { Mail } from '../services/mailer';
import { credentialQueue, runMailQueue } from './mail-queue';

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
});

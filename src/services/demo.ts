import { count } from 'drizzle-orm';
import { accounts, procedures } from '../db/schema';
import { addDays } from '../domain/dates';
import { AppError } from '../domain/errors';
import { whipHolders } from '../domain/roster/membership';
import { createAccounts } from './auth';
import { SYSTEM_ACTOR, type AppContext } from './context';
import { openProcedure, runProcedureCommand } from './procedures';
import { DEFAULT_TRACKER, ensureTracker, ingestArticles } from './tracker';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMONS_2019_ROSTER_ID, importCommons2019, loadRoster } from './roster';

/**
 * The demo: the 2019 Commons roster with its changes, a procedure against Boris Johnson as it
 * stood on 5 June 2022, SIMULATED letters (the real letters were never published: these are
 * invented, and labelled "simulated" wherever they appear), and demo accounts.
 */
export const DEMO_PROCEDURE_ID = 'johnson-2022';
export const DEMO_DAY = '2022-06-05';
export const DEMO_CHAIR = { email: 'chair@demo.confidence', displayName: 'Sir Graham Brady (chair)', memberId: 'graham-brady' };
export const DEMO_OFFICERS = [
  { email: 'officer@demo.confidence', displayName: 'William Wragg (vice-chair)', memberId: 'william-wragg' },
  { email: 'officer2@demo.confidence', displayName: 'Nusrat Ghani (vice-chair)', memberId: 'nusrat-ghani' },
];
export const DEMO_EDITOR = { email: 'editor@demo.confidence', displayName: 'Tracker editor' };
/** MPs left without a simulated letter so a visitor can log in as them and write one. */
export const DEMO_FREE_MPS = ['peter-aldous', 'anna-firth', 'jesse-norman', 'andrew-bridgen', 'tobias-ellwood', 'steve-baker'];
/** MPs named in the bundled news articles: their public statements must not collide with simulated letters. */
export const PUBLICLY_QUOTED_MPS = ['christian-wakeford', 'nadine-dorries', 'rishi-sunak', 'sajid-javid', 'tim-loughton', 'angela-rayner'];
export const memberEmail = (memberId: string) => `${memberId}@members.demo`;

/** Deterministic PRNG (mulberry32): the demo is the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The four 2022 articles the product started from (eval/tracker/seeds), as their README dates them. */
const DEMO_ARTICLES = [
  { fileName: '000_782e18795b2a75b7.txt', published: '2022-01-19', outlet: 'Bury Times' },
  { fileName: '001_ea6c2ed50b83dc89.txt', published: '2022-02-01', outlet: 'BBC News' },
  { fileName: '002_2b1d2049429eeefe.txt', published: '2022-01-19', outlet: 'Bloomberg' },
  { fileName: '003_cc45b0a5e4f949bb.txt', published: '2022-07-06', outlet: 'Southend Echo' },
];

export interface DemoOptions {
  /** `simulated`: 53 letters in force on 5 June and 3 post-dated to 6 June; `none`: no letters. */
  letters: 'simulated' | 'none';
  onProgress?: (message: string) => void;
}

export async function isDatabaseEmpty(ctx: AppContext): Promise<boolean> {
  const [a] = await ctx.db.select({ n: count() }).from(accounts);
  const [p] = await ctx.db.select({ n: count() }).from(procedures);
  return (a?.n ?? 0) === 0 && (p?.n ?? 0) === 0;
}

export async function seedDemo(ctx: AppContext, options: DemoOptions = { letters: 'simulated' }): Promise<void> {
  const say = options.onProgress ?? (() => {});
  if (!(await isDatabaseEmpty(ctx))) throw new AppError('CONFLICT', 'the demo is only loaded into an empty database');
  say('importing the 2019 House of Commons roster and its changes');
  await importCommons2019(ctx, SYSTEM_ACTOR);
  const roster = await loadRoster(ctx.db, COMMONS_2019_ROSTER_ID);

  say('creating demo accounts');
  const staff = new Set([DEMO_CHAIR.memberId, ...DEMO_OFFICERS.map((o) => o.memberId)]);
  await createAccounts(ctx, [
    { ...DEMO_CHAIR, role: 'chair', rosterId: COMMONS_2019_ROSTER_ID },
    ...DEMO_OFFICERS.map((o) => ({ ...o, role: 'officer' as const, rosterId: COMMONS_2019_ROSTER_ID })),
    { ...DEMO_EDITOR, role: 'editor' as const },
    ...roster.members
      .filter((m) => !staff.has(m.memberId))
      .map((m) => ({ email: memberEmail(m.memberId), displayName: m.displayName, role: 'member' as const, rosterId: COMMONS_2019_ROSTER_ID, memberId: m.memberId })),
  ]);

  say('opening the procedure against Boris Johnson (re-enacted on 5 June 2022)');
  await openProcedure(ctx, SYSTEM_ACTOR, {
    id: DEMO_PROCEDURE_ID,
    rosterId: COMMONS_2019_ROSTER_ID,
    title: 'Confidence in Boris Johnson as Leader of the Conservative Party (2022 re-enactment)',
    leaderName: 'Boris Johnson',
    leaderMemberId: 'boris-johnson',
    leaderTookOfficeOn: '2019-07-24',
    rulebookId: 'conservative-1922',
    fixedDate: DEMO_DAY,
    openedOn: '2022-01-12',
    simulated: options.letters === 'simulated',
  });
  if (options.letters === 'none') return;

  say('putting the four source articles into the public tracker\'s review queue (an editor publishes them)');
  await ensureTracker(ctx, SYSTEM_ACTOR);
  await ingestArticles(
    ctx,
    SYSTEM_ACTOR,
    DEFAULT_TRACKER.id,
    DEMO_ARTICLES.map((a) => ({ ...a, text: readFileSync(fileURLToPath(new URL(`../../eval/tracker/seeds/${a.fileName}`, import.meta.url)), 'utf8') })),
  );

  say('writing simulated letters (invented for the demo; the real letters were never published)');
  const random = prng(2022);
  const heldWhipInJanuary = new Set(whipHolders(roster, 'Con', '2022-01-18').map((m) => m.memberId));
  const pool = whipHolders(roster, 'Con', DEMO_DAY)
    .map((m) => m.memberId)
    .filter((id) => heldWhipInJanuary.has(id))
    .filter((id) => id !== 'boris-johnson' && !staff.has(id) && !DEMO_FREE_MPS.includes(id) && !PUBLICLY_QUOTED_MPS.includes(id))
    .map((id) => ({ id, key: random() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.id);
  const writers = pool.slice(0, 56);
  // Spread submissions from mid-January to 5 June, in date order.
  const days = writers.map(() => addDays('2022-01-18', Math.floor(random() * 139))).sort();
  for (const [i, memberId] of writers.entries()) {
    const onDay = days[i]!;
    const postDated = i >= 53; // the last three ask that theirs count only after the Jubilee
    await runProcedureCommand(
      ctx,
      SYSTEM_ACTOR,
      DEMO_PROCEDURE_ID,
      { type: 'submit_letter', memberId, recordedBy: 'chair', simulated: true, effectiveFrom: postDated ? '2022-06-06' : onDay },
      { onDay },
    );
  }
}

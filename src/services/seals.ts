import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { procedureSeals, sealOpenings } from '../db/schema';
import { initCrypto } from '../crypto';
import { canonicalJson } from '../domain/audit/canonical-json';
import { AppError } from '../domain/errors';
import { electorateOn } from '../domain/rulebook/denominator';
import { buildSeal, verifySeal, type PublicSeal, type SlotOpening } from '../domain/seal/seal';
import { appendAudit, lockAuditChain } from './audit';
import { actorLabel, type Actor, type AppContext } from './context';
import { loadProcedure } from './procedures';
import { loadRoster } from './roster';

export interface SealSummary {
  seq: number;
  on: string;
  outcome: 'reached' | 'not-reached';
  denominator: number;
  threshold: number;
  hash: string;
}

const summary = (s: PublicSeal): SealSummary => ({ seq: s.seq, on: s.on, outcome: s.outcome, denominator: s.denominator, threshold: s.threshold, hash: s.hash });

/**
 * Publishes a sealed count for the procedure as it stands today: the public learns only whether the
 * threshold is reached, verifiably; each member can check their own slot. One transaction under the
 * audit lock, so the seal matches exactly the letters on file when it was made.
 */
export async function publishSeal(ctx: AppContext, actor: Actor, procedureId: string): Promise<SealSummary> {
  await initCrypto();
  return ctx.db.transaction(async (tx) => {
    await lockAuditChain(tx);
    const p = await loadProcedure(ctx, procedureId, undefined, tx);
    const roster = await loadRoster(tx, p.row.rosterId);
    const electorate = electorateOn(p.rulebook, roster, p.today);
    const inForce = new Set(p.status.letters.filter((l) => l.inForce).map((l) => l.memberId));
    const [prev] = await tx.select().from(procedureSeals).where(eq(procedureSeals.procedureId, procedureId)).orderBy(desc(procedureSeals.seq)).limit(1);
    const { seal, openings } = buildSeal({
      procedureId,
      seq: (prev?.seq ?? 0) + 1,
      on: p.today,
      electorate,
      inForce,
      threshold: p.status.threshold,
      prevHash: prev?.hash ?? '',
    });
    await tx.insert(procedureSeals).values({ procedureId, seq: seal.seq, on: seal.on, outcome: seal.outcome, hash: seal.hash, seal: canonicalJson(seal) });
    for (let i = 0; i < openings.length; i += 500) {
      await tx.insert(sealOpenings).values(openings.slice(i, i + 500).map((o) => ({ procedureId, seq: seal.seq, ...o })));
    }
    await appendAudit(tx, { actor: actorLabel(actor), kind: 'procedure-seal', action: 'seal_published', procedureId, payload: summary(seal) }, ctx.clock());
    return summary(seal);
  });
}

export async function latestSeal(db: DbOrTx, procedureId: string): Promise<PublicSeal> {
  const [row] = await db.select().from(procedureSeals).where(eq(procedureSeals.procedureId, procedureId)).orderBy(desc(procedureSeals.seq)).limit(1);
  if (!row) throw new AppError('NOT_FOUND', `procedure ${procedureId} has no sealed count yet`);
  return JSON.parse(row.seal) as PublicSeal;
}

export async function sealChain(db: DbOrTx, procedureId: string): Promise<PublicSeal[]> {
  const rows = await db.select().from(procedureSeals).where(eq(procedureSeals.procedureId, procedureId)).orderBy(procedureSeals.seq);
  return rows.map((r) => JSON.parse(r.seal) as PublicSeal);
}

/** A member's own slot in the latest seal (their private receipt). */
export async function mySealSlot(db: DbOrTx, procedureId: string, memberId: string): Promise<(Omit<SlotOpening, 'memberId'> & { seq: number; sealHash: string }) | null> {
  const seal = await latestSeal(db, procedureId).catch(() => null);
  if (!seal) return null;
  const [row] = await db
    .select()
    .from(sealOpenings)
    .where(and(eq(sealOpenings.procedureId, procedureId), eq(sealOpenings.seq, seal.seq), eq(sealOpenings.memberId, memberId)));
  if (!row) return null;
  return { seq: seal.seq, sealHash: seal.hash, slot: row.slot, value: row.value === 1 ? 1 : 0, randomness: row.randomness };
}

/** Verifies every seal of a procedure against the public denominator and threshold of its day, and the chain. */
export async function verifySealChain(ctx: AppContext, procedureId: string) {
  const seals = await sealChain(ctx.db, procedureId);
  const results = [];
  let prevHash = '';
  for (const seal of seals) {
    const p = await loadProcedure(ctx, procedureId, seal.on);
    results.push({ seal: summary(seal), ...verifySeal(seal, { denominator: p.status.denominator, threshold: p.status.threshold, prevHash }) });
    prevHash = seal.hash;
  }
  return results;
}

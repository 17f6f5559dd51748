import { and, asc, desc, eq, max } from 'drizzle-orm';
import { sha256 } from '@noble/hashes/sha2.js';
import type { DbOrTx } from '../db';
import { memberKeys, procedureSeals } from '../db/schema';
import { initCrypto } from '../crypto';
import { canonicalJson } from '../domain/audit/canonical-json';
import { AppError } from '../domain/errors';
import { electorateOn } from '../domain/rulebook/denominator';
import { answerMember, type MySlotAnswer } from '../domain/seal/member-check';
import { verifyMemberKeyRegistration, type MemberKeyRegistration } from '../domain/seal/member-key';
import { buildSeal, deriveSealSecrets, electorateWithKeys, expectedKeysFromRegistry, verifySeal, type KeyRegistration, type PublicSeal } from '../domain/seal/seal';
import { appendAudit, lockAuditChain } from './audit';
import { actorLabel, type Actor, type AppContext } from './context';
import { loadProcedure } from './procedures';
import { getMember, loadRoster } from './roster';

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
 * The operator's seal secret, from which every seal's tag secret and openings are derived (so none is
 * stored). It lives in the environment (CONFIDENCE_SEAL_SECRET), never in the database. Outside production a
 * published development secret is used: anyone can open development seals.
 */
const DEVELOPMENT_SEAL_SECRET = sha256(new TextEncoder().encode('confidence/sealed-count/development-secret (public: never use in production)'));
function sealSecret(ctx: AppContext): Uint8Array {
  const configured = ctx.config.sealSecret;
  if (configured) return configured;
  if (ctx.config.env === 'production') throw new AppError('SEAL_SECRET_MISSING');
  return DEVELOPMENT_SEAL_SECRET;
}

// ---- member keys ---------------------------------------------------------------------------------------

export interface PublicKeyRegistration extends KeyRegistration {
  proof: MemberKeyRegistration['proof'];
  registeredAt: string;
}

/** The roster's public member-key registry, in registration order (what verifiers read). */
export async function listMemberKeys(db: DbOrTx, rosterId: string): Promise<PublicKeyRegistration[]> {
  const rows = await db.select().from(memberKeys).where(eq(memberKeys.rosterId, rosterId)).orderBy(asc(memberKeys.seq));
  return rows.map((r) => ({ seq: r.seq, memberId: r.memberId, publicKey: r.publicKey, proof: JSON.parse(r.proof) as MemberKeyRegistration['proof'], registeredAt: r.registeredAt.toISOString() }));
}

/** The member's current key (their latest registration), or null. */
export async function currentMemberKey(db: DbOrTx, rosterId: string, memberId: string): Promise<PublicKeyRegistration | null> {
  const all = await listMemberKeys(db, rosterId);
  return all.filter((r) => r.memberId === memberId).at(-1) ?? null;
}

/**
 * Registers a member's public key (generated on their device) after checking its proof of possession. A key
 * belongs to one member only; registering the member's current key again is a no-op. Audited.
 */
export async function registerMemberKey(ctx: AppContext, actor: Actor, rosterId: string, memberId: string, reg: MemberKeyRegistration): Promise<PublicKeyRegistration> {
  await initCrypto();
  verifyMemberKeyRegistration(reg, rosterId, memberId);
  return ctx.db.transaction(async (tx) => {
    await lockAuditChain(tx);
    await getMember(tx, rosterId, memberId);
    const [taken] = await tx.select().from(memberKeys).where(eq(memberKeys.publicKey, reg.publicKey));
    if (taken && (taken.memberId !== memberId || taken.rosterId !== rosterId)) throw new AppError('MEMBER_KEY_TAKEN');
    const current = await currentMemberKey(tx, rosterId, memberId);
    if (current?.publicKey === reg.publicKey) return current;
    if (taken) throw new AppError('CONFLICT', 'this key was replaced by a newer one; generate a new key instead of going back to an old one');
    const [last] = await tx.select({ seq: max(memberKeys.seq) }).from(memberKeys).where(eq(memberKeys.rosterId, rosterId));
    const seq = (last?.seq ?? 0) + 1;
    const registeredAt = ctx.clock();
    await tx.insert(memberKeys).values({ rosterId, seq, memberId, publicKey: reg.publicKey, proof: canonicalJson(reg.proof), registeredAt });
    await appendAudit(tx, { actor: actorLabel(actor), kind: 'member-key', action: 'member_key_registered', procedureId: null, payload: { rosterId, seq, memberId, publicKey: reg.publicKey } }, registeredAt);
    return { seq, memberId, publicKey: reg.publicKey, proof: reg.proof, registeredAt: registeredAt.toISOString() };
  });
}

// ---- seals ---------------------------------------------------------------------------------------------

/**
 * Publishes a sealed count for the procedure as it stands today: the public learns only whether the
 * threshold is reached, verifiably; each member can check their own slot. One transaction under the
 * audit lock, so the seal matches exactly the letters and keys on file when it was made. No opening is
 * stored: they are re-derived from the operator secret when a member asks.
 */
export async function publishSeal(ctx: AppContext, actor: Actor, procedureId: string): Promise<SealSummary> {
  await initCrypto();
  const secret = sealSecret(ctx);
  return ctx.db.transaction(async (tx) => {
    await lockAuditChain(tx);
    const p = await loadProcedure(ctx, procedureId, undefined, tx);
    const roster = await loadRoster(tx, p.row.rosterId);
    const registry = await listMemberKeys(tx, p.row.rosterId);
    const keyRegistrySeq = registry.at(-1)?.seq ?? 0;
    const electorate = electorateWithKeys(electorateOn(p.rulebook, roster, p.today), registry, keyRegistrySeq);
    const inForce = new Set(p.status.letters.filter((l) => l.inForce).map((l) => l.memberId));
    const [prev] = await tx.select().from(procedureSeals).where(eq(procedureSeals.procedureId, procedureId)).orderBy(desc(procedureSeals.seq)).limit(1);
    const seq = (prev?.seq ?? 0) + 1;
    const seal = buildSeal({
      procedureId,
      rosterId: p.row.rosterId,
      seq,
      on: p.today,
      keyRegistrySeq,
      electorate,
      inForce,
      threshold: p.status.threshold,
      prevHash: prev?.hash ?? '',
      secrets: deriveSealSecrets(secret, procedureId, seq),
    });
    await tx.insert(procedureSeals).values({ procedureId, seq: seal.seq, on: seal.on, outcome: seal.outcome, hash: seal.hash, seal: canonicalJson(seal) });
    await appendAudit(tx, { actor: actorLabel(actor), kind: 'procedure-seal', action: 'seal_published', procedureId, payload: summary(seal) }, ctx.clock());
    return summary(seal);
  });
}

export async function latestSeal(db: DbOrTx, procedureId: string): Promise<PublicSeal> {
  const [row] = await db.select().from(procedureSeals).where(eq(procedureSeals.procedureId, procedureId)).orderBy(desc(procedureSeals.seq)).limit(1);
  if (!row) throw new AppError('NOT_FOUND', `procedure ${procedureId} has no sealed count yet`);
  return JSON.parse(row.seal) as PublicSeal;
}

export async function sealAt(db: DbOrTx, procedureId: string, seq: number): Promise<PublicSeal> {
  const [row] = await db.select().from(procedureSeals).where(and(eq(procedureSeals.procedureId, procedureId), eq(procedureSeals.seq, seq)));
  if (!row) throw new AppError('NOT_FOUND', `procedure ${procedureId} has no sealed count ${seq}`);
  return JSON.parse(row.seal) as PublicSeal;
}

export async function sealChain(db: DbOrTx, procedureId: string): Promise<PublicSeal[]> {
  const rows = await db.select().from(procedureSeals).where(eq(procedureSeals.procedureId, procedureId)).orderBy(procedureSeals.seq);
  return rows.map((r) => JSON.parse(r.seal) as PublicSeal);
}

/**
 * A member's check data for the latest seal, derived now from the operator secret (nothing was stored):
 * with a key, their slot and a designated-verifier proof of its value; without one, the fallback opening.
 */
export async function mySealSlot(ctx: AppContext, procedureId: string, memberId: string): Promise<MySlotAnswer | null> {
  await initCrypto();
  const seal = await latestSeal(ctx.db, procedureId).catch(() => null);
  if (!seal) return null;
  const secrets = deriveSealSecrets(sealSecret(ctx), procedureId, seal.seq);
  const registry = await listMemberKeys(ctx.db, seal.rosterId);
  const [asSealed] = electorateWithKeys([memberId], registry, seal.keyRegistrySeq);
  return asSealed ? answerMember(seal, secrets, asSealed) : null;
}

/** What a verifier needs besides the seal: the electorate of the seal's day, and the key registry. */
export interface SealVerifierInputs {
  electorate: string[];
  registry: PublicKeyRegistration[];
  denominator: number;
  threshold: number;
}

export async function sealVerifierInputs(ctx: AppContext, procedureId: string, on: string): Promise<SealVerifierInputs> {
  const p = await loadProcedure(ctx, procedureId, on);
  const roster = await loadRoster(ctx.db, p.row.rosterId);
  const electorate = electorateOn(p.rulebook, roster, on);
  return { electorate, registry: await listMemberKeys(ctx.db, p.row.rosterId), denominator: p.status.denominator, threshold: p.status.threshold };
}

/** Verifies every seal of a procedure against the public denominator, threshold, key registry of its day, and the chain. */
export async function verifySealChain(ctx: AppContext, procedureId: string) {
  return verifySeals(await sealChain(ctx.db, procedureId), (seal) => sealVerifierInputs(ctx, procedureId, seal.on));
}

/**
 * Verifies a procedure's seals in order, each against the electorate, denominator, threshold and key registry of
 * its day and against the seal before it. `inputsFor` reads them from this database or from a running server's
 * public API (the CLI while a server holds the data folder): the checks themselves run here either way.
 */
export async function verifySeals(seals: readonly PublicSeal[], inputsFor: (seal: PublicSeal) => Promise<SealVerifierInputs>) {
  await initCrypto();
  const results = [];
  let previous: PublicSeal | null = null;
  for (const seal of seals) {
    const inputs = await inputsFor(seal);
    // The whole registry is held to what the registration service writes (a replayed or removed entry fails S8).
    const keys = expectedKeysFromRegistry(seal.rosterId, inputs.electorate, inputs.registry, seal.keyRegistrySeq);
    results.push({ seal: summary(seal), ...verifySeal(seal, { denominator: inputs.denominator, threshold: inputs.threshold, previous, ...keys }) });
    previous = seal;
  }
  return results;
}

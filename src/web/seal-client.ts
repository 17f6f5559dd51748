/**
 * The sealed count on the reader's device (loaded on demand): public verification with the same code as
 * `npx confidence seal verify`, the member's key (generated here, kept in this browser, exportable), and the
 * member's own slot check. The server is trusted for nothing it could lie about undetected: the electorate
 * it reports can be compared with the public roster; the key registry's proofs are checked here.
 */
import { initCrypto } from '../crypto';
import { verifyKeyedSlot, verifyKeylessSlot, type MemberVerdict, type MySlotAnswer } from '../domain/seal/member-check';
import { generateMemberKey, memberKeyFile, parseMemberKeyFile, proveMemberKey, type MemberKeyFile } from '../domain/seal/member-key';
import { expectedKeysFromRegistry, verifySeal, type PublicSeal, type SealCheck } from '../domain/seal/seal';
import { api } from './api';

export async function verifyPublishedSeal(procedureId: string, seal: PublicSeal): Promise<SealCheck[]> {
  await initCrypto();
  const [day, registry, previous] = await Promise.all([
    api.sealElectorate(procedureId, seal.seq),
    api.memberKeyRegistry(seal.rosterId),
    seal.seq > 1 ? api.sealAt(procedureId, seal.seq - 1) : Promise.resolve(null),
  ]);
  // The whole registry is held to what the registration service writes (a replayed or removed entry fails S8).
  const keys = expectedKeysFromRegistry(seal.rosterId, day.electorate, registry.registrations, seal.keyRegistrySeq);
  return verifySeal(seal, { denominator: day.electorate.length, threshold: day.threshold, previous, ...keys }).checks;
}

const storageKey = (rosterId: string, memberId: string) => `confidence.member-key.${rosterId}.${memberId}`;

/** The key file kept in this browser for this member, if any. */
export function storedKey(rosterId: string, memberId: string): MemberKeyFile | null {
  const raw = globalThis.localStorage?.getItem(storageKey(rosterId, memberId));
  if (!raw) return null;
  try {
    return parseMemberKeyFile(JSON.parse(raw));
  } catch {
    return null;
  }
}

/** Generates a key here, registers its public half with a proof of possession, keeps the secret in this browser. */
export async function generateAndRegister(rosterId: string, memberId: string): Promise<MemberKeyFile> {
  await initCrypto();
  const key = generateMemberKey();
  const file = memberKeyFile(key, rosterId, memberId);
  await api.registerMemberKey(proveMemberKey(key, rosterId, memberId));
  localStorage.setItem(storageKey(rosterId, memberId), JSON.stringify(file));
  return file;
}

/** Imports an exported key file (e.g. from another device) and registers it if it is not the current key. */
export async function importKey(text: string, rosterId: string, memberId: string): Promise<MemberKeyFile> {
  await initCrypto();
  const parsed = parseMemberKeyFile(JSON.parse(text));
  if (parsed.rosterId !== rosterId || parsed.memberId !== memberId) throw new Error(`this key file is for ${parsed.memberId} (${parsed.rosterId}), not for you`);
  await api.registerMemberKey(proveMemberKey(parsed.key, rosterId, memberId));
  const file = memberKeyFile(parsed.key, rosterId, memberId);
  localStorage.setItem(storageKey(rosterId, memberId), JSON.stringify(file));
  return file;
}

export async function checkMySlot(seal: PublicSeal, answer: MySlotAnswer, expected: 0 | 1, memberId: string): Promise<MemberVerdict & { mode: 'keyed' | 'keyless' | 'no-key-here' }> {
  await initCrypto();
  if (answer.mode === 'keyless') return { ...verifyKeylessSlot(seal, memberId, answer, expected), mode: 'keyless' };
  const file = storedKey(seal.rosterId, memberId);
  if (!file) return { ok: false, checks: [{ step: 'M1', ok: false, detail: 'your key is not in this browser: import your key file to check' }], mode: 'no-key-here' };
  return { ...verifyKeyedSlot(seal, parseMemberKeyFile(file).key, answer, expected), mode: 'keyed' };
}

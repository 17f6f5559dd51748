/** Type-only re-exports of the sealed-count domain for the web client (nothing is bundled from here). */
export type { MySlotAnswer, KeyedSlotAnswer, KeylessSlotAnswer } from '../domain/seal/member-check';
export type { MemberKeyRegistration, MemberKeyFile } from '../domain/seal/member-key';

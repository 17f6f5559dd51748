/**
 * libsodium (WebAssembly) back end.
 *
 * Why: libsodium's ristretto255 is ~7x faster than pure-JS noble for variable-base multiplication and works
 * directly on canonical 32-byte encodings, so verifiers never pay noble's ~130 µs BigInt decode/encode.
 * Its `crypto_scalarmult_ristretto255` is constant-time, so it is also the preferred path for secret scalars
 * times arbitrary points (trustee partial decryption), where noble's Edwards multiply is not blinded.
 *
 * It must be loaded asynchronously (`await initCrypto()`); until then everything runs on noble, with the
 * same results (the vectors test both). `setBackend('noble')` forces noble, for benchmarks and cross-checks.
 */
import sodiumModule from 'libsodium-wrappers-sumo';

export type Sodium = typeof sodiumModule;
export type Backend = 'noble' | 'sodium';

let loaded: Sodium | null = null;
let preferred: Backend = 'sodium';

/** Loads the WebAssembly back end. Idempotent. Safe to skip: the library then runs on noble only. */
export async function initCrypto(): Promise<void> {
  if (loaded) return;
  await sodiumModule.ready;
  loaded = sodiumModule;
}

/** Chooses the back end used by verification and secret-scalar paths ('sodium' needs initCrypto first). */
export function setBackend(backend: Backend): void {
  preferred = backend;
}

export function activeBackend(): Backend {
  return preferred === 'sodium' && loaded ? 'sodium' : 'noble';
}

/** The libsodium module if loaded and selected, else null. */
export function sodium(): Sodium | null {
  return preferred === 'sodium' ? loaded : null;
}

/** The loaded libsodium module regardless of the selected back end (cross-checks), or null. */
export function loadedSodium(): Sodium | null {
  return loaded;
}

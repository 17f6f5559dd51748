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
import { initWasm, wasmLoaded } from './wasm';

export type Sodium = typeof sodiumModule;
/**
 * 'noble': pure JS. 'sodium': libsodium for every multiplication. 'wasm' (default once loaded): libsodium for
 * secret scalars and single operations, plus the WebAssembly multi-scalar kernel (./wasm) for verification
 * equations (public data only).
 */
export type Backend = 'noble' | 'sodium' | 'wasm';

let loaded: Sodium | null = null;
let preferred: Backend = 'wasm';

/** Loads the WebAssembly back ends (libsodium and the verifier kernel). Idempotent. Safe to skip: noble only. */
export async function initCrypto(): Promise<void> {
  if (loaded && wasmLoaded()) return;
  await Promise.all([sodiumModule.ready, initWasm()]);
  loaded = sodiumModule;
}

/** Chooses the back end ('sodium' and 'wasm' need initCrypto first; until then noble is used). */
export function setBackend(backend: Backend): void {
  preferred = backend;
}

export function activeBackend(): Backend {
  if (!loaded || preferred === 'noble') return 'noble';
  return preferred === 'wasm' && wasmLoaded() ? 'wasm' : 'sodium';
}

/** The libsodium module if loaded and selected ('sodium' or 'wasm'), else null. */
export function sodium(): Sodium | null {
  return preferred === 'noble' ? null : loaded;
}

/** True if verification equations should go to the WebAssembly multi-scalar kernel. */
export function useWasmVerifier(): boolean {
  return activeBackend() === 'wasm';
}

/** The loaded libsodium module regardless of the selected back end (cross-checks), or null. */
export function loadedSodium(): Sodium | null {
  return loaded;
}

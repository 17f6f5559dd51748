import { initCrypto, generateKeyPair, randomScalar, setBackend } from '../src/crypto/index';
import { wasmDecodeGe, wasmMsmIsIdentity } from '../src/crypto/wasm';
await initCrypto(); setBackend('wasm');
const N = Number(process.argv[2] ?? 8000);
const pts = Array.from({ length: N }, () => generateKeyPair().publicKey.toBytes());
const sc = Array.from({ length: N }, (_, i) => (i % 8 < 3 ? randomScalar() : randomScalar() >> 125n));
let ges: Uint8Array[] = [];
for (let r = 0; r < 4; r++) { const t = process.cpuUsage(); ges = pts.map((p) => wasmDecodeGe(p)!); const d = process.cpuUsage(t); console.log("decode µs/pt", ((d.user + d.system) / N).toFixed(2)); }
for (let r = 0; r < 4; r++) { const t = process.cpuUsage(); wasmMsmIsIdentity(ges, sc); const d = process.cpuUsage(t); console.log("msm µs/pt", ((d.user + d.system) / N).toFixed(2)); }

// Writes test/vectors/crypto-v1.json (see vectors.ts). Usage: npx tsx test/crypto/write-vectors.ts
import { writeFileSync } from 'node:fs';
import { initCrypto } from '../../src/crypto/index';
import { buildVectors } from './vectors';

await initCrypto();
const json = JSON.stringify(buildVectors(), null, 2) + '\n';
writeFileSync(new URL('../vectors/crypto-v1.json', import.meta.url), json);
console.log(`wrote test/vectors/crypto-v1.json (${json.length} bytes)`);

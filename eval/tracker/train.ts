/**
 * `npm run train:tracker`: trains the stance model on every labelled article except the blind
 * batch (split "blind", scored once and never trained on) and writes src/tracker/stance-weights.json.
 * Deterministic: same labels and code, same weights (no random initialisation; fixed order and epochs).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCommons2019 } from '../../src/data/commons-2019';
import { loadLabels } from './dataset';
import { examplesOf, trainWeights } from './model-data';

const roster = loadCommons2019();
const articles = loadLabels().filter((a) => a.split !== 'blind');
const t0 = performance.now();
const data = articles.map((a) => examplesOf(a, roster));
const weights = trainWeights(data);
const out = fileURLToPath(new URL('../../src/tracker/stance-weights.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(weights, null, 1)}\n`);
console.log(`trained on ${weights.trainedOn.articles} articles, ${weights.trainedOn.candidates} candidates in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(`positives per stance: ${JSON.stringify(weights.trainedOn.positives)}`);
console.log(`wrote ${out}`);

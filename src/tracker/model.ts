/**
 * The stance model: one logistic regression per stance (one-vs-rest) over the candidate features
 * (features.ts). An article's score for (member, stance) is the highest score of that member's
 * candidates. Training is full-batch gradient descent with L2, deterministic (fixed initial
 * weights, fixed order, fixed epochs): the same data always gives the same weights, so
 * `npm run train:tracker` is reproducible and its output, `stance-weights.json`, is versioned.
 *
 * Threat model: articles are untrusted text. The model only ever proposes; an editor accepts. The
 * exact rules stay rules (extract.ts): the leader is never a declarant, party on the day, dates.
 */
import { FEATURE_NAMES, type Candidate } from './features';
import { STANCES, type Stance } from './types';

export interface StanceWeights {
  version: number;
  /** What the weights were trained on and how: printed by the eval, kept for the record. */
  trainedOn: { articles: number; candidates: number; positives: Record<string, number>; command: string };
  hyper: TrainOptions;
  features: string[];
  stances: Record<Stance, { w: number[]; b: number }>;
  /**
   * At or above `proposed`: proposed. At or above `possible`: shown to the editor as possible. What the
   * hand-written rules find is proposed when the model scores it at or above `rules` (else possible):
   * the rules are exact about grammar but not about time ("had backed him last month").
   */
  thresholds: { proposed: number; possible: number; rules?: number };
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Weight of a positive example relative to a negative one (positives are rare). */
  positiveWeight: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 2000, learningRate: 0.5, l2: 0.0003, positiveWeight: 3 };
export const DEFAULT_THRESHOLDS = { proposed: 0.84, possible: 0.03, rules: 0 };

export interface TrainingExample {
  x: Float64Array;
  /** Stances this candidate states (from the labels). */
  y: Set<Stance>;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function trainStanceModel(examples: readonly TrainingExample[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS): StanceWeights['stances'] {
  const d = FEATURE_NAMES.length;
  const n = examples.length;
  const out = {} as StanceWeights['stances'];
  // Non-zero entries of each example, in feature order: the same sums as the dense loop, far fewer steps.
  const nz = examples.map((e) => {
    const idx: number[] = [];
    for (let j = 0; j < d; j++) if (e.x[j] !== 0) idx.push(j);
    return { idx: Int32Array.from(idx), val: Float64Array.from(idx, (j) => e.x[j]!) };
  });
  for (const stance of STANCES) {
    const w = new Float64Array(d);
    let b = -2;
    const grad = new Float64Array(d);
    let totalWeight = 0;
    for (const e of examples) totalWeight += e.y.has(stance) ? options.positiveWeight : 1;
    if (n === 0 || totalWeight === 0) {
      out[stance] = { w: Array.from(w), b };
      continue;
    }
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      grad.fill(0);
      let gb = 0;
      for (let i = 0; i < n; i++) {
        const y = examples[i]!.y.has(stance) ? 1 : 0;
        const weight = y ? options.positiveWeight : 1;
        let z = b;
        const { idx, val } = nz[i]!;
        for (let k = 0; k < idx.length; k++) z += w[idx[k]!]! * val[k]!;
        const err = (sigmoid(z) - y) * weight;
        gb += err;
        for (let k = 0; k < idx.length; k++) grad[idx[k]!]! += err * val[k]!;
      }
      for (let j = 0; j < d; j++) w[j] = w[j]! - options.learningRate * (grad[j]! / totalWeight + options.l2 * w[j]!);
      b -= (options.learningRate * gb) / totalWeight;
    }
    out[stance] = { w: Array.from(w, (v) => Math.round(v * 1e6) / 1e6), b: Math.round(b * 1e6) / 1e6 };
  }
  return out;
}

export function scoreCandidate(weights: StanceWeights, x: Float64Array, stance: Stance): number {
  const m = weights.stances[stance];
  let z = m.b;
  for (let j = 0; j < x.length; j++) if (x[j] !== 0) z += (m.w[j] ?? 0) * x[j]!;
  return sigmoid(z);
}

export interface ScoredPair {
  memberId: string;
  stance: Stance;
  score: number;
  /** The candidate that scored highest: its sentence is the evidence. */
  best: Candidate;
}

/** Per (member, stance): the best candidate's score. Only stances with vocabulary near the candidate are scored. */
export function scoreArticle(weights: StanceWeights, candidates: readonly Candidate[]): ScoredPair[] {
  const best = new Map<string, ScoredPair>();
  for (const c of candidates) {
    for (const stance of c.vocabulary) {
      const score = scoreCandidate(weights, c.x, stance);
      const key = `${c.memberId}|${stance}`;
      const prev = best.get(key);
      if (!prev || score > prev.score) best.set(key, { memberId: c.memberId, stance, score, best: c });
    }
  }
  return [...best.values()];
}

export function checkWeights(raw: unknown): StanceWeights {
  const w = raw as StanceWeights;
  if (!w || typeof w !== 'object' || !Array.isArray(w.features)) throw new Error('stance weights: not a weights file');
  if (w.features.join('|') !== FEATURE_NAMES.join('|')) throw new Error('stance weights: trained on other features; run npm run train:tracker');
  for (const s of STANCES) if (!w.stances?.[s] || w.stances[s].w.length !== FEATURE_NAMES.length) throw new Error(`stance weights: missing ${s}`);
  return w;
}

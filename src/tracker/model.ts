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
  stances: Record<Stance, { w: number[]; b: number; /** Output weights on the hidden units (network only). */ v?: number[] }>;
  /** A shared hidden layer (ReLU) when the learner is the network: units × features, and the units' biases. */
  hidden?: { w: number[][]; b: number[] };
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
  /** 'logistic' (default) or 'network': logistic regressions plus a shared hidden layer of `hiddenUnits` ReLUs. */
  learner?: 'logistic' | 'network';
  hiddenUnits?: number;
  /** Half-width of the uniform initial hidden weights (network only; 0.1 by default). */
  initScale?: number;
  seed?: number;
}

/**
 * The network (ADR 0302): 16 hidden units, 300 epochs of Adam at 0.01, L2 0.003, chosen by the same 5-fold
 * cross-validation by article as the regression's settings. The regression alone was 2,000 epochs at 0.5, L2 0.0003.
 */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 300, learningRate: 0.01, l2: 0.003, positiveWeight: 3, learner: 'network', hiddenUnits: 16, initScale: 0.1, seed: 20220606 };
/** The regressions alone, as shipped before the network (kept for comparison: tune.ts without NET trains these). */
export const LOGISTIC_TRAIN_OPTIONS: TrainOptions = { epochs: 2000, learningRate: 0.5, l2: 0.0003, positiveWeight: 3, learner: 'logistic' };
/**
 * Proposed at 0.82: with the context checks (ADR 0303) and 435 training articles, the highest-precision threshold at
 * which 5-fold cross-validation by article meets both proposed targets on both fold splits (seed 20220606: 95.4% /
 * 80.6%; seed 7: 95.9% / 80.8%; batches 21-35 out of fold 97.0% / 84.0%), chosen before batch 36 was scored.
 * Possible at 0.03 (was 0.02): after batch 37 had 3.18 possible items per true declaration, cross-validation over 459
 * articles kept queue recall at 97.2% with 2.13 possible per true instead of 2.33 (0.05: 96.9%, below the target);
 * chosen before batch 38 was scored.
 * Possible back at 0.02: with batches 41 and 42 in training (519 articles), 0.03 gave queue recall 96.6% (below the
 * target; batch 42's first score 92.2%), 0.02 gives 97.1% with 2.49 possible per true (batches 21-42 out of fold: 97.8%,
 * 2.50); chosen before batch 43 was scored.
 */
export const DEFAULT_THRESHOLDS = { proposed: 0.82, possible: 0.02, rules: 0 };

export interface TrainingExample {
  x: Float64Array;
  /** Stances this candidate states (from the labels). */
  y: Set<Stance>;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function trainStanceModel(examples: readonly TrainingExample[], options: TrainOptions = LOGISTIC_TRAIN_OPTIONS): StanceWeights['stances'] {
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

/**
 * The network: each stance's logistic regression plus output weights on a shared hidden layer of ReLUs, so
 * conjunctions the features do not spell out can be learnt. Trained jointly by full-batch Adam; the hidden
 * layer starts from seeded small weights (mulberry32), the rest from zero: deterministic, like the regression.
 */
export function trainNetwork(examples: readonly TrainingExample[], options: TrainOptions): { stances: StanceWeights['stances']; hidden: NonNullable<StanceWeights['hidden']> } {
  const d = FEATURE_NAMES.length;
  const H = options.hiddenUnits ?? 16;
  const S = STANCES.length;
  const n = examples.length;
  let seed = (options.seed ?? 20220606) >>> 0;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const nz = examples.map((e) => {
    const idx: number[] = [];
    for (let j = 0; j < d; j++) if (e.x[j] !== 0) idx.push(j);
    return { idx: Int32Array.from(idx), val: Float64Array.from(idx, (j) => e.x[j]!) };
  });
  // Parameters in one array: W1 (H×d), b1 (H), w (S×d), b (S), v (S×H).
  const oW1 = 0, oB1 = H * d, oW = oB1 + H, oB = oW + S * d, oV = oB + S;
  const size = oV + S * H;
  const p = new Float64Array(size);
  const scale = options.initScale ?? 0.1;
  for (let i = 0; i < H * d; i++) p[oW1 + i] = (rand() * 2 - 1) * scale;
  for (let s = 0; s < S; s++) p[oB + s] = -2;
  const g = new Float64Array(size);
  const m1 = new Float64Array(size);
  const m2 = new Float64Array(size);
  const totalWeight = STANCES.map((st) => examples.reduce((t, e) => t + (e.y.has(st) ? options.positiveWeight : 1), 0));
  const a = new Float64Array(H);
  const h = new Float64Array(H);
  const dh = new Float64Array(H);
  const err = new Float64Array(S);
  const lr = options.learningRate, b1 = 0.9, b2 = 0.999;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    g.fill(0);
    for (let i = 0; i < n; i++) {
      const { idx, val } = nz[i]!;
      for (let u = 0; u < H; u++) {
        let z = p[oB1 + u]!;
        const row = oW1 + u * d;
        for (let k = 0; k < idx.length; k++) z += p[row + idx[k]!]! * val[k]!;
        a[u] = z;
        h[u] = z > 0 ? z : 0;
      }
      dh.fill(0);
      for (let s = 0; s < S; s++) {
        let z = p[oB + s]!;
        const row = oW + s * d;
        for (let k = 0; k < idx.length; k++) z += p[row + idx[k]!]! * val[k]!;
        for (let u = 0; u < H; u++) z += p[oV + s * H + u]! * h[u]!;
        const y = examples[i]!.y.has(STANCES[s]!) ? 1 : 0;
        const e = ((sigmoid(z) - y) * (y ? options.positiveWeight : 1)) / (totalWeight[s] || 1);
        err[s] = e;
        g[oB + s]! += e;
        for (let k = 0; k < idx.length; k++) g[row + idx[k]!]! += e * val[k]!;
        for (let u = 0; u < H; u++) {
          g[oV + s * H + u]! += e * h[u]!;
          dh[u]! += e * p[oV + s * H + u]!;
        }
      }
      for (let u = 0; u < H; u++) {
        if (a[u]! <= 0 || dh[u] === 0) continue;
        g[oB1 + u]! += dh[u]!;
        const row = oW1 + u * d;
        for (let k = 0; k < idx.length; k++) g[row + idx[k]!]! += dh[u]! * val[k]!;
      }
    }
    const c1 = 1 - b1 ** epoch, c2 = 1 - b2 ** epoch;
    for (let i = 0; i < size; i++) {
      const isBias = (i >= oB1 && i < oW) || (i >= oB && i < oV);
      const gi = g[i]! + (isBias ? 0 : options.l2 * p[i]!);
      m1[i] = b1 * m1[i]! + (1 - b1) * gi;
      m2[i] = b2 * m2[i]! + (1 - b2) * gi * gi;
      p[i]! -= (lr * (m1[i]! / c1)) / (Math.sqrt(m2[i]! / c2) + 1e-8);
    }
  }
  const r = (v: number) => Math.round(v * 1e6) / 1e6;
  const stances = {} as StanceWeights['stances'];
  STANCES.forEach((st, s) => {
    stances[st] = { w: Array.from(p.subarray(oW + s * d, oW + (s + 1) * d), r), b: r(p[oB + s]!), v: Array.from(p.subarray(oV + s * H, oV + (s + 1) * H), r) };
  });
  return { stances, hidden: { w: Array.from({ length: H }, (_, u) => Array.from(p.subarray(oW1 + u * d, oW1 + (u + 1) * d), r)), b: Array.from(p.subarray(oB1, oB1 + H), r) } };
}

/** The hidden layer's activations for x (network weights only). */
function hiddenOf(weights: StanceWeights, x: Float64Array): Float64Array | null {
  const hidden = weights.hidden;
  if (!hidden) return null;
  const h = new Float64Array(hidden.b.length);
  for (let u = 0; u < h.length; u++) {
    let z = hidden.b[u]!;
    const row = hidden.w[u]!;
    for (let j = 0; j < x.length; j++) if (x[j] !== 0) z += row[j]! * x[j]!;
    h[u] = z > 0 ? z : 0;
  }
  return h;
}

export function scoreCandidate(weights: StanceWeights, x: Float64Array, stance: Stance, h: Float64Array | null = hiddenOf(weights, x)): number {
  const m = weights.stances[stance];
  let z = m.b;
  for (let j = 0; j < x.length; j++) if (x[j] !== 0) z += (m.w[j] ?? 0) * x[j]!;
  if (h && m.v) for (let u = 0; u < h.length; u++) z += m.v[u]! * h[u]!;
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
    const h = hiddenOf(weights, c.x);
    for (const stance of c.vocabulary) {
      const score = scoreCandidate(weights, c.x, stance, h);
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
  if (w.hidden) {
    const units = w.hidden.b.length;
    if (w.hidden.w.length !== units || w.hidden.w.some((row) => row.length !== FEATURE_NAMES.length)) throw new Error('stance weights: hidden layer of the wrong shape');
    for (const s of STANCES) if (w.stances[s].v?.length !== units) throw new Error(`stance weights: ${s} has no output weights for the hidden layer`);
  }
  return w;
}

import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from './features';
import { DEFAULT_TRAIN_OPTIONS, scoreCandidate, trainNetwork, trainStanceModel, type StanceWeights, type TrainingExample } from './model';
import type { Stance } from './types';

/** Exclusive or of two features: no linear model separates it, one hidden layer does. */
function xorExamples(): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const [a, b] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
    for (let r = 0; r < 5; r++) {
      const x = new Float64Array(FEATURE_NAMES.length);
      x[0] = 1;
      x[1] = a;
      x[2] = b;
      out.push({ x, y: new Set<Stance>(a !== b ? ['backs_leader'] : []) });
    }
  }
  return out;
}
const weightsOf = (stances: StanceWeights['stances'], hidden?: StanceWeights['hidden']): StanceWeights => ({
  version: 1,
  trainedOn: { articles: 0, candidates: 0, positives: {}, command: '' },
  hyper: DEFAULT_TRAIN_OPTIONS,
  features: FEATURE_NAMES,
  stances,
  ...(hidden ? { hidden } : {}),
  thresholds: { proposed: 0.84, possible: 0.03 },
});
const at = (a: number, b: number) => {
  const x = new Float64Array(FEATURE_NAMES.length);
  x[0] = 1;
  x[1] = a;
  x[2] = b;
  return x;
};

describe('stance model learners', () => {
  it('the network learns a conjunction the regression cannot, and trains to the same weights every time', () => {
    const options = { ...DEFAULT_TRAIN_OPTIONS, learner: 'network' as const, hiddenUnits: 8, learningRate: 0.05, epochs: 1000, l2: 0, positiveWeight: 1, initScale: 1 };
    const net = trainNetwork(xorExamples(), options);
    expect(trainNetwork(xorExamples(), options)).toEqual(net);
    const w = weightsOf(net.stances, net.hidden);
    expect(scoreCandidate(w, at(0, 1), 'backs_leader')).toBeGreaterThan(0.8);
    expect(scoreCandidate(w, at(1, 0), 'backs_leader')).toBeGreaterThan(0.8);
    expect(scoreCandidate(w, at(1, 1), 'backs_leader')).toBeLessThan(0.2);
    expect(scoreCandidate(w, at(0, 0), 'backs_leader')).toBeLessThan(0.2);
    const linear = weightsOf(trainStanceModel(xorExamples(), { ...DEFAULT_TRAIN_OPTIONS, epochs: 400, l2: 0, positiveWeight: 1 }));
    expect(scoreCandidate(linear, at(1, 1), 'backs_leader')).toBeGreaterThan(0.3);
  });
});

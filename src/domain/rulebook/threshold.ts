import { AppError } from '../errors';
import type { Trigger } from './schema';

/**
 * The number of letters that triggers, for a denominator n. Integer arithmetic only:
 * ceil(15 n / 100) is (15 n + 99) div 100, exact for every n (no 0.15 * n float).
 * "Not less than 15%" means the count must reach the rounded-up value.
 */
export function thresholdFor(trigger: Trigger, denominator: number): number {
  if (!Number.isSafeInteger(denominator) || denominator < 0) {
    throw new AppError('VALIDATION_FAILED', `the denominator must be a non-negative integer, got ${denominator}`);
  }
  if (trigger.kind === 'absolute') return trigger.count;
  const product = trigger.numerator * denominator;
  const d = trigger.denominator;
  switch (trigger.rounding) {
    case 'up':
      return Math.floor((product + d - 1) / d);
    case 'down':
      return Math.floor(product / d);
    case 'nearest':
      return Math.floor((2 * product + d) / (2 * d));
  }
}

export function thresholdReached(count: number, threshold: number): boolean {
  return threshold > 0 && count >= threshold;
}

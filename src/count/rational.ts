/**
 * Exact rationals over bigint, always normalised (gcd 1, positive denominator), so equal values are equal objects
 * by `eq` and print identically. Counting rules that round (Scottish STV's 5 decimals, ERS97's 2, Meek's 9) do so
 * explicitly with `truncate(decimals)` / `ceil(decimals)` at the points the rule names; nothing else is ever rounded.
 */
export class Rational {
  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
  }

  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    let n = BigInt(num);
    let d = BigInt(den);
    if (d === 0n) throw new RangeError('rational with zero denominator');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n < 0n ? -n : n, d);
    return new Rational(n / g, d / g);
  }

  static readonly ZERO = Rational.of(0n);
  static readonly ONE = Rational.of(1n);

  add(o: Rational): Rational {
    return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Rational): Rational {
    return Rational.of(this.num * o.den - o.num * this.den, this.den * o.den);
  }
  mul(o: Rational): Rational {
    return Rational.of(this.num * o.num, this.den * o.den);
  }
  div(o: Rational): Rational {
    if (o.num === 0n) throw new RangeError('division by zero');
    return Rational.of(this.num * o.den, this.den * o.num);
  }
  cmp(o: Rational): number {
    const a = this.num * o.den;
    const b = o.num * this.den;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  eq(o: Rational): boolean {
    return this.num === o.num && this.den === o.den;
  }
  lt(o: Rational): boolean {
    return this.cmp(o) < 0;
  }
  gt(o: Rational): boolean {
    return this.cmp(o) > 0;
  }
  gte(o: Rational): boolean {
    return this.cmp(o) >= 0;
  }
  isZero(): boolean {
    return this.num === 0n;
  }
  /** Largest multiple of 10^-decimals not above this value ("any remainder ignored"). */
  truncate(decimals: number): Rational {
    const s = 10n ** BigInt(decimals);
    return Rational.of(floorDiv(this.num * s, this.den), s);
  }
  /** Smallest multiple of 10^-decimals not below this value. */
  ceil(decimals: number): Rational {
    const s = 10n ** BigInt(decimals);
    return Rational.of(-floorDiv(-this.num * s, this.den), s);
  }
  floor(): bigint {
    return floorDiv(this.num, this.den);
  }
  /** Exact text: an integer, a finite decimal when the value has one, else "n/d". */
  toString(): string {
    if (this.den === 1n) return this.num.toString();
    let d = this.den;
    let twos = 0;
    let fives = 0;
    while (d % 2n === 0n) {
      d /= 2n;
      twos++;
    }
    while (d % 5n === 0n) {
      d /= 5n;
      fives++;
    }
    if (d !== 1n) return `${this.num}/${this.den}`;
    const digits = Math.max(twos, fives);
    const scaled = (this.num * 10n ** BigInt(digits)) / this.den;
    const neg = scaled < 0n;
    const abs = (neg ? -scaled : scaled).toString().padStart(digits + 1, '0');
    return `${neg ? '-' : ''}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  }
  /** Rounded decimal for display (percentages); never used in a count decision. */
  toFixed(decimals: number): string {
    const s = 10n ** BigInt(decimals);
    const v = floorDiv(this.num * s * 2n + this.den, this.den * 2n);
    const neg = v < 0n;
    const abs = (neg ? -v : v).toString().padStart(decimals + 1, '0');
    return `${neg ? '-' : ''}${decimals ? `${abs.slice(0, -decimals)}.${abs.slice(-decimals)}` : abs}`;
  }
  static parse(text: string): Rational {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (m) {
      const frac = m[3] ?? '';
      return Rational.of(BigInt(`${m[1]}${m[2]}${frac}`), 10n ** BigInt(frac.length));
    }
    const f = /^(-?\d+)\/(\d+)$/.exec(text);
    if (f) return Rational.of(BigInt(f[1]!), BigInt(f[2]!));
    throw new RangeError(`not a rational: ${JSON.stringify(text)}`);
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

export const R = (n: bigint | number, d: bigint | number = 1n): Rational => Rational.of(n, d);

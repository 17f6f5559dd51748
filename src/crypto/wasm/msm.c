/*
 * Variable-time ristretto255 decoding and multi-scalar multiplication for VERIFIERS (public data only).
 * Compiled to WebAssembly by build.sh (clang 14, wasm32, no libc); the binary is embedded in msm-wasm.ts.
 *
 * Why: libsodium exposes no multi-scalar or double-scalar multiplication, and every verification equation of
 * the crypto core is a sum of scalar multiples that must equal the identity. One MSM per ballot (Straus) or per
 * batch (Pippenger) replaces 7–8 separate constant-time multiplications (spec §7.3.1, V12; ADR 0105).
 *
 * NOT constant time: table indices and additions depend on the scalars. Never call with secret scalars.
 *
 * Field: GF(2^255 − 19), 10 signed 64-bit limbs in radix 2^25.5 (limb i at bit ceil(25.5·i), 26/25 bits
 * alternating, as in ref10), carried after every operation. Points: extended twisted Edwards (X:Y:Z:T), a = −1,
 * complete addition (add-2008-hwcd-3) and doubling (dbl-2008-hwcd). Ristretto encode/decode per RFC 9496 §4.3.
 * Correctness is tested against noble and libsodium (src/crypto/wasm.test.ts).
 */

typedef long long i64;
typedef unsigned long long u64;
typedef unsigned int u32;
typedef unsigned char u8;

typedef i64 fe[10];
typedef struct { fe X, Y, Z, T; } ge;

#define EXPORT(name) __attribute__((export_name(#name)))

static fe FE_D, FE_D2, FE_SQRT_M1, FE_INVSQRT_A_MINUS_D;
static const int BITS[10] = {26, 25, 26, 25, 26, 25, 26, 25, 26, 25};


static void fe_copy(fe h, const fe f) { for (int i = 0; i < 10; i++) h[i] = f[i]; }
static void fe_0(fe h) { for (int i = 0; i < 10; i++) h[i] = 0; }
static void fe_1(fe h) { fe_0(h); h[0] = 1; }

#include "field-gen.h"

/* No carry after add/sub (as in ref10): inputs to fe_mul/fe_sq may be sums of up to ~4 carried values
   (|limb| < 2^27.1), whose products stay below 2^62 in the 64-bit accumulators. */
static void fe_add(fe h, const fe f, const fe g) { for (int i = 0; i < 10; i++) h[i] = f[i] + g[i]; }
static void fe_sub(fe h, const fe f, const fe g) { for (int i = 0; i < 10; i++) h[i] = f[i] - g[i]; }
static void fe_neg(fe h, const fe f) { for (int i = 0; i < 10; i++) h[i] = -f[i]; }

/* Canonical 32-byte little-endian encoding of f mod p. */
static void fe_tobytes(u8 *s, const fe f) {
  i64 t[10];
  for (int i = 0; i < 10; i++) t[i] = f[i];
  /* floor carries: all limbs in [0, 2^bits), value in [0, 2^255) */
  for (int pass = 0; pass < 3; pass++) {
    for (int i = 0; i < 10; i++) {
      int b = BITS[i];
      i64 c = t[i] >> b;
      t[i] -= c * ((i64)1 << b);
      if (i == 9) t[0] += c * 19; else t[i + 1] += c;
    }
  }
  /* conditional subtraction of p: v >= p iff v + 19 >= 2^255 */
  i64 u[10];
  for (int i = 0; i < 10; i++) u[i] = t[i];
  u[0] += 19;
  i64 top = 0;
  for (int i = 0; i < 10; i++) {
    int b = BITS[i];
    i64 c = u[i] >> b;
    u[i] -= c * ((i64)1 << b);
    if (i == 9) top = c; else u[i + 1] += c;
  }
  i64 *r = top ? u : t;
  u64 acc = 0;
  int accbits = 0, o = 0;
  for (int i = 0; i < 10; i++) {
    acc |= (u64)r[i] << accbits;
    accbits += BITS[i];
    while (accbits >= 8) { s[o++] = (u8)acc; acc >>= 8; accbits -= 8; }
  }
  if (o < 32) s[o] = (u8)acc; /* 255 bits: the last byte holds 7 bits */
}

/* Reads bits 0..254 of s (bit 255 ignored: callers check canonicity by re-encoding). */
static void fe_frombytes(fe h, const u8 *s) {
  u64 acc = 0;
  int accbits = 0, o = 0;
  for (int i = 0; i < 10; i++) {
    int b = BITS[i];
    while (accbits < b) { acc |= (u64)(o < 32 ? s[o] : 0) << accbits; o++; accbits += 8; }
    h[i] = (i64)(acc & (((u64)1 << b) - 1));
    acc >>= b;
    accbits -= b;
  }
  h[9] &= ((i64)1 << 25) - 1; /* drop bit 255 */
}

static int fe_isnegative(const fe f) { u8 s[32]; fe_tobytes(s, f); return s[0] & 1; }
static int fe_iszero(const fe f) {
  u8 s[32]; fe_tobytes(s, f);
  u8 d = 0; for (int i = 0; i < 32; i++) d |= s[i];
  return d == 0;
}
static void fe_abs(fe h, const fe f) { if (fe_isnegative(f)) fe_neg(h, f); else fe_copy(h, f); }

static void fe_sqn(fe h, const fe f, int n) { fe_copy(h, f); for (int i = 0; i < n; i++) fe_sq(h, h); }

/* z^((p−5)/8) = z^(2^252 − 3) (ref10 addition chain). */
static void fe_pow22523(fe out, const fe z) {
  fe t0, t1, t2;
  fe_sq(t0, z);
  fe_sqn(t1, t0, 2);
  fe_mul(t1, z, t1);
  fe_mul(t0, t0, t1);
  fe_sq(t0, t0);
  fe_mul(t0, t1, t0);
  fe_sqn(t1, t0, 5);
  fe_mul(t0, t1, t0);
  fe_sqn(t1, t0, 10);
  fe_mul(t1, t1, t0);
  fe_sqn(t2, t1, 20);
  fe_mul(t1, t2, t1);
  fe_sqn(t1, t1, 10);
  fe_mul(t0, t1, t0);
  fe_sqn(t1, t0, 50);
  fe_mul(t1, t1, t0);
  fe_sqn(t2, t1, 100);
  fe_mul(t1, t2, t1);
  fe_sqn(t1, t1, 50);
  fe_mul(t0, t1, t0);
  fe_sqn(t0, t0, 2);
  fe_mul(out, t0, z);
}

/* Canonical encodings of 1, −1 and −sqrt(−1), set by init(): SQRT_RATIO_M1's three comparisons become byte compares. */
static u8 B_ONE[32], B_MINUS_ONE[32], B_MINUS_SQRT_M1[32];

static int bytes_eq(const u8 *a, const u8 *b) {
  u8 d = 0;
  for (int i = 0; i < 32; i++) d |= a[i] ^ b[i];
  return d == 0;
}

/*
 * RFC 9496 SQRT_RATIO_M1(1, v) (decode and encode only ever need u = 1): returns was_square, r = nonnegative
 * sqrt(1/v) or sqrt(i/v). One canonical encoding of the check value instead of three field comparisons.
 */
static int invsqrt_m1(fe r, const fe v) {
  fe v3, v7, t, check, r_prime;
  u8 cb[32];
  fe_sq(v3, v); fe_mul(v3, v3, v);
  fe_sq(v7, v3); fe_mul(v7, v7, v);
  fe_pow22523(t, v7);
  fe_mul(r, v3, t);
  fe_sq(check, r); fe_mul(check, check, v);
  fe_tobytes(cb, check);
  int correct = bytes_eq(cb, B_ONE);
  int flipped = bytes_eq(cb, B_MINUS_ONE);
  int flipped_i = bytes_eq(cb, B_MINUS_SQRT_M1);
  fe_mul(r_prime, FE_SQRT_M1, r);
  if (flipped || flipped_i) fe_copy(r, r_prime);
  fe_abs(r, r);
  return correct || flipped;
}

static void ge_identity(ge *p) { fe_0(p->X); fe_1(p->Y); fe_1(p->Z); fe_0(p->T); }
static void ge_copy(ge *r, const ge *p) { fe_copy(r->X, p->X); fe_copy(r->Y, p->Y); fe_copy(r->Z, p->Z); fe_copy(r->T, p->T); }

static void ge_add(ge *r, const ge *p, const ge *q) {
  fe a, b, c, d, e, f, g, h, t;
  fe_sub(a, p->Y, p->X); fe_sub(t, q->Y, q->X); fe_mul(a, a, t);
  fe_add(b, p->Y, p->X); fe_add(t, q->Y, q->X); fe_mul(b, b, t);
  fe_mul(c, p->T, q->T); fe_mul(c, c, FE_D2);
  fe_mul(d, p->Z, q->Z); fe_add(d, d, d);
  fe_sub(e, b, a); fe_sub(f, d, c); fe_add(g, d, c); fe_add(h, b, a);
  fe_mul(r->X, e, f); fe_mul(r->Y, g, h); fe_mul(r->T, e, h); fe_mul(r->Z, f, g);
}

static void ge_dbl(ge *r, const ge *p) {
  fe a, b, c, d, e, f, g, h, t;
  fe_sq(a, p->X); fe_sq(b, p->Y); fe_sq(c, p->Z); fe_add(c, c, c);
  fe_neg(d, a);
  fe_add(t, p->X, p->Y); fe_sq(e, t); fe_sub(e, e, a); fe_sub(e, e, b);
  fe_add(g, d, b); fe_sub(f, g, c); fe_sub(h, d, b);
  fe_mul(r->X, e, f); fe_mul(r->Y, g, h); fe_mul(r->T, e, h); fe_mul(r->Z, f, g);
}

static void fe_load_const(fe h, const u8 *s) { fe_frombytes(h, s); }

/* consts: D, SQRT_M1, INVSQRT_A_MINUS_D as 32-byte little-endian encodings. */
EXPORT(init) void init(const u8 *consts) {
  fe_load_const(FE_D, consts);
  fe_add(FE_D2, FE_D, FE_D);
  fe_load_const(FE_SQRT_M1, consts + 32);
  fe_load_const(FE_INVSQRT_A_MINUS_D, consts + 64);
  fe t;
  fe_1(t); fe_tobytes(B_ONE, t);
  fe_neg(t, t); fe_tobytes(B_MINUS_ONE, t);
  fe_neg(t, FE_SQRT_M1); fe_tobytes(B_MINUS_SQRT_M1, t);
}

/*
 * A decoded input point in packed affine form: X and Y with Z = 1 (T = X·Y is recomputed when needed), limbs
 * carried so they fit in 32 bits. 80 bytes instead of the 320 of a full ge: verifiers keep one per parsed point.
 */
typedef struct { int X[10], Y[10]; } ge_packed;

static void ge_unpack(ge *p, const ge_packed *q) {
  for (int i = 0; i < 10; i++) { p->X[i] = q->X[i]; p->Y[i] = q->Y[i]; }
  fe_1(p->Z);
  fe_mul(p->T, p->X, p->Y);
}

/* RFC 9496 §4.3.1 decode. Returns 1 and writes *out on success, 0 for any invalid or non-canonical input. */
EXPORT(decode) int decode(ge_packed *out, const u8 *in) {
  ge pt, *p = &pt;
  fe s, ss, u1, u2, u2sq, v, t, invsqrt, den_x, den_y, one;
  u8 check[32];
  fe_frombytes(s, in);
  fe_tobytes(check, s);
  u8 d = 0;
  for (int i = 0; i < 32; i++) d |= check[i] ^ in[i];
  if (d != 0) return 0;          /* non-canonical (≥ p or top bit set) */
  if (in[0] & 1) return 0;       /* negative s */
  fe_1(one);
  fe_sq(ss, s);
  fe_sub(u1, one, ss);
  fe_add(u2, one, ss);
  fe_sq(u2sq, u2);
  fe_sq(t, u1); fe_mul(t, t, FE_D); fe_neg(t, t); fe_sub(v, t, u2sq);
  fe_mul(t, v, u2sq);
  int was_square = invsqrt_m1(invsqrt, t);
  fe_mul(den_x, invsqrt, u2);
  fe_mul(den_y, invsqrt, den_x); fe_mul(den_y, den_y, v);
  fe_add(t, s, s); fe_mul(t, t, den_x); fe_abs(p->X, t);
  fe_mul(p->Y, u1, den_y);
  fe_1(p->Z);
  fe_mul(p->T, p->X, p->Y);
  if (!was_square || fe_isnegative(p->T) || fe_iszero(p->Y)) return 0;
  /* X and Y come out of fe_mul (carried: |limb| <= 2^26) or its negation, so they fit in an int. */
  for (int i = 0; i < 10; i++) { out->X[i] = (int)p->X[i]; out->Y[i] = (int)p->Y[i]; }
  return 1;
}

EXPORT(unpack) void unpack(ge *p, const ge_packed *q) { ge_unpack(p, q); }

/* RFC 9496 §4.3.2 encode; also gives 1/Z (z_inv = T/(X·Y) = 1/Z for a valid point, 0 for the identity class). */
static void encode_zinv(u8 *out, const ge *p, fe z_inv);

EXPORT(encode) void encode(u8 *out, const ge *p) { fe z; encode_zinv(out, p, z); }

static void encode_zinv(u8 *out, const ge *p, fe z_inv) {
  fe u1, u2, t, invsqrt, den1, den2, ix0, iy0, ench, x, y, den_inv, one;
  fe_1(one);
  fe_add(t, p->Z, p->Y); fe_sub(u1, p->Z, p->Y); fe_mul(u1, t, u1);
  fe_mul(u2, p->X, p->Y);
  fe_sq(t, u2); fe_mul(t, t, u1);
  invsqrt_m1(invsqrt, t);
  fe_mul(den1, invsqrt, u1);
  fe_mul(den2, invsqrt, u2);
  fe_mul(z_inv, den1, den2); fe_mul(z_inv, z_inv, p->T);
  fe_mul(ix0, p->X, FE_SQRT_M1);
  fe_mul(iy0, p->Y, FE_SQRT_M1);
  fe_mul(ench, den1, FE_INVSQRT_A_MINUS_D);
  fe_mul(t, p->T, z_inv);
  int rotate = fe_isnegative(t);
  if (rotate) { fe_copy(x, iy0); fe_copy(y, ix0); fe_copy(den_inv, ench); }
  else { fe_copy(x, p->X); fe_copy(y, p->Y); fe_copy(den_inv, den2); }
  fe_mul(t, x, z_inv);
  if (fe_isnegative(t)) fe_neg(y, y);
  fe_sub(t, p->Z, y); fe_mul(t, den_inv, t); fe_abs(t, t);
  fe_tobytes(out, t);
}

/* Ristretto equality with the identity: X = 0 or Y = 0 (RFC 9496 §4.3.3 against (0, 1)). */
EXPORT(is_identity) int is_identity(const ge *p) { return fe_iszero(p->X) || fe_iszero(p->Y); }

EXPORT(point_add) void point_add(ge *r, const ge *p, const ge *q) { ge_add(r, p, q); }

/* Projective Niels form of a point for repeated additions: (Y+X, Y−X, 2Z, 2d·T). */
typedef struct { fe YplusX, YminusX, Z2, T2d; } ge_cached;

static void ge_to_cached(ge_cached *c, const ge *p) {
  fe_add(c->YplusX, p->Y, p->X);
  fe_sub(c->YminusX, p->Y, p->X);
  fe_add(c->Z2, p->Z, p->Z);
  fe_mul(c->T2d, p->T, FE_D2);
}

/* Cached form of a packed (Z = 1) point: T·2d = X·Y·2d. Z2 = 2 is not read by ge_madd_cached. */
static void ge_packed_to_cached(ge_cached *c, const ge_packed *q) {
  fe x, y, t;
  for (int i = 0; i < 10; i++) { x[i] = q->X[i]; y[i] = q->Y[i]; }
  fe_add(c->YplusX, y, x);
  fe_sub(c->YminusX, y, x);
  fe_0(c->Z2); c->Z2[0] = 2;
  fe_mul(t, x, y);
  fe_mul(c->T2d, t, FE_D2);
}

/* r = p + c (sign = +1) or p − c (sign = −1); 8 multiplications. */
static void ge_add_cached(ge *r, const ge *p, const ge_cached *c, int sign) {
  fe a, b, cc, d, e, f, g, h, t;
  fe_sub(t, p->Y, p->X); fe_mul(a, t, sign > 0 ? c->YminusX : c->YplusX);
  fe_add(t, p->Y, p->X); fe_mul(b, t, sign > 0 ? c->YplusX : c->YminusX);
  fe_mul(cc, p->T, c->T2d);
  fe_mul(d, p->Z, c->Z2);
  fe_sub(e, b, a); fe_add(h, b, a);
  if (sign > 0) { fe_sub(f, d, cc); fe_add(g, d, cc); }
  else { fe_add(f, d, cc); fe_sub(g, d, cc); }
  fe_mul(r->X, e, f); fe_mul(r->Y, g, h); fe_mul(r->T, e, h); fe_mul(r->Z, f, g);
}

/* Width-5 sliding-window NAF (ref10 "slide"): odd digits in [−15, 15], at most one nonzero per 5 positions. */
static void slide(signed char *r, const u8 *a) {
  for (int i = 0; i < 256; ++i) r[i] = 1 & (a[i >> 3] >> (i & 7));
  for (int i = 0; i < 256; ++i) {
    if (!r[i]) continue;
    for (int b = 1; b <= 6 && i + b < 256; ++b) {
      if (!r[i + b]) continue;
      if (r[i] + (r[i + b] << b) <= 15) {
        r[i] += r[i + b] << b;
        r[i + b] = 0;
      } else if (r[i] - (r[i + b] << b) >= -15) {
        r[i] -= r[i + b] << b;
        for (int k = i + b; k < 256; ++k) {
          if (!r[k]) { r[k] = 1; break; }
          r[k] = 0;
        }
      } else {
        break;
      }
    }
  }
}

/*
 * Straus with sliding windows: out = Σ s_i·P_i. scratch: n·8 ge_cached (odd multiples 1·P..15·P) + n·256 digits.
 * Good for small n (one ballot: ~10 points).
 */
static void msm_straus(ge *out, const ge_packed *pts, const u8 *scalars, int n, u8 *scratch) {
  ge_cached *table = (ge_cached *)scratch;
  signed char *digits = (signed char *)(scratch + (u32)n * 8u * sizeof(ge_cached));
  ge p2, cur, pt;
  int top = -1;
  for (int i = 0; i < n; i++) {
    ge_cached *t = table + 8 * i;
    ge_unpack(&pt, &pts[i]);
    ge_dbl(&p2, &pt);
    ge_copy(&cur, &pt);
    ge_to_cached(&t[0], &cur);
    ge_cached p2c;
    ge_to_cached(&p2c, &p2);
    for (int k = 1; k < 8; k++) { ge_add_cached(&cur, &cur, &p2c, 1); ge_to_cached(&t[k], &cur); }
    signed char *r = digits + 256 * i;
    slide(r, scalars + 32 * i);
    for (int k = 255; k > top; k--) if (r[k]) { top = k; break; }
  }
  ge acc;
  ge_identity(&acc);
  for (int w = top; w >= 0; w--) {
    ge_dbl(&acc, &acc);
    for (int i = 0; i < n; i++) {
      int d = digits[256 * i + w];
      if (d > 0) ge_add_cached(&acc, &acc, &table[8 * i + d / 2], 1);
      else if (d < 0) ge_add_cached(&acc, &acc, &table[8 * i + (-d) / 2], -1);
    }
  }
  ge_copy(out, &acc);
}

/*
 * r = p + c for a cached point c made from a point with Z = 1 (every decoded input point): c->Z2 = 2, so
 * p->Z·c->Z2 is an addition (7 multiplications instead of 8). sign as in ge_add_cached.
 */
static void ge_madd_cached(ge *r, const ge *p, const ge_cached *c, int sign) {
  fe a, b, cc, d, e, f, g, h, t;
  fe_sub(t, p->Y, p->X); fe_mul(a, t, sign > 0 ? c->YminusX : c->YplusX);
  fe_add(t, p->Y, p->X); fe_mul(b, t, sign > 0 ? c->YplusX : c->YminusX);
  fe_mul(cc, p->T, c->T2d);
  fe_add(d, p->Z, p->Z);
  fe_sub(e, b, a); fe_add(h, b, a);
  if (sign > 0) { fe_sub(f, d, cc); fe_add(g, d, cc); }
  else { fe_add(f, d, cc); fe_sub(g, d, cc); }
  fe_mul(r->X, e, f); fe_mul(r->Y, g, h); fe_mul(r->T, e, h); fe_mul(r->Z, f, g);
}

static int msm_windows(int c) { return (254 + c - 1) / c; }

/*
 * Signed window digits of a scalar < 2^253: W = ceil(254/c) digits d_w in [−2^(c−1), 2^(c−1)] with
 * s = Σ d_w·2^(cw). Halves the buckets of the unsigned method (a negative digit subtracts the point).
 */
static void signed_digits(short *out, const u8 *s, int c, int W) {
  int carry = 0;
  u32 half = 1u << (c - 1), full = 1u << c;
  for (int w = 0; w < W; w++) {
    u32 v = 0;
    for (int b = 0; b < c; b++) {
      int k = w * c + b;
      if (k < 256 && ((s[k >> 3] >> (k & 7)) & 1)) v |= 1u << b;
    }
    int d = (int)v + carry;
    if ((u32)d > half && w != W - 1) { d -= (int)full; carry = 1; }
    else if ((u32)d == half && w != W - 1) { d -= (int)full; carry = 1; }
    else carry = 0;
    out[w] = (short)d;
  }
}

/*
 * Pippenger bucket method with signed digits, window c bits: 2^(c−1) buckets. Inputs must have Z = 1 (decoded
 * points). scratch: 2^(c−1) ge buckets + n ge_cached inputs + n·W digits.
 */
static void msm_pippenger(ge *out, const ge_packed *pts, const u8 *scalars, int n, int c, u8 *scratch) {
  ge *buckets = (ge *)scratch;
  u32 nb = 1u << (c - 1);
  int W = msm_windows(c);
  ge_cached *cached = (ge_cached *)(scratch + nb * sizeof(ge));
  short *digits = (short *)(scratch + nb * sizeof(ge) + (u32)n * sizeof(ge_cached));
  for (int i = 0; i < n; i++) {
    ge_packed_to_cached(&cached[i], &pts[i]);
    signed_digits(digits + (u32)W * (u32)i, scalars + 32 * i, c, W);
  }
  ge acc, running, sum;
  ge_identity(&acc);
  for (int w = W - 1; w >= 0; w--) {
    for (int k = 0; k < c && w != W - 1; k++) ge_dbl(&acc, &acc);
    u32 used = 0;
    for (u32 b = 0; b < nb; b++) ge_identity(&buckets[b]);
    for (int i = 0; i < n; i++) {
      int d = digits[(u32)W * (u32)i + (u32)w];
      if (d > 0) { ge_madd_cached(&buckets[d - 1], &buckets[d - 1], &cached[i], 1); if ((u32)d > used) used = (u32)d; }
      else if (d < 0) { ge_madd_cached(&buckets[-d - 1], &buckets[-d - 1], &cached[i], -1); if ((u32)(-d) > used) used = (u32)(-d); }
    }
    if (used == 0) continue;
    ge_identity(&running);
    ge_identity(&sum);
    for (int b = (int)used - 1; b >= 0; b--) {
      ge_add(&running, &running, &buckets[b]);
      ge_add(&sum, &sum, &running);
    }
    ge_add(&acc, &acc, &sum);
  }
  ge_copy(out, &acc);
}

/* out = Σ pts[i] (homomorphic sums of ciphertexts: one mixed addition per packed point). */
EXPORT(ge_sum) void ge_sum(ge *out, const ge_packed *pts, int n) {
  ge acc;
  ge_cached c;
  ge_identity(&acc);
  for (int i = 0; i < n; i++) { ge_packed_to_cached(&c, &pts[i]); ge_madd_cached(&acc, &acc, &c, 1); }
  ge_copy(out, &acc);
}

/*
 * out = Σ pts[i] as an encoding and, unless the sum is the identity (return 0), as a packed affine point (return 1):
 * X/Z and Y/Z with the 1/Z that encoding computes anyway. Any representative of a ristretto element serves the MSM
 * (its identity test is modulo the 4-torsion), so the verifier uses the sum without decoding its encoding again.
 */
EXPORT(sum_encode) int sum_encode(u8 *enc, ge_packed *packed, const ge_packed *pts, const u8 *neg, int n) {
  ge acc;
  ge_cached c;
  fe z_inv, x, y;
  ge_identity(&acc);
  for (int i = 0; i < n; i++) { ge_packed_to_cached(&c, &pts[i]); ge_madd_cached(&acc, &acc, &c, neg[i] ? -1 : 1); }
  encode_zinv(enc, &acc, z_inv);
  u8 d = 0;
  for (int i = 0; i < 32; i++) d |= enc[i];
  if (d == 0) return 0;
  fe_mul(x, acc.X, z_inv);
  fe_mul(y, acc.Y, z_inv);
  for (int i = 0; i < 10; i++) { packed->X[i] = (int)x[i]; packed->Y[i] = (int)y[i]; }
  return 1;
}

/* Bytes of scratch memory msm() needs for n points with window c (c = 0: Straus). */
EXPORT(msm_scratch_bytes) u32 msm_scratch_bytes(int n, int c) {
  if (c == 0) return (u32)n * 8u * sizeof(ge_cached) + (u32)n * 256u;
  return (1u << (c - 1)) * sizeof(ge) + (u32)n * sizeof(ge_cached) + (u32)n * (u32)msm_windows(c) * 2u + 16u;
}

/* out = Σ s_i·P_i for public scalars s_i (< 2^253). c = 0 selects Straus, else signed-digit Pippenger with window c (inputs with Z = 1). */
EXPORT(msm) void msm(ge *out, const ge_packed *pts, const u8 *scalars, int n, int c, u8 *scratch) {
  if (c == 0) msm_straus(out, pts, scalars, n, scratch);
  else msm_pippenger(out, pts, scalars, n, c, scratch);
}

EXPORT(ge_size) u32 ge_size(void) { return sizeof(ge); }
EXPORT(packed_size) u32 packed_size(void) { return sizeof(ge_packed); }

/* Minimal freestanding helpers in case the compiler emits calls to them. */
void *memset(void *d, int v, unsigned long n) { u8 *p = (u8 *)d; while (n--) *p++ = (u8)v; return d; }
void *memcpy(void *d, const void *s, unsigned long n) { u8 *p = (u8 *)d; const u8 *q = (const u8 *)s; while (n--) *p++ = *q++; return d; }

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, integers only as numbers.
 * The same value always serialises to the same bytes, so hashes over records are reproducible
 * by anyone (a verifier in another language only needs sorted keys and standard escaping).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no NaN or Infinity');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
  }
}

/**
 * Whether `line` is exactly the canonical JSON of `parsed` (which must be `JSON.parse(line)`), without building the
 * canonical string again: the verifiers ask this of every record of a board. JSON.stringify keeps the parsed order,
 * so the line is canonical when that order is sorted at every level. Integer-like keys ("9", "10") enumerate in
 * numeric order, so a line holding them is refused even when canonical; no record format uses such keys, and the
 * error is on the safe side (never a non-canonical line accepted).
 */
export function isCanonicalLine(parsed: unknown, line: string): boolean {
  return JSON.stringify(parsed) === line && keysSorted(parsed);
}

function keysSorted(x: unknown): boolean {
  if (Array.isArray(x)) return x.every(keysSorted);
  if (typeof x !== 'object' || x === null) return true;
  let prev: string | null = null;
  for (const k in x) {
    if (prev !== null && !(prev < k)) return false;
    prev = k;
    if (!keysSorted((x as Record<string, unknown>)[k])) return false;
  }
  return true;
}

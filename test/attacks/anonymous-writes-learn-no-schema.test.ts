/**
 * An anonymous visitor probing every state-changing route of the API with a malformed body: it must be refused for
 * who it is (401, or 403 for a route closed to it) before its body is read, never told the route's schema (a 400
 * VALIDATION_FAILED with the expected fields). The routes are read from the server's own OpenAPI document, so a route
 * added later is swept too. Public writes (logging in and out, anonymous casting) are listed and skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/api';

/** Writes an anonymous caller may make: logging in and out, and anonymous casting (a voter holds a credential, not an account). */
const PUBLIC_WRITES = [
  /^POST \/api\/auth\/(request-code|verify-code|logout)$/,
  /^POST \/api\/elections\/\{eid\}\/(ballots)$/,
  /^POST \/api\/preferential\/\{eid\}\/ballots$/,
];

describe('anonymous writes', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
  }, 120_000);
  afterAll(async () => api?.close());

  it('every non-public write refuses an anonymous caller with a malformed body by who it is (401/403), not with the schema (400)', async () => {
    const anon = api.client();
    const spec = (await anon.get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const tried: string[] = [];
    const leaks: string[] = [];
    const skipped: string[] = [];
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const method of Object.keys(ops).filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))) {
        const name = `${method.toUpperCase()} ${path}`;
        if (PUBLIC_WRITES.some((re) => re.test(name))) {
          skipped.push(name);
          continue;
        }
        const url = path.replace(/\{[^}]+\}/g, (p) => (p === '{type}' ? 'ballot' : 'x1'));
        const r = await anon.request(method.toUpperCase(), url, { unexpected: ['garbage'] });
        tried.push(`${name} → ${r.status}`);
        if (r.status !== 401 && r.status !== 403) leaks.push(`${name} → ${r.status} ${r.text.slice(0, 160)}`);
      }
    }
    expect(tried.length).toBeGreaterThan(30);
    // The only writes skipped are the public ones, named here so the list cannot hide a new route.
    expect(skipped.sort()).toEqual(['POST /api/auth/logout', 'POST /api/auth/request-code', 'POST /api/auth/verify-code', 'POST /api/elections/{eid}/ballots', 'POST /api/preferential/{eid}/ballots']);
    expect(leaks).toEqual([]);
  });
});

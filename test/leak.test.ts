import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommons2019 } from '../src/data/commons-2019';
import { DEMO_CHAIR, DEMO_EDITOR, DEMO_OFFICERS, DEMO_PROCEDURE_ID, memberEmail } from '../src/services/demo';
import { loadProcedure } from '../src/services/procedures';
import { startApi, type ApiClient, type ApiHarness } from './support/api';

/**
 * Walks EVERY endpoint in the served OpenAPI document (including ones added later) with every
 * role, and fails if a role that may not see letters gets a letter writer's name or id, if a
 * chair-only endpoint answers anyone else with success, or if anything answers 500.
 */
type Role = 'public' | 'member' | 'editor' | 'officer' | 'chair';
const PRIVILEGED: Role[] = ['chair', 'officer'];

describe('role-by-endpoint leak walk', () => {
  let api: ApiHarness;
  let clients: Record<Role, ApiClient>;
  let secrets: string[];
  let paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[]; tags?: string[] }>>;

  beforeAll(async () => {
    api = await startApi();
    clients = {
      public: api.client(),
      member: await api.loginAs(memberEmail('jesse-norman')),
      editor: await api.loginAs(DEMO_EDITOR.email),
      officer: await api.loginAs(DEMO_OFFICERS[0]!.email),
      chair: await api.loginAs(DEMO_CHAIR.email),
    };
    const p = await loadProcedure(api.runtime.ctx, DEMO_PROCEDURE_ID);
    const byId = new Map(loadCommons2019().members.map((m) => [m.memberId, m.displayName]));
    const writers = p.status.letters.map((l) => l.memberId);
    expect(writers.length).toBeGreaterThan(50);
    secrets = writers.flatMap((id) => [id, byId.get(id)!]);
    paths = (await api.client().get('/api/openapi.json')).body.paths;
  });
  afterAll(async () => api?.close());

  function fill(path: string, params: { name: string; in: string; required?: boolean }[] = []): string {
    const values: Record<string, string> = { id: DEMO_PROCEDURE_ID, memberId: secrets[0]!, rulebookId: 'conservative-1922', rosterId: 'uk-commons-2019', party: 'Con', on: '2022-06-05' };
    let url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? 'x'));
    const query = params.filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${encodeURIComponent(values[p.name] ?? 'x')}`);
    if (query.length) url += `?${query.join('&')}`;
    return url;
  }

  it('finds the endpoints to walk in the OpenAPI document', () => {
    expect(Object.keys(paths).length).toBeGreaterThanOrEqual(12);
  });

  for (const role of ['public', 'member', 'editor', 'officer', 'chair'] as Role[]) {
    it(`as ${role}: no letter writer leaks, chair endpoints are closed, nothing answers 500`, async () => {
      const failures: string[] = [];
      for (const [path, ops] of Object.entries(paths)) {
        for (const [method, op] of Object.entries(ops)) {
          // Privileged roles only read: their writes are covered by the behaviour tests.
          if (PRIVILEGED.includes(role) && method !== 'get') continue;
          if (path === '/api/auth/logout') continue;
          const res = await clients[role].request(method.toUpperCase(), fill(path, op.parameters), method === 'get' ? undefined : {});
          const where = `${role} ${method.toUpperCase()} ${path} → ${res.status}`;
          if (res.status >= 500) failures.push(`${where}: server error ${res.text.slice(0, 200)}`);
          if (PRIVILEGED.includes(role)) continue;
          const leaked = secrets.find((s) => res.text.includes(s));
          if (leaked) failures.push(`${where}: leaks letter writer ${leaked}`);
          if (/"letters"\s*:\s*\[/.test(res.text)) failures.push(`${where}: returns a letters list`);
          if ((op.tags ?? []).includes('chair') && res.status < 400) failures.push(`${where}: chair-only endpoint answered`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('the chair and officers do see the count and the names', async () => {
    for (const role of PRIVILEGED) {
      const res = await clients[role].get(`/api/procedures/${DEMO_PROCEDURE_ID}/chair`);
      expect(res.status).toBe(200);
      expect(res.body.count).toBe(53);
      expect(res.text).toContain(secrets[1]!);
    }
  });
});

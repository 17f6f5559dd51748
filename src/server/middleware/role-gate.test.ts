import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../services/auth';
import type { AppEnv } from '../types';
import { onError } from './errors';
import { gatedAccount, roleGate } from './session';

/** One role check per gated route: roleGate checks and hands the account on; a handler without a gate cannot use it. */
describe('roleGate and gatedAccount', () => {
  const chair = { id: 'a1', email: 'chair@example.org', role: 'chair' } as Account;
  const app = (account: Account | null) => {
    const a = new Hono<AppEnv>();
    a.use('*', async (c, next) => {
      c.set('account', account);
      await next();
    });
    a.get('/chair', roleGate('chair'), (c) => c.json({ id: gatedAccount(c).id }));
    a.get('/members', roleGate('member'), (c) => c.json({ id: gatedAccount(c).id }));
    a.get('/ungated', (c) => c.json({ id: gatedAccount(c).id }));
    a.onError(onError);
    return a;
  };

  it('admits the role and hands the admitted account to the handler', async () => {
    const res = await app(chair).request('/chair');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'a1' });
  });

  it('refuses another role (403) and nobody logged in (401) before the handler runs', async () => {
    expect((await app(chair).request('/members')).status).toBe(403);
    expect((await app(null).request('/chair')).status).toBe(401);
  });

  it('a handler asking for the gated account on a route without a gate fails closed (500), even for a logged-in chair', async () => {
    expect((await app(chair).request('/ungated')).status).toBe(500);
  });
});

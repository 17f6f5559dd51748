/**
 * A stolen API token (the CLI's, read from a laptop) that mints itself a successor: the owner revokes the stolen one
 * and the thief carries on with the new one. Tokens are made only by a logged-in session (the web app, or
 * `confidence login --email` with a one-time code); a bearer token may list and revoke tokens, never make one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberEmail } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';

describe('API tokens', () => {
  let api: ApiHarness;
  let mp: ApiClient;
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    mp = await api.loginAs(memberEmail('steve-baker'));
  }, 120_000);
  afterAll(async () => api?.close());

  it('a stolen token cannot mint a successor that outlives its revocation; the session still makes tokens', async () => {
    const made = await mp.request('POST', '/api/auth/tokens', { label: 'laptop' });
    expect(made.status, made.text).toBe(201);
    const stolen = made.body.token as string;
    const thief = api.client();
    const bearer = { authorization: `Bearer ${stolen}` };
    expect((await thief.request('GET', '/api/auth/tokens', undefined, bearer)).status).toBe(200);
    const minted = await thief.request('POST', '/api/auth/tokens', { label: 'spare' }, bearer);
    expect(minted.status, minted.text).toBe(403);
    expect(minted.body.error.code).toBe('FORBIDDEN');
    expect((await mp.get('/api/auth/tokens')).body.tokens).toHaveLength(1);
    // The owner revokes the stolen token: the thief has nothing left.
    expect((await mp.request('DELETE', `/api/auth/tokens/${made.body.id}`)).status).toBe(204);
    expect((await thief.request('GET', '/api/session', undefined, bearer)).status).toBe(401);
  });
});

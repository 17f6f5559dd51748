import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, setCsrfToken } from './api';

function respond(status: number, body?: unknown) {
  return vi.fn(async (_url: string, _init?: RequestInit) =>
    body === undefined ? new Response(null, { status }) : Response.json(body, { status }),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('API client', () => {
  it('sends the session cookie, and the CSRF token on every non-GET request only', async () => {
    const fetchMock = respond(200, { letter: null });
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('token-123');

    await api.myLetter('p1');
    await api.submitMyLetter('p1', '2022-06-20');
    await api.withdrawMyLetter('p1');

    const [get, put, del] = fetchMock.mock.calls.map(([url, init]) => ({ url, init: init! }));
    expect(get!.init.credentials).toBe('same-origin');
    expect((get!.init.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
    expect(put!.init.method).toBe('PUT');
    expect((put!.init.headers as Record<string, string>)['X-CSRF-Token']).toBe('token-123');
    expect(JSON.parse(String(put!.init.body))).toEqual({ effectiveFrom: '2022-06-20' });
    expect(del!.init.method).toBe('DELETE');
    expect((del!.init.headers as Record<string, string>)['X-CSRF-Token']).toBe('token-123');
  });

  it('turns an error body into a readable message with its code and field details', async () => {
    vi.stubGlobal(
      'fetch',
      respond(400, {
        error: { code: 'VALIDATION_FAILED', message: 'the input is not valid', details: [{ path: ['effectiveFrom'], message: 'not a date' }] },
      }),
    );
    const error = await api.submitMyLetter('p1', 'soon').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('VALIDATION_FAILED');
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toBe('The input is not valid (effectiveFrom: not a date)');
  });

  it('explains errors without a body, and a server that cannot be reached', async () => {
    vi.stubGlobal('fetch', respond(429));
    await expect(api.requestCode('a@b.c')).rejects.toThrow('Too many attempts. Wait a few minutes and try again.');

    vi.stubGlobal('fetch', respond(418));
    await expect(api.requestCode('a@b.c')).rejects.toThrow('The server answered with status 418.');

    vi.stubGlobal('fetch', respond(403, { error: { code: 'FORBIDDEN' } }));
    await expect(api.chairView('p1')).rejects.toThrow('Your role does not allow this.');

    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(api.procedures()).rejects.toThrow('Could not reach the server');
  });

  it('treats 204 as success without a body', async () => {
    vi.stubGlobal('fetch', respond(204));
    await expect(api.logout()).resolves.toBeUndefined();
  });
});

/**
 * Signed-in calls of the key ceremony and the tally (chair and officers). The session cookie goes with the
 * request; the CSRF token is read from /api/session (the same token the rest of the app uses).
 */
import { ApiError } from '../../api';

async function csrf(): Promise<string | null> {
  const res = await fetch('/api/session', { credentials: 'same-origin' });
  const s = (await res.json().catch(() => null)) as { csrfToken?: string | null } | null;
  return s?.csrfToken ?? null;
}

export async function post<T>(path: string, body: unknown = {}): Promise<T> {
  const token = await csrf();
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(token ? { 'X-CSRF-Token': token } : {}) },
    body: JSON.stringify(body),
  });
  const payload = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) {
    const m = payload?.error?.message ?? `The server answered with status ${res.status}.`;
    throw new ApiError(m.charAt(0).toUpperCase() + m.slice(1), res.status, payload?.error?.code ?? `HTTP_${res.status}`);
  }
  return payload as T;
}

export async function records<T>(eid: string, type: string): Promise<T[]> {
  const res = await fetch(`/api/elections/${encodeURIComponent(eid)}/records/${type}`, { credentials: 'omit' });
  if (!res.ok) throw new ApiError(`Could not load ${type} records (status ${res.status}).`, res.status, `HTTP_${res.status}`);
  return ((await res.json()) as { records: T[] }).records;
}

/** Offers a JSON file for download (the trustee's secret file never goes to the server). */
export function download(name: string, value: unknown): void {
  const blob = new Blob([JSON.stringify(value, null, 1) + '\n'], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function readJsonFile<T>(file: File): Promise<T> {
  return JSON.parse(await file.text()) as T;
}

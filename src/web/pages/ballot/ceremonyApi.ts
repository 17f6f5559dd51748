/**
 * Signed-in calls of the key ceremony and the tally (chair and officers). The session cookie goes with the
 * request with the session's CSRF token, through the app's one API client. There is deliberately no reader of
 * `…/records/TYPE` here: a trustee's device computes from the board it verified (./trusteeDevice.ts).
 */
import { request } from '../../api';

export function post<T>(path: string, body: unknown = {}): Promise<T> {
  return request<T>('POST', path, body);
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

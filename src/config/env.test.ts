import { describe, expect, it } from 'vitest';
import { loadConfig } from './env';

describe('environment', () => {
  it('needs nothing: PGlite in ./.confidence, port 8080, the demo', () => {
    const c = loadConfig({});
    expect(c.database).toMatchObject({ driver: 'pglite' });
    expect(c.port).toBe(8080);
    expect(c.demo).toBe('auto');
    expect(c.secureCookies).toBe(false);
  });
  it('uses PostgreSQL when DATABASE_URL is set, and treats an empty value as unset', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/x' }).database).toEqual({ driver: 'postgres', url: 'postgres://u:p@db:5432/x' });
    expect(loadConfig({ DATABASE_URL: '' }).database.driver).toBe('pglite');
  });
  it('turns on Secure cookies behind https', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://confidence.example.org' }).secureCookies).toBe(true);
  });
  it('stops with a message naming every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url' })).toThrow(/PORT.*DATABASE_URL|DATABASE_URL.*PORT/);
  });
});

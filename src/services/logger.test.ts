import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('logger redaction', () => {
  it('never writes cookies, CSRF tokens, one-time codes or passwords', () => {
    const { lines, logger } = capture();
    logger.info({ req: { headers: { cookie: 'confidence_session=SECRET1', 'x-csrf-token': 'SECRET2' } }, body: { code: '123456', password: 'SECRET3' }, csrfToken: 'SECRET4' }, 'request');
    const out = lines.join('');
    for (const secret of ['SECRET1', 'SECRET2', '123456', 'SECRET3', 'SECRET4']) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });
});

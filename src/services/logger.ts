import pino, { type Logger } from 'pino';

/**
 * Structured logs with secrets redacted at the source: cookies, CSRF tokens, one-time codes,
 * passwords and connection strings never reach a log line, whatever a caller passes.
 */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.code',
  '*.password',
  '*.csrfToken',
  '*.sessionId',
  '*.secret',
  '*.databaseUrl',
  '*.smtpUrl',
  'code',
  'password',
  'csrfToken',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: undefined }, destination);
}

export type { Logger };

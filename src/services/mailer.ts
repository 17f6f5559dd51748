import nodemailer from 'nodemailer';
import type { Db } from '../db';
import { devMailbox } from '../db/schema';
import type { Logger } from './logger';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** True when mail is kept in the dev mailbox instead of being delivered. */
  readonly isDevMailbox: boolean;
  send(mail: Mail): Promise<void>;
}

/**
 * Demo and development mailer: prints the message to the console (so the one-time code is visible
 * where `npm start` runs) and keeps it for the dev mailbox page. Never used when SMTP is configured.
 */
export function devMailer(db: Db, print: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Mailer {
  return {
    isDevMailbox: true,
    async send(mail) {
      await db.insert(devMailbox).values(mail);
      print(`\n── mail to ${mail.to} ── ${mail.subject}\n${mail.text}\n`);
    },
  };
}

/** Production mailer over SMTP (nodemailer). The URL carries credentials and is never logged. */
export function smtpMailer(smtpUrl: string, from: string, logger: Logger): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    isDevMailbox: false,
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
      logger.info({ to: mail.to, subject: mail.subject }, 'mail sent');
    },
  };
}

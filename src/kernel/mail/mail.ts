import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Tx } from '../db/db.ts';
import { enqueueJob, type JobHandler } from '../jobs/jobs.ts';

export interface Mail {
  to: string;
  subject: string;
  /** Plain text only. Never personal data: mail says that something is waiting, the portal shows it. */
  text: string;
}

export interface MailTransport {
  send(mail: Mail & { from: string }): Promise<void>;
}

/** Without SMTP_URL mails are written as .eml files to DATA_DIR/outbox and listed on the operator page. */
export class OutboxTransport implements MailTransport {
  constructor(readonly dir: string) {}

  async send(mail: Mail & { from: string }): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const now = new Date();
    const id = `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`;
    const eml = [
      `From: ${mail.from}`,
      `To: ${mail.to}`,
      `Subject: =?UTF-8?B?${Buffer.from(mail.subject).toString('base64')}?=`,
      `Date: ${now.toUTCString()}`,
      `Message-ID: <${id}@amtsstube.invalid>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      mail.text,
    ].join('\r\n');
    writeFileSync(join(this.dir, `${id}.eml`), eml, { mode: 0o600 });
  }

  /** Newest first, for the operator page and tests. */
  list(): { file: string; to: string; subject: string; date: Date; text: string }[] {
    let files: string[];
    try {
      files = readdirSync(this.dir).filter((f) => f.endsWith('.eml'));
    } catch {
      return [];
    }
    return files
      .sort()
      .reverse()
      .map((file) => {
        const raw = readFileSync(join(this.dir, file), 'utf8');
        const [head = '', ...body] = raw.split('\r\n\r\n');
        const header = (name: string) => head.split('\r\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? '';
        const subj = header('Subject').match(/^=\?UTF-8\?B\?(.*)\?=$/);
        return {
          file,
          to: header('To'),
          subject: subj ? Buffer.from(subj[1]!, 'base64').toString('utf8') : header('Subject'),
          date: statSync(join(this.dir, file)).mtime,
          text: body.join('\r\n\r\n'),
        };
      });
  }
}

export class SmtpTransport implements MailTransport {
  private readonly transporter;
  constructor(url: string) {
    this.transporter = nodemailer.createTransport(url);
  }
  async send(mail: Mail & { from: string }): Promise<void> {
    await this.transporter.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text });
  }
}

export const MAIL_JOB = 'mail.send';

/** Mails leave through the job queue, so a mail is sent only if its transaction committed. */
export async function queueMail(tx: Tx, tenantId: string | null, mail: Mail, runAt: Date): Promise<void> {
  await enqueueJob(tx, { tenantId, kind: MAIL_JOB, payload: { ...mail }, runAt });
}

export function mailJobHandler(transport: MailTransport, from: string): JobHandler {
  return async (job) => {
    const p = job.payload as Partial<Mail>;
    if (typeof p.to !== 'string' || typeof p.subject !== 'string' || typeof p.text !== 'string') {
      throw new Error('malformed mail job');
    }
    await transport.send({ from, to: p.to, subject: p.subject, text: p.text });
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../kernel/config/config.ts';
import { createTestDb } from '../kernel/db/testing.ts';
import { FixedClock } from '../kernel/clock.ts';
import type { Mail, MailTransport } from '../kernel/mail/mail.ts';
import { buildPlatform, type Running } from '../platform.ts';
import type { Db } from '../kernel/db/db.ts';

/** Records mails instead of sending them; a faithful stand-in for the SMTP/outbox transport. */
export class RecordingMail implements MailTransport {
  readonly sent: (Mail & { from: string })[] = [];
  async send(mail: Mail & { from: string }): Promise<void> {
    this.sent.push(mail);
  }
  /** The first URL in the newest mail to `to`. */
  linkTo(to: string): string {
    const m = [...this.sent].reverse().find((x) => x.to === to);
    const link = m?.text.match(/https?:\/\/\S+/)?.[0];
    if (!link) throw new Error(`no link mailed to ${to}`);
    return link;
  }
}

export interface TestPlatform extends Running {
  db: Db;
  clock: FixedClock;
  mail: RecordingMail;
  dataDir: string;
}

/** A whole platform on a fresh clone of the migrated template database. */
export async function testPlatform(env: Record<string, string> = {}): Promise<TestPlatform> {
  const db = await createTestDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'amt-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PASSWORD_SCRYPT_LOG2N: '10',
    JOBS: '0',
    SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
    BASE_URL: 'http://portal.test',
    ...env,
  });
  const clock = new FixedClock(new Date('2026-11-21T10:00:00Z'));
  const mail = new RecordingMail();
  const running = await buildPlatform(config, { db, clock, mail });
  const closeRunning = running.close.bind(running);
  return Object.assign(running, {
    db,
    clock,
    mail,
    dataDir,
    async close() {
      await closeRunning();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** A cookie-keeping client over fastify.inject that picks up CSRF tokens from the pages it reads. */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly t: TestPlatform) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }

  private absorb(res: LightMyRequestResponse): LightMyRequestResponse {
    const sc = res.headers['set-cookie'];
    for (const line of Array.isArray(sc) ? sc : sc ? [sc] : []) {
      const [pair = '', ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const k = pair.slice(0, i).trim();
      const v = decodeURIComponent(pair.slice(i + 1).trim());
      if (attrs.some((a) => /max-age=0/i.test(a.trim()))) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    const m = res.body.match(/name="_csrf" value="([^"]+)"/);
    if (m) this.csrf = m[1]!;
    const h = res.headers['x-csrf-token'];
    if (typeof h === 'string') this.csrf = h;
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.absorb(await this.t.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  /** Posts a form; `_csrf` is added from the last page unless given. */
  async post(url: string, form: Record<string, string | string[]>, o: { csrf?: string | null } = {}): Promise<LightMyRequestResponse> {
    const params = new URLSearchParams();
    const token = o.csrf === undefined ? this.csrf : o.csrf;
    if (token !== null) params.append('_csrf', token);
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
    return this.absorb(
      await this.t.app.inject({
        method: 'POST',
        url,
        payload: params.toString(),
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
  }

  async json(method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.absorb(
      await this.t.app.inject({
        method,
        url,
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/json', 'x-csrf-token': this.csrf, ...headers },
      }),
    );
  }

  /** Logs in through the real form. */
  async login(area: string, email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get(`${area}/anmelden`);
    const res = await this.post(`${area}/anmelden`, { email, password });
    // Follow the redirect like a browser, so the next form carries the new session's CSRF token.
    if (res.statusCode === 303 && typeof res.headers.location === 'string') await this.get(res.headers.location);
    return res;
  }
}

export function uniqueSlug(prefix = 'kommune'): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/** Posts a multipart form (fields + one file) with the client's cookies and CSRF token, like a browser. */
export async function postMultipart(
  t: TestPlatform,
  c: Client,
  url: string,
  fields: Record<string, string | string[]>,
  file?: { field?: string; name: string; type?: string; bytes: Uint8Array },
): Promise<LightMyRequestResponse> {
  const boundary = `----amtsstube${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: c.csrf, ...fields })) {
    for (const x of Array.isArray(v) ? v : [v]) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${x}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'datei'}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`), Buffer.from(file.bytes), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const res = await t.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: [...c.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ') },
  });
  const m = res.body.match(/name="_csrf" value="([^"]+)"/);
  if (m) c.csrf = m[1]!;
  return res;
}

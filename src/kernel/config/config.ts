import { z } from 'zod';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve, join } from 'node:path';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    error: 'muss einer von 1/0/true/false/yes/no/on/off sein',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const envSchema = z.object({
  PORT: z.coerce.number({ error: 'muss eine Zahl sein' }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'muss mit postgres:// oder postgresql:// beginnen')
    .optional(),
  BASE_URL: z.url({ error: 'muss eine absolute URL sein (z. B. https://portal.example.de)' }).optional(),
  DEMO_DATA: bool.optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'muss mit smtp:// oder smtps:// beginnen').optional(),
  SMTP_FROM: z.string().min(3).default('Amtsstube <noreply@amtsstube.invalid>'),
  SECRET_KEY: z.string().min(32, 'muss mindestens 32 Zeichen lang sein').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(8),
  PASSWORD_SCRYPT_LOG2N: z.coerce.number().int().min(10).max(20).default(15),
  TRUST_PROXY: bool.default(false),
  JOBS: bool.default(true),
  CLAMAV_URL: z.string().regex(/^tcp:\/\/[^:/]+:\d{1,5}$/, 'muss die Form tcp://host:port haben').optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  baseUrl: string;
  secure: boolean;
  demoData: boolean;
  smtpUrl: string | undefined;
  smtpFrom: string;
  secretKey: string;
  logLevel: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  scryptLog2N: number;
  trustProxy: boolean;
  jobs: boolean;
  clamavUrl: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Ungültige Konfiguration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates the environment once; the only place that touches process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const baseUrl = (e.BASE_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    baseUrl,
    secure: baseUrl.startsWith('https://'),
    demoData: e.DEMO_DATA ?? e.DATABASE_URL === undefined,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    secretKey: e.SECRET_KEY ?? loadOrCreateSecret(dataDir),
    logLevel: e.LOG_LEVEL,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    scryptLog2N: e.PASSWORD_SCRYPT_LOG2N,
    trustProxy: e.TRUST_PROXY,
    jobs: e.JOBS,
    clamavUrl: e.CLAMAV_URL,
  };
}

/** Embedded mode needs a stable signing secret; it is generated once and kept in DATA_DIR. */
function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

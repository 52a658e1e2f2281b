import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

function scryptAsync(pw: string, salt: Buffer, len: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((res, rej) => scrypt(pw, salt, len, opts, (e, k) => (e ? rej(e) : res(k))));
}

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/**
 * Salted, memory-hard hash (scrypt, OWASP parameters N=2^15, r=8, p=3 by default).
 * Parameters are stored in the hash so they can be raised later without breaking old hashes.
 */
export async function hashPassword(pw: string, log2N = 15): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** log2N;
  const r = 8;
  const p = 3;
  const key = await scryptAsync(pw.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
  return `scrypt$${log2N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(pw: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, l, r, p, s, k] = parts as [string, string, string, string, string, string];
  const N = 2 ** Number(l);
  const expected = Buffer.from(k, 'base64url');
  const key = await scryptAsync(pw.normalize('NFC'), Buffer.from(s, 'base64url'), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 256 * N * Number(r) + 1024 * 1024,
  });
  return timingSafeEqual(key, expected);
}

export function needsRehash(stored: string, log2N: number): boolean {
  const l = Number(stored.split('$')[1]);
  return !(l >= log2N);
}

/** A hash of a random password, so a login for an unknown e-mail costs as much as a real one. */
let dummy: Promise<string> | undefined;
export function dummyHash(log2N: number): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'), log2N);
  return dummy;
}

/** German rules: length only (NIST 800-63B), plus not the e-mail address itself. */
export function passwordProblem(pw: string, email: string): 'too_short' | 'too_long' | 'is_email' | undefined {
  if ([...pw].length < PASSWORD_MIN) return 'too_short';
  if (pw.length > PASSWORD_MAX) return 'too_long';
  if (pw.trim().toLowerCase() === email.trim().toLowerCase()) return 'is_email';
  return undefined;
}

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random, URL-safe secret (256 bit). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only a hash of a bearer secret is stored, so a database leak yields no usable session or link. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function hmac(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

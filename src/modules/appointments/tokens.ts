import { createHash, createHmac } from 'node:crypto';
import { safeTokenEqual } from '../../kernel/index.ts';

/**
 * The private link of a booking or waitlist entry carries a token derived from the server secret and the
 * record's id, so reminders can repeat the link later; the database keeps only its hash, and the hash
 * decides whether a presented token is valid.
 */
export function linkToken(secret: string, kind: 'booking' | 'waitlist', id: string): string {
  return createHmac('sha256', secret).update(`amtsstube:appointments:${kind}:${id}`).digest('base64url');
}

export function tokenHashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokenMatches(token: string, hash: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token) && safeTokenEqual(tokenHashOf(token), hash);
}

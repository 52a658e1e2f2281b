import { createHash, createHmac, randomBytes } from 'node:crypto';
import { safeTokenEqual, type Tx } from '../../kernel/index.ts';
import { spendChallenge } from './repository.ts';

/**
 * Self-hosted proof of work against booking bots (nothing leaves the server): the form carries a signed
 * challenge; the browser searches a number whose SHA-256 over `challenge:number` starts with `difficulty`
 * zero bits (about 2^difficulty tries). Without JavaScript the challenge counts as met once the form has been
 * open for `minFormSeconds`. Every challenge can be spent once and lives 30 minutes.
 */
export const CHALLENGE_TTL_MS = 30 * 60_000;

export interface Challenge {
  challenge: string;
  difficulty: number;
  expires: Date;
}

const mac = (secret: string, body: string) => createHmac('sha256', secret).update(`amtsstube:pow:${body}`).digest('base64url').slice(0, 32);

export function issueChallenge(secret: string, tenantId: string, difficulty: number, now: Date): Challenge {
  const body = `${tenantId}.${now.getTime()}.${difficulty}.${randomBytes(12).toString('base64url')}`;
  return { challenge: `${body}.${mac(secret, body)}`, difficulty, expires: new Date(now.getTime() + CHALLENGE_TTL_MS) };
}

export function leadingZeroBits(buf: Buffer): number {
  let n = 0;
  for (const byte of buf) {
    if (byte === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(byte) - 24;
  }
  return n;
}

export function solves(challenge: string, solution: string, difficulty: number): boolean {
  return /^\d{1,12}$/.test(solution) && leadingZeroBits(createHash('sha256').update(`${challenge}:${solution}`).digest()) >= difficulty;
}

/** For tests and other front ends written in Node: the smallest solution. */
export function solve(challenge: string, difficulty: number): string {
  for (let i = 0; ; i++) if (solves(challenge, String(i), difficulty)) return String(i);
}

export type ChallengeCheck = { ok: true } | { ok: false; problem: string };

/** Checks and spends a challenge inside the caller's transaction (a replayed challenge fails there). */
export async function checkChallenge(
  tx: Tx,
  o: { secret: string; tenantId: string; challenge: string; solution: string; now: Date; minFormSeconds: number; allowWaiting: boolean },
): Promise<ChallengeCheck> {
  const bad: ChallengeCheck = { ok: false, problem: 'Die Sicherheitsprüfung ist ungültig oder abgelaufen. Bitte laden Sie die Seite neu und versuchen Sie es erneut.' };
  const parts = o.challenge.split('.');
  if (parts.length !== 5 || o.challenge.length > 200) return bad;
  const [tenantId, issued, difficulty, nonce, sig] = parts as [string, string, string, string, string];
  if (tenantId !== o.tenantId || !safeTokenEqual(sig, mac(o.secret, parts.slice(0, 4).join('.')))) return bad;
  const age = o.now.getTime() - Number(issued);
  if (!(age >= 0 && age <= CHALLENGE_TTL_MS)) return bad;
  const solved = solves(o.challenge, o.solution, Number(difficulty));
  if (!solved && !(o.allowWaiting && age >= o.minFormSeconds * 1000)) {
    return { ok: false, problem: o.allowWaiting ? `Bitte warten Sie nach dem Laden der Seite mindestens ${o.minFormSeconds} Sekunden oder schalten Sie JavaScript ein, und senden Sie das Formular dann erneut.` : 'Die Rechenaufgabe ist nicht gelöst.' };
  }
  if (!(await spendChallenge(tx, o.tenantId, nonce, new Date(Number(issued) + CHALLENGE_TTL_MS)))) return { ok: false, problem: 'Diese Sicherheitsprüfung wurde bereits verwendet. Bitte senden Sie das Formular erneut.' };
  return { ok: true };
}

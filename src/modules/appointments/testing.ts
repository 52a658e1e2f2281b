import { solve } from './challenge.ts';

/** What pow.js does in the browser: solve the proof-of-work challenge of a booking form (tests only). */
export function powFields(body: string): Record<string, string> {
  const challenge = body.match(/name="pow_challenge" value="([^"]+)"/)?.[1];
  const difficulty = Number(body.match(/data-pow-difficulty="(\d+)"/)?.[1] ?? 0);
  return challenge ? { pow_challenge: challenge, pow_solution: solve(challenge, difficulty) } : {};
}

// Where the shared specifications and corpora are: ../shared next to the repository when present (the newest
// material), else the copies in test-data/ (so a fresh clone anywhere can run the tests).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Absolute path of e.g. `corpora/bank` or `standards/oparl/1.1.1/schema`. */
export function sharedData(rel: string): string {
  const candidates = [resolve(ROOT, '..', 'shared', rel), resolve(ROOT, 'test-data', rel)];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error(`shared data not found: ${candidates.join(', ')}`);
}

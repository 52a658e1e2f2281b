// Locates the shared e-invoice sample corpus (../shared/corpora/einvoice beside the repository) for tests and benchmarks.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SUBDIR = 'shared/corpora/einvoice';

/** The corpus folder, found from this file (fresh clone) or from the working directory (npm test); throws if absent. */
export function einvoiceCorpusDir(): string {
  // ../shared beside the repository (newest), else the unchanged copy in test-data/ (a fresh clone anywhere).
  const candidates = [fileURLToPath(new URL(`../../../../${SUBDIR}`, import.meta.url)), resolve(process.cwd(), '..', SUBDIR), fileURLToPath(new URL('../../../test-data/corpora/einvoice', import.meta.url))];
  for (const dir of candidates) if (existsSync(resolve(dir, 'manifest.json'))) return dir;
  throw new Error(`e-invoice corpus not found; looked in: ${candidates.join(', ')}`);
}

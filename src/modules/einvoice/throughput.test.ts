import { test } from 'node:test';
import assert from 'node:assert/strict';
import { einvoiceCorpusDir } from './corpus.ts';
import { measureThroughput } from './throughput.ts';

// No speed assertion here (shared CI cores); this proves the measurement runs over the whole corpus and counts right.
test('measureThroughput parses and validates every XML of the corpus in rounds', async () => {
  const r = await measureThroughput(einvoiceCorpusDir(), { minSeconds: 0 });
  assert.equal(r.files, 100);
  assert.equal(r.invoices % r.files, 0);
  assert.ok(r.invoices >= r.files);
  assert.ok(r.perSecond > 0 && Number.isFinite(r.perSecond));
});

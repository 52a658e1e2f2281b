import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from '../../testing/harness.ts';

let t: TestPlatform;
before(async () => {
  t = await testPlatform();
});
after(() => t.close());

test('the OpenAPI 3.1 document describes every JSON API route', async () => {
  const res = await t.app.inject({ url: '/api/v1/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
  assert.equal(doc.openapi, '3.1.0');
  const missing = t.routes
    .filter((r) => r.api && r.url !== '/api/v1/openapi.json')
    .filter((r) => !doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()])
    .map((r) => `${r.method} ${r.url}`);
  assert.deepEqual(missing, []);
});

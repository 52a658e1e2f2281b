/** The dependency rules of docs/ARCHITECTURE.md, checked on the source itself. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname);

function files(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) files(p, out);
    else if (f.endsWith('.ts')) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => resolve(dirname(file), m[1]!));
}

test('the kernel never imports a module, the demo data or the composition root', () => {
  const bad: string[] = [];
  for (const f of files(join(SRC, 'kernel'))) {
    for (const target of imports(f)) {
      const rel = relative(SRC, target);
      if (rel.startsWith('modules/') || rel.startsWith('demo/') || rel === 'platform.ts' || rel === 'main.ts') bad.push(`${relative(SRC, f)} → ${rel}`);
    }
  }
  assert.deepEqual(bad, []);
});

test("modules use the kernel only through its index.ts and each other only through index.ts", () => {
  const bad: string[] = [];
  for (const f of files(join(SRC, 'modules')).filter((x) => !x.endsWith('.test.ts'))) {
    const own = relative(SRC, f).split('/')[1];
    for (const target of imports(f)) {
      const rel = relative(SRC, target);
      if (rel.startsWith('kernel/') && rel !== 'kernel/index.ts') bad.push(`${relative(SRC, f)} → ${rel}`);
      const m = rel.match(/^modules\/([^/]+)\/(.+)$/);
      if (m && m[1] !== own && m[2] !== 'index.ts') bad.push(`${relative(SRC, f)} → ${rel}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('SQL lives in repositories and kernel stores, not in module routes or commands', () => {
  const bad: string[] = [];
  for (const f of files(join(SRC, 'modules')).filter((x) => !x.endsWith('.test.ts'))) {
    if (/repository\.ts$|queries\//.test(f)) continue;
    if (/\bsql`/.test(readFileSync(f, 'utf8'))) bad.push(relative(SRC, f));
  }
  assert.deepEqual(bad, []);
});

import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  woff2: 'font/woff2',
  svg: 'image/svg+xml',
  png: 'image/png',
};

/** A fixed allow-list of static files, loaded into memory once; nothing else on disk is reachable. */
export function loadAssets(moduleDirs: readonly { prefix: string; dir: string }[] = []): Map<string, Asset> {
  const require = createRequire(import.meta.url);
  const kern = join(dirname(require.resolve('@kern-ux/native/dist/kern.min.css')));
  const own = join(dirname(fileURLToPath(import.meta.url)), 'assets');
  const files: [string, string][] = [
    ['kern/kern.min.css', join(kern, 'kern.min.css')],
    ['kern/fonts/fira-sans.css', join(kern, 'fonts/fira-sans.css')],
  ];
  for (const f of readdirSync(join(kern, 'fonts/fira-sans'))) {
    if (/^FiraSans-(Light|Regular|Italic|Medium|SemiBold|Bold)(Italic)?\.woff2$/.test(f)) {
      files.push([`kern/fonts/fira-sans/${f}`, join(kern, 'fonts/fira-sans', f)]);
    }
  }
  for (const f of readdirSync(own)) files.push([f, join(own, f)]);
  for (const m of moduleDirs) for (const f of readdirSync(m.dir)) if (/^[a-z0-9-]+\.(js|css|svg)$/.test(f)) files.push([`${m.prefix}/${f}`, join(m.dir, f)]);
  const map = new Map<string, Asset>();
  for (const [url, path] of files) {
    const body = readFileSync(path);
    const ext = url.split('.').pop() ?? '';
    map.set(url, {
      body,
      type: TYPES[ext] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`,
    });
  }
  return map;
}

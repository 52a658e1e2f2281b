// Test helpers of the E-Akte (tests only): multipart posts through the real HTTP stack, real PDFs and e-mails.
import { createRequire } from 'node:module';
import type { LightMyRequestResponse } from 'fastify';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { renderLetter } from '../../kernel/index.ts';
import type { Client, TestPlatform } from '../../testing/harness.ts';

/** Posts a multipart form (fields + one file) with the client's cookies and CSRF token, like a browser. */
export async function postMultipart(
  t: TestPlatform,
  c: Client,
  url: string,
  fields: Record<string, string | string[]>,
  file?: { field?: string; name: string; type?: string; bytes: Uint8Array },
): Promise<LightMyRequestResponse> {
  const boundary = `----amtsstube${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: c.csrf, ...fields })) {
    for (const x of Array.isArray(v) ? v : [v]) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${x}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'datei'}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`), Buffer.from(file.bytes), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const res = await t.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: [...c.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ') },
  });
  const m = res.body.match(/name="_csrf" value="([^"]+)"/);
  if (m) c.csrf = m[1]!;
  return res;
}

/** A real PDF with a text layer (the platform's letter renderer). */
export function letterPdf(subject: string, body: string): Promise<Buffer> {
  return renderLetter({
    letterhead: { authority: 'Stadt Teststadt', address: ['Markt 1', '14712 Teststadt'], contact: ['Telefon 0000 0'] },
    recipient: ['Erika Muster', 'Weg 1', '14712 Teststadt'],
    date: '23.11.2026',
    reference: '32.10-2026-000001',
    subject,
    body: [{ text: body }],
  });
}

const require = createRequire(import.meta.url);

/** A PDF that opens only with a password (user password set): must be refused. */
export function encryptedPdf(text: string, o: { userPassword?: string } = { userPassword: 'geheim' }): Promise<Buffer> {
  // The kernel's letter renderer has already registered the fonts on pdfmake's shared instance.
  const pdfmake = require('pdfmake') as { createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> } };
  return pdfmake.createPdf({ defaultStyle: { font: 'FiraSans' }, content: [text], ownerPassword: 'owner-secret', ...(o.userPassword ? { userPassword: o.userPassword } : {}), permissions: { printing: 'highResolution' } }).getBuffer();
}

export { sampleMail } from '../../testing/samples.ts';

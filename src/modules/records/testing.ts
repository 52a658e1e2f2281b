// Test helpers of the E-Akte (tests only): multipart posts through the real HTTP stack, real PDFs and e-mails.
import { createRequire } from 'node:module';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { renderLetter } from '../../kernel/index.ts';

/** Posts a multipart form like a browser (moved to the shared test harness). */
export { postMultipart } from '../../testing/harness.ts';

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

// Reads the text layer of a PDF in a worker thread (see extract.ts): the parent can stop it at any time and
// caps its memory, so a hostile PDF cannot block or exhaust the server. Plain JavaScript: workers do not
// inherit the TypeScript loader. Messages: open → page* → done, or error.
import { parentPort, workerData } from 'node:worker_threads';
import { getDocumentProxy } from 'unpdf';

const { bytes, maxPages, maxChars } = workerData;

try {
  const pdf = await getDocumentProxy(bytes, { verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false });
  const meta = await pdf.getMetadata().catch(() => undefined);
  const encrypted = meta?.info && typeof meta.info === 'object' ? meta.info.EncryptFilterName ?? null : null;
  parentPort.postMessage({ kind: 'open', pages: pdf.numPages, encrypted });
  if (!encrypted) {
    let chars = 0;
    const last = Math.min(pdf.numPages, maxPages);
    for (let i = 1; i <= last && chars < maxChars; i++) {
      const page = await pdf.getPage(i);
      const content = await page.getTextContent();
      const text = content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : ' ') : '')).join('');
      page.cleanup();
      chars += text.length;
      parentPort.postMessage({ kind: 'page', text });
    }
    parentPort.postMessage({ kind: 'done', complete: last === pdf.numPages && chars < maxChars });
  } else {
    parentPort.postMessage({ kind: 'done', complete: false });
  }
} catch (e) {
  parentPort.postMessage({ kind: 'error', name: String(e?.name ?? 'Error') });
}

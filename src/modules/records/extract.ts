// Text extraction for the full-text search: PDF text layers (unpdf / PDF.js in a guarded worker thread),
// plain text and e-mail messages (postal-mime). Nothing here executes or renders what it reads.
import { Worker } from 'node:worker_threads';
import PostalMime from 'postal-mime';
import type { Attachment, TextStatus } from './repository.ts';

/** Guards against hostile or huge documents (ADR 0012). */
export const EXTRACT_LIMITS = { pages: 200, chars: 1_000_000, timeoutMs: 20_000, memoryMb: 256, workers: 2 } as const;

export type PdfResult = { ok: true; text: string; status: TextStatus } | { ok: false; reason: 'encrypted' | 'broken' };

const WORKER = new URL('./pdf-text.worker.mjs', import.meta.url);

// At most EXTRACT_LIMITS.workers PDFs are read at once; the rest wait their turn.
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= EXTRACT_LIMITS.workers) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Removes what PostgreSQL text cannot hold (NUL) and our headline markers; caps the length. */
export function cleanText(s: string, max: number = EXTRACT_LIMITS.chars): string {
  return s.replace(/[\u0000-\u0002]/g, ' ').slice(0, max);
}

/**
 * Reads the text layer of a PDF. Encrypted (even with an owner password only) or unreadable PDFs are refused;
 * a PDF that opens but runs into the page, size or time guard keeps the text read so far ('partial').
 */
export function extractPdfText(bytes: Uint8Array, limits: { pages?: number; chars?: number; timeoutMs?: number } = {}): Promise<PdfResult> {
  const maxPages = limits.pages ?? EXTRACT_LIMITS.pages;
  const maxChars = limits.chars ?? EXTRACT_LIMITS.chars;
  const timeoutMs = limits.timeoutMs ?? EXTRACT_LIMITS.timeoutMs;
  return slot(
    () =>
      new Promise<PdfResult>((resolve) => {
        const pages: string[] = [];
        let opened = false;
        let settled = false;
        const worker = new Worker(WORKER, {
          workerData: { bytes: new Uint8Array(bytes), maxPages, maxChars },
          resourceLimits: { maxOldGenerationSizeMb: EXTRACT_LIMITS.memoryMb, maxYoungGenerationSizeMb: 32 },
          stdout: true,
          stderr: true,
        });
        // PDF.js warnings stay out of the server log.
        worker.stdout.resume();
        worker.stderr.resume();
        const finish = (r: PdfResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          void worker.terminate();
          resolve(r);
        };
        const partial = () => {
          const text = cleanText(pages.join('\n'), maxChars);
          return { ok: true as const, text, status: (text.trim() ? 'partial' : 'none') as TextStatus };
        };
        // Opened but not finished in time: keep what was read. Not even opened: we cannot vouch for the file.
        const timer = setTimeout(() => finish(opened ? partial() : { ok: false, reason: 'broken' }), timeoutMs);
        worker.on('message', (m: { kind: string; encrypted?: string | null; text?: string; complete?: boolean; name?: string }) => {
          if (m.kind === 'open') {
            if (m.encrypted) return finish({ ok: false, reason: 'encrypted' });
            opened = true;
          } else if (m.kind === 'page') pages.push(m.text ?? '');
          else if (m.kind === 'done') {
            const text = cleanText(pages.join('\n'), maxChars);
            finish({ ok: true, text, status: !text.trim() ? 'none' : m.complete ? 'complete' : 'partial' });
          } else if (m.kind === 'error') finish(m.name === 'PasswordException' ? { ok: false, reason: 'encrypted' } : opened ? partial() : { ok: false, reason: 'broken' });
        });
        worker.on('error', () => finish(opened ? partial() : { ok: false, reason: 'broken' }));
        worker.on('exit', () => finish(opened ? partial() : { ok: false, reason: 'broken' }));
      }),
  );
}

export interface MailText {
  text: string;
  subject: string;
  attachments: Attachment[];
}

function htmlToText(h: string): string {
  return h
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Math.min(Number(n), 0x10ffff)))
    .replace(/&amp;/g, '&');
}

/**
 * Parses an e-mail message (RFC 5322/MIME): subject, sender, recipients, date and body become searchable text;
 * attachments are only listed (name, type, size) — they stay inside the stored original and are never opened.
 */
export async function extractMailText(bytes: Uint8Array): Promise<MailText | undefined> {
  let m;
  try {
    m = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer' });
  } catch {
    return undefined;
  }
  const addr = (a: { name?: string; address?: string } | undefined) => (a ? [a.name, a.address ? `<${a.address}>` : ''].filter(Boolean).join(' ') : '');
  const list = (xs: { name?: string; address?: string }[] | undefined) => (xs ?? []).map(addr).join(', ');
  const body = m.text?.trim() ? m.text : m.html ? htmlToText(m.html) : '';
  const attachments: Attachment[] = (m.attachments ?? []).slice(0, 200).map((a) => ({
    name: cleanText(a.filename ?? 'ohne Namen', 200),
    mime: cleanText(a.mimeType ?? 'application/octet-stream', 100),
    size: typeof a.content === 'string' ? a.content.length : a.content.byteLength,
  }));
  const head = [
    m.subject ? `Betreff: ${m.subject}` : '',
    m.from ? `Von: ${addr(m.from as { name?: string; address?: string })}` : '',
    m.to?.length ? `An: ${list(m.to as { name?: string; address?: string }[])}` : '',
    m.date ? `Datum: ${m.date}` : '',
  ].filter(Boolean);
  const names = attachments.length ? [`Anhänge: ${attachments.map((a) => a.name).join(', ')}`] : [];
  return { text: cleanText([...head, '', body, ...names].join('\n')), subject: cleanText(m.subject ?? '', 300), attachments };
}

// Files for the E-Akte: allow-list by content (magic bytes; text and e-mail by structure), name that fits the
// content, size, and the text the full-text search needs. Runs before any transaction: extraction can take seconds.
import { detectType, MAX_FILE_BYTES, type Upload } from '../../kernel/index.ts';
import { cleanText, extractMailText, extractPdfText } from './extract.ts';
import type { Attachment, TextStatus } from './repository.ts';

/** 20 MB: the file store's limit, and the multipart limit of the upload routes. */
export const RECORD_UPLOAD_MAX_BYTES = MAX_FILE_BYTES;

export type RecordType = 'pdf' | 'png' | 'jpeg' | 'text' | 'eml';
export type RecordUploadProblem = 'missing' | 'empty' | 'too_large' | 'type' | 'mismatch' | 'pdf_broken' | 'eml_broken';

const EXTENSIONS: Record<RecordType, readonly string[]> = { pdf: ['pdf'], png: ['png'], jpeg: ['jpg', 'jpeg'], text: ['txt'], eml: ['eml'] };

/** What a checked upload becomes: bytes with the type we determined, its text for the search, e-mail attachments. */
export interface PreparedContent {
  name: string;
  mime: string;
  bytes: Uint8Array;
  text: string;
  textStatus: TextStatus;
  attachments: Attachment[];
  type: RecordType;
}

export const UPLOAD_MESSAGES: Record<RecordUploadProblem, string> = {
  missing: 'Bitte wählen Sie eine Datei aus.',
  empty: 'Die Datei ist leer.',
  too_large: 'Die Datei ist größer als 20 MB.',
  type: 'Die Datei ist kein PDF, PNG, JPEG, Text (.txt) und keine E-Mail (.eml). Entscheidend ist der Inhalt der Datei, nicht ihr Name.',
  mismatch: 'Der Dateiname passt nicht zum Inhalt der Datei (zum Beispiel ein Bild mit der Endung .pdf). Erlaubt sind .pdf, .png, .jpg, .txt und .eml.',
  pdf_broken: 'Die PDF-Datei ist beschädigt oder verschlüsselt und wurde nicht gespeichert. Bitte laden Sie eine vollständige PDF-Datei ohne Kennwortschutz hoch.',
  eml_broken: 'Die E-Mail-Datei konnte nicht gelesen werden und wurde nicht gespeichert.',
};

const HEADER_LINE = /^[!-9;-~]+:[ \t]?/;
const CONTINUATION = /^[ \t]+\S/;

/** An RFC 5322 message starts with header fields, among them From and at least one of Date, Subject, Message-ID. */
function looksLikeMail(text: string): boolean {
  const end = text.search(/\r?\n\r?\n/);
  if (end <= 0) return false;
  const lines = text.slice(0, end).split(/\r?\n/);
  if (!lines.every((l) => HEADER_LINE.test(l) || CONTINUATION.test(l)) || !HEADER_LINE.test(lines[0]!)) return false;
  const names = new Set(lines.filter((l) => HEADER_LINE.test(l)).map((l) => l.slice(0, l.indexOf(':')).toLowerCase()));
  return names.has('from') && (names.has('date') || names.has('subject') || names.has('message-id'));
}

/** Decodes text files: UTF-8 (with or without BOM), else Windows-1252; binary content is not text. */
export function decodeText(b: Uint8Array): { text: string; charset: 'utf-8' | 'windows-1252' } | undefined {
  if (b.includes(0)) return undefined;
  let text: string;
  let charset: 'utf-8' | 'windows-1252' = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(b);
  } catch {
    text = new TextDecoder('windows-1252').decode(b);
    charset = 'windows-1252';
  }
  // Control characters other than tab, line feed, form feed, carriage return and escape mean binary data.
  if (/[\u0001-\u0008\u000b\u000e-\u001a\u001c-\u001f\u007f]/.test(text)) return undefined;
  return { text, charset };
}

/** The type by content: PDF/PNG/JPEG by their magic bytes (kernel), text by its encoding, e-mail by its header. */
export function detectRecordType(bytes: Buffer, filename: string): { ok: true; type: RecordType; mime: string; text?: string } | { ok: false; problem: RecordUploadProblem } {
  if (bytes.length === 0) return { ok: false, problem: 'empty' };
  if (bytes.length > RECORD_UPLOAD_MAX_BYTES) return { ok: false, problem: 'too_large' };
  const ext = filename.toLowerCase().match(/\.([a-z0-9]{1,5})$/)?.[1] ?? '';
  const binary = detectType(bytes);
  if (binary) {
    if (!EXTENSIONS[binary].includes(ext)) return { ok: false, problem: 'mismatch' };
    return { ok: true, type: binary, mime: { pdf: 'application/pdf', png: 'image/png', jpeg: 'image/jpeg' }[binary] };
  }
  const decoded = decodeText(bytes);
  if (!decoded) return { ok: false, problem: 'type' };
  // Text content: the name decides between a note (.txt) and a message (.eml, which must then be one).
  if (ext === 'eml') return looksLikeMail(decoded.text.slice(0, 64 * 1024)) ? { ok: true, type: 'eml', mime: 'message/rfc822', text: decoded.text } : { ok: false, problem: 'eml_broken' };
  if (ext === 'txt') return { ok: true, type: 'text', mime: `text/plain; charset=${decoded.charset}`, text: decoded.text };
  return { ok: false, problem: 'mismatch' };
}

/** A file name safe for storage and for Content-Disposition (no paths, no control characters). */
export function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base.replace(/[\u0000-\u001f\u007f"]/g, '_').trim().slice(0, 200) || 'datei';
}

/**
 * Checks an uploaded file and reads its text. Refusals name the problem; a corrupt or encrypted PDF is
 * `pdf_broken` (the caller stores nothing and writes the audit entry).
 */
export async function prepareUpload(u: Upload | undefined): Promise<{ ok: true; content: PreparedContent } | { ok: false; problem: RecordUploadProblem; reason?: string }> {
  if (!u || (u.bytes.length === 0 && !u.filename)) return { ok: false, problem: 'missing' };
  const d = detectRecordType(u.bytes, u.filename);
  if (!d.ok) return d;
  const base = { name: safeName(u.filename), mime: d.mime, bytes: new Uint8Array(u.bytes), type: d.type, attachments: [] as Attachment[] };
  if (d.type === 'pdf') {
    const tail = u.bytes.subarray(Math.max(0, u.bytes.length - 1024)).toString('latin1');
    if (!/^%PDF-\d\.\d/.test(u.bytes.subarray(0, 8).toString('latin1')) || !tail.includes('%%EOF')) return { ok: false, problem: 'pdf_broken', reason: 'structure' };
    const r = await extractPdfText(u.bytes);
    if (!r.ok) return { ok: false, problem: 'pdf_broken', reason: r.reason };
    return { ok: true, content: { ...base, text: r.text, textStatus: r.status } };
  }
  if (d.type === 'eml') {
    const m = await extractMailText(u.bytes);
    if (!m) return { ok: false, problem: 'eml_broken' };
    return { ok: true, content: { ...base, text: m.text, textStatus: m.text.trim() ? 'complete' : 'none', attachments: m.attachments } };
  }
  if (d.type === 'text') {
    const text = cleanText(d.text ?? '');
    return { ok: true, content: { ...base, text, textStatus: !text.trim() ? 'none' : text.length < (d.text ?? '').length ? 'partial' : 'complete' } };
  }
  // Images: no OCR (yet); found by title and file name.
  return { ok: true, content: { ...base, text: '', textStatus: 'none' } };
}

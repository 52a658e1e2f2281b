// Inbound e-mail (.eml): sender, subject and date for the receipt stamp, and the attachment check. A message with a
// hostile attachment is refused as a whole (docs/adr/0013-posteingang.md): nothing of it is stored.
import PostalMime from 'postal-mime';

export interface MailAttachment {
  name: string;
  mime: string;
  size: number;
}

export type HostileReason = 'executable' | 'double_extension' | 'disguised_name';

export interface ParsedMail {
  subject: string;
  /** "Name <address>" of the From header (or the address alone). */
  from: string;
  /** The Date header, when it is a real date. */
  sentAt: Date | null;
  attachments: MailAttachment[];
  /** The first attachment that must not enter the administration, and why. */
  hostile?: { name: string; reason: HostileReason };
}

/** Programs, scripts, shortcuts, macro documents and disk images: opened, they run code. */
const BLOCKED_EXTENSIONS = new Set([
  'exe', 'com', 'bat', 'cmd', 'scr', 'pif', 'cpl', 'dll', 'sys', 'msi', 'msp', 'mst', 'msc', 'appx', 'msix', 'appinstaller',
  'js', 'jse', 'mjs', 'vbs', 'vbe', 'vb', 'wsf', 'wsh', 'wsc', 'ws', 'hta', 'ps1', 'psm1', 'psd1', 'ps1xml', 'sh', 'bash', 'py', 'pl', 'rb', 'jar', 'class',
  'lnk', 'url', 'scf', 'inf', 'reg', 'chm', 'hlp', 'gadget', 'application', 'sct', 'xll', 'xlam', 'docm', 'dotm', 'xlsm', 'xltm', 'pptm', 'potm', 'ppam', 'sldm',
  'iso', 'img', 'vhd', 'vhdx', 'apk', 'app', 'dmg', 'pkg', 'deb', 'rpm',
]);

/** Extensions of ordinary documents that malware puts in front of its real one ("Rechnung.pdf.zip"). */
const DOCUMENT_EXTENSIONS = new Set(['pdf', 'doc', 'docx', 'odt', 'rtf', 'txt', 'xls', 'xlsx', 'ods', 'csv', 'ppt', 'pptx', 'odp', 'jpg', 'jpeg', 'png', 'gif', 'tif', 'tiff', 'bmp', 'html', 'htm', 'xml', 'eml', 'msg']);

/** Content that runs whatever its name says: Windows PE ("MZ"), ELF, Mach-O, shell scripts. */
function executableContent(b: Uint8Array): boolean {
  if (b.length >= 2 && b[0] === 0x4d && b[1] === 0x5a) return true;
  if (b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46) return true;
  if (b.length >= 4 && ((b[0] === 0xcf && b[1] === 0xfa && b[2] === 0xed && b[3] === 0xfe) || (b[0] === 0xfe && b[1] === 0xed && b[2] === 0xfa))) return true;
  return b.length >= 2 && b[0] === 0x23 && b[1] === 0x21;
}

/** Why an attachment must not be accepted, or undefined. */
export function attachmentProblem(name: string, content: Uint8Array, mime = ''): HostileReason | undefined {
  // Bidirectional overrides and invisible characters hide the real extension ("Rechnung\u202Efdp.exe").
  if (/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/.test(name)) return 'disguised_name';
  const clean = name.trim().replace(/[. ]+$/, '').toLowerCase();
  const parts = clean.split('.').map((x) => x.trim());
  const ext = parts.length > 1 ? parts[parts.length - 1]! : '';
  if (BLOCKED_EXTENSIONS.has(ext)) return 'executable';
  if (/^application\/(x-msdownload|x-msdos-program|x-dosexec|x-executable|x-sh|javascript|x-javascript|vbscript|hta|x-ms-shortcut|java-archive)$/i.test(mime)) return 'executable';
  if (executableContent(content)) return 'executable';
  if (parts.length > 2 && DOCUMENT_EXTENSIONS.has(parts[parts.length - 2]!) && parts[parts.length - 2] !== ext) return 'double_extension';
  return undefined;
}

const addr = (a: { name?: string; address?: string } | undefined): string => {
  if (!a) return '';
  if (a.name && a.address) return `${a.name} <${a.address}>`;
  return a.name || a.address || '';
};

/** Parses a checked e-mail message (RFC 5322/MIME); undefined if it cannot be read. Nothing is executed or rendered. */
export async function parseMail(bytes: Uint8Array): Promise<ParsedMail | undefined> {
  let m;
  try {
    // Attached messages are listed (and checked) as attachments of their own.
    m = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer', forceRfc822Attachments: true });
  } catch {
    return undefined;
  }
  const from = m.from && !m.from.group ? addr(m.from) : m.from?.group ? addr(m.from.group[0]) : '';
  const date = m.date ? new Date(m.date) : null;
  const attachments: MailAttachment[] = [];
  let hostile: ParsedMail['hostile'];
  for (const a of m.attachments ?? []) {
    const content = typeof a.content === 'string' ? new TextEncoder().encode(a.content) : a.content instanceof ArrayBuffer ? new Uint8Array(a.content) : new Uint8Array(a.content.buffer, a.content.byteOffset, a.content.byteLength);
    const name = (a.filename ?? 'ohne Namen').slice(0, 200);
    attachments.push({ name: name.replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '_'), mime: (a.mimeType || 'application/octet-stream').slice(0, 100), size: content.byteLength });
    const problem = attachmentProblem(name, content, a.mimeType ?? '');
    if (problem && !hostile) hostile = { name: attachments[attachments.length - 1]!.name, reason: problem };
    if (attachments.length >= 200) break;
  }
  return {
    subject: (m.subject ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 300),
    from: from.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 200),
    sentAt: date && !Number.isNaN(date.getTime()) ? date : null,
    attachments,
    ...(hostile ? { hostile } : {}),
  };
}

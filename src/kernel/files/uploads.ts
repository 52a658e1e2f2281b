import { connect } from 'node:net';

export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
export const UPLOAD_TYPES = { pdf: 'application/pdf', png: 'image/png', jpeg: 'image/jpeg' } as const;
export type UploadType = keyof typeof UPLOAD_TYPES;

export interface Upload {
  filename: string;
  declaredMime: string;
  bytes: Buffer;
}

/** The type by content (magic bytes), never by name or by what the browser claims. */
export function detectType(b: Buffer): UploadType | undefined {
  if (b.length >= 8 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  return undefined;
}

const EXTENSIONS: Record<UploadType, string[]> = { pdf: ['pdf'], png: ['png'], jpeg: ['jpg', 'jpeg'] };

export type UploadProblem = 'empty' | 'too_large' | 'type' | 'mismatch' | 'broken';

/**
 * Checks an upload against the allow-list: size, type by content, name that fits the content,
 * and for PDFs a plausible structure (header and end-of-file marker).
 */
export function checkUpload(u: Upload): { ok: true; type: UploadType; mime: string } | { ok: false; problem: UploadProblem } {
  if (u.bytes.length === 0) return { ok: false, problem: 'empty' };
  if (u.bytes.length > UPLOAD_MAX_BYTES) return { ok: false, problem: 'too_large' };
  const type = detectType(u.bytes);
  if (!type) return { ok: false, problem: 'type' };
  const ext = u.filename.toLowerCase().match(/\.([a-z0-9]{1,5})$/)?.[1];
  if (!ext || !EXTENSIONS[type].includes(ext)) return { ok: false, problem: 'mismatch' };
  if (type === 'pdf') {
    const tail = u.bytes.subarray(Math.max(0, u.bytes.length - 1024)).toString('latin1');
    if (!/^%PDF-\d\.\d/.test(u.bytes.subarray(0, 8).toString('latin1')) || !tail.includes('%%EOF')) return { ok: false, problem: 'broken' };
  }
  return { ok: true, type, mime: UPLOAD_TYPES[type] };
}

export type ScanResult = { clean: true } | { clean: false; reason: string };

/** The virus-scan port; off by default (Debian's ClamAV has no signatures offline). */
export interface VirusScanner {
  scan(bytes: Buffer): Promise<ScanResult>;
}

export const noScan: VirusScanner = { scan: async () => ({ clean: true }) };

/** ClamAV's clamd over TCP with the INSTREAM command (length-prefixed chunks, zero-length end). */
export function clamdScanner(host: string, port: number, timeoutMs = 15_000): VirusScanner {
  return {
    scan: (bytes) =>
      new Promise<ScanResult>((resolve, reject) => {
        const socket = connect({ host, port });
        let answer = '';
        socket.setTimeout(timeoutMs, () => socket.destroy(new Error('clamd timeout')));
        socket.on('error', reject);
        socket.on('data', (d) => (answer += d.toString('utf8')));
        socket.on('end', () => {
          const line = answer.replace(/\0/g, '').trim();
          if (/:\s*OK$/.test(line)) resolve({ clean: true });
          else if (/FOUND$/.test(line)) resolve({ clean: false, reason: line.replace(/^stream:\s*/, '').replace(/\s*FOUND$/, '') });
          else reject(new Error(`clamd: ${line}`));
        });
        socket.on('connect', () => {
          socket.write('zINSTREAM\0');
          for (let i = 0; i < bytes.length; i += 64 * 1024) {
            const chunk = bytes.subarray(i, i + 64 * 1024);
            const len = Buffer.alloc(4);
            len.writeUInt32BE(chunk.length);
            socket.write(len);
            socket.write(chunk);
          }
          socket.write(Buffer.alloc(4));
        });
      }),
  };
}

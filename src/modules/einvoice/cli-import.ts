// `amtsstube einvoice import DATEI --tenant KÜRZEL`: the intake for files that arrive outside the portal (a mail
// gateway's drop folder, a batch from a Peppol access point). Same command as upload and API; needs the database.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { listTenants, type Db } from '../../kernel/index.ts';
import { receiveInvoice } from './commands/receive-invoice.ts';

/** Output sink of the CLI (console in production, collected text in tests). */
export interface ImportIo {
  out(s: string): void;
  err(s: string): void;
}

const USAGE = 'Verwendung: amtsstube einvoice import DATEI --tenant KÜRZEL [--json]';

/** Exit codes: 0 stored (also: was already stored, or stored as invalid), 1 refused or unreadable, 2 usage error. */
export async function runEinvoiceImport(db: Db, args: string[], io: ImportIo, o: { now?: Date; read?: (path: string) => Promise<Uint8Array> } = {}): Promise<number> {
  const json = args.includes('--json');
  const rest = args.filter((a) => a !== '--json');
  const i = rest.indexOf('--tenant');
  const slug = i >= 0 ? rest[i + 1] : undefined;
  const files = rest.filter((a, n) => n !== i && n !== i + 1);
  if (!slug || slug.startsWith('--') || files.length !== 1 || files[0]!.startsWith('--')) {
    io.err(USAGE);
    return 2;
  }
  const tenant = (await listTenants(db)).find((t) => t.slug === slug);
  if (!tenant) {
    io.err(`Eine Kommune mit dem Kürzel „${slug}“ gibt es nicht.`);
    return 2;
  }
  if (!tenant.modules.has('finance')) {
    io.err(`Das Modul Finanzen (E-Rechnung) ist für ${tenant.name} nicht freigeschaltet; es wurde nichts importiert.`);
    return 1;
  }
  const path = files[0]!;
  let bytes: Uint8Array;
  try {
    bytes = await (o.read ?? readFile)(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.err(code === 'ENOENT' ? `Die Datei „${path}“ wurde nicht gefunden.` : code === 'EISDIR' ? `„${path}“ ist ein Verzeichnis.` : `Die Datei „${path}“ kann nicht gelesen werden (${code ?? (e as Error).message}).`);
    return 1;
  }
  // The CLI runs outside a request: its clock is the system's (tests pass one in).
  const res = await receiveInvoice(db, { tenantId: tenant.id, bytes, fileName: basename(path), channel: 'cli', actorId: null, now: o.now ?? new Date() });
  if (!res.ok) {
    if (json) io.out(JSON.stringify({ file: basename(path), ok: false, reason: res.reason, message: res.message, ...(res.duplicateOf ? { duplicateOf: res.duplicateOf.id } : {}) }, null, 2));
    else io.err(`${basename(path)}: nicht angenommen. ${res.message}`);
    return 1;
  }
  const inv = res.invoice;
  if (json) {
    io.out(JSON.stringify({ file: basename(path), ok: true, status: res.status, id: inv.id, state: inv.state, number: inv.number, unit: inv.unitName, leitwegId: inv.unitLeitwegId, warnings: res.warnings, valid: inv.validation.valid }, null, 2));
  } else {
    io.out(
      [
        `${basename(path)}: ${res.status === 'existing' ? 'bereits eingegangen' : inv.state === 'invalid' ? 'eingegangen, aber UNGÜLTIG (nicht zahlbar)' : 'eingegangen'}`,
        `  Rechnung ${inv.number || '(ohne Nummer)'} von ${inv.sellerName || 'unbekannt'}, Zahlbetrag ${inv.amountDue ?? '–'} ${inv.currency ?? ''}`.trimEnd(),
        `  Dienststelle: ${inv.unitName} (${inv.unitLeitwegId}), Kommune: ${tenant.name}`,
        ...res.warnings.map((w) => `  Hinweis: ${w}`),
        ...inv.validation.errors.filter((e) => e.severity === 'fatal').map((e) => `  Fehler ${e.id}: ${e.message}`),
        `  ID: ${inv.id}`,
      ].join('\n'),
    );
  }
  return 0;
}

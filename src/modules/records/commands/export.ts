import { strToU8, zipSync, type Zippable } from 'fflate';
import { audit, fileContent, sha256, type Db, type Queryable } from '../../../kernel/index.ts';
import { documentsOfFile, fileRowById, retentionOf, versionsOfFile, type FileRow } from '../repository.ts';
import { directionLabel, statusLabel } from '../schema.ts';

export const MANIFEST_SCHEMA = 'amtsstube.e-akte.export';
export const MANIFEST_VERSION = 1;

export interface ManifestVersion {
  version: number;
  path: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  note: string;
  textStatus: string;
  attachments: { name: string; mime: string; size: number }[];
  createdAt: string;
}

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  schemaVersion: typeof MANIFEST_VERSION;
  exportedAt: string;
  file: {
    number: string;
    title: string;
    status: string;
    restricted: boolean;
    openedAt: string;
    closedAt: string | null;
    disposalDue: string | null;
    planItem: { code: string; title: string };
    retention: { years: number; action: string } | null;
  };
  documents: {
    index: number;
    id: string;
    caseId: string | null;
    title: string;
    direction: string;
    correspondent: string;
    documentDate: string;
    subject: string;
    restricted: boolean;
    currentVersion: number;
    createdAt: string;
    versions: ManifestVersion[];
  }[];
}

const EXT: Record<string, string> = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg', 'message/rfc822': 'eml' };
const extOf = (mime: string) => EXT[mime] ?? (mime.startsWith('text/plain') ? 'txt' : 'bin');
const ALREADY_COMPRESSED = new Set(['pdf', 'png', 'jpg']);

/** A name every file system and archive tool accepts: ASCII letters, digits, _ and -, umlauts spelled out. */
export function readableName(title: string): string {
  const s = title
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9-]+/g, '_').replace(/^_+|_+$/g, '')
    .slice(0, 60);
  return s || 'Dokument';
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export type ExportResult = { ok: true; zip: Uint8Array; manifest: Manifest; file: FileRow; sha256: string } | { ok: false; reason: 'not_found' | 'deleted' };

/**
 * Builds the export package of a file: every version's original bytes under readable names, `manifest.json`
 * (machine-readable, with SHA-256 per version) and `index.csv` / `index.txt` for people. The archive is
 * deterministic for a given `at` (entry times are the versions' filing times).
 */
export async function buildExport(db: Queryable, tenantId: string, fileId: string, at: Date): Promise<ExportResult> {
  const file = await fileRowById(db, tenantId, fileId);
  if (!file) return { ok: false, reason: 'not_found' };
  if (file.status === 'deleted') return { ok: false, reason: 'deleted' };
  const [docs, versions, retention] = await Promise.all([documentsOfFile(db, tenantId, fileId), versionsOfFile(db, tenantId, fileId), retentionOf(db, tenantId, file.planItemId)]);
  const entries: Zippable = {};
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    schemaVersion: MANIFEST_VERSION,
    exportedAt: at.toISOString(),
    file: {
      number: file.number,
      title: file.title,
      status: file.status,
      restricted: file.restricted,
      openedAt: file.openedAt.toISOString(),
      closedAt: file.closedAt?.toISOString() ?? null,
      disposalDue: file.disposalDue,
      planItem: { code: file.planCode, title: file.planTitle },
      retention: retention ? { years: retention.years, action: retention.action } : null,
    },
    documents: [],
  };
  const csv = [['Nr', 'Titel', 'Richtung', 'Absender/Empfänger', 'Datum', 'Fassung', 'Aktuell', 'Datei im Paket', 'Typ', 'Größe (Bytes)', 'SHA-256', 'Vermerk'].map(csvCell).join(';')];
  const txt = [`Akte ${file.number}: ${file.title}`, `Aktenplan: ${file.planCode} ${file.planTitle}`, `Stand: ${statusLabel(file.status)}`, `Exportiert: ${at.toISOString()}`, ''];
  let index = 0;
  for (const d of docs) {
    index++;
    const nr = String(index).padStart(4, '0');
    const doc: Manifest['documents'][number] = {
      index, id: d.id, caseId: d.caseId, title: d.title, direction: d.direction, correspondent: d.correspondent, documentDate: d.documentDate, subject: d.subject,
      restricted: d.restricted, currentVersion: d.currentVersion, createdAt: d.createdAt.toISOString(), versions: [],
    };
    txt.push(`${nr}  ${d.documentDate}  ${directionLabel(d.direction)}  ${d.title}${d.correspondent ? ` (${d.correspondent})` : ''}`);
    for (const v of versions.filter((x) => x.documentId === d.id)) {
      if (!v.storedFileId) continue;
      const stored = await fileContent(db, tenantId, v.storedFileId);
      if (!stored) continue;
      const ext = extOf(v.mime);
      const path = `${nr}_v${v.version}_${readableName(d.title)}.${ext}`;
      entries[path] = [new Uint8Array(stored.content), { level: ALREADY_COMPRESSED.has(ext) ? 0 : 6, mtime: v.createdAt }];
      doc.versions.push({ version: v.version, path, name: v.name, mime: v.mime, size: v.size, sha256: v.sha256, note: v.note, textStatus: v.textStatus, attachments: v.attachments, createdAt: v.createdAt.toISOString() });
      csv.push([nr, d.title, directionLabel(d.direction), d.correspondent, d.documentDate, v.version, v.version === d.currentVersion ? 'ja' : 'nein', path, v.mime, v.size, v.sha256, v.note].map(csvCell).join(';'));
      txt.push(`      Fassung ${v.version}: ${path}  SHA-256 ${v.sha256}${v.note ? `  – ${v.note}` : ''}`);
    }
    manifest.documents.push(doc);
  }
  txt.push('', 'Die Prüfsummen (SHA-256) jeder Datei stehen auch in manifest.json.');
  entries['manifest.json'] = [strToU8(JSON.stringify(manifest, null, 2)), { mtime: at }];
  entries['index.csv'] = [strToU8(`\uFEFF${csv.join('\r\n')}\r\n`), { mtime: at }];
  entries['index.txt'] = [strToU8(`${txt.join('\r\n')}\r\n`), { mtime: at }];
  const zip = zipSync(entries, { level: 6 });
  return { ok: true, zip, manifest, file, sha256: sha256(zip) };
}

/** Exports a file for a person (download), audited with the package's hash. */
export async function exportFile(db: Db, o: { tenantId: string; fileId: string; actorId: string; now: Date }): Promise<ExportResult> {
  const r = await buildExport(db, o.tenantId, o.fileId, o.now);
  if (!r.ok) return r;
  await db.transaction((tx) =>
    audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'records.file_exported', objectType: 'records_file', objectId: o.fileId, details: { number: r.file.number, sha256: r.sha256, size: r.zip.length, documents: r.manifest.documents.length } }, o.now),
  );
  return r;
}

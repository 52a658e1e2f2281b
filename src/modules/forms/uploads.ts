import { audit, checkUpload, storeFile, type Ctx, type Platform } from '../../kernel/index.ts';
import type { CompiledForm } from './definition.ts';
import type { FieldErrors, FileAnswer, FormData } from './engine.ts';
import { messages, type FormsMessage } from './messages.ts';

/**
 * Checks the files posted with one step (allow-list by content, size, PDF structure, virus scan)
 * and stores accepted ones outside the web root (database). Without a new file the earlier answer stays.
 */
export async function acceptUploads(p: Platform, c: Ctx, cf: CompiledForm, step: number, previous: FormData): Promise<{ values: FormData; errors: FieldErrors }> {
  const m = messages(c.lang);
  const values: FormData = {};
  const errors: FieldErrors = {};
  for (const f of cf.def.steps[step]!.fields.filter((x) => x.widget === 'file')) {
    const up = c.uploads.get(f.name);
    values[f.name] = previous[f.name];
    if (!up || (up.bytes.length === 0 && !up.filename)) continue;
    const checked = checkUpload(up);
    if (!checked.ok) {
      errors[f.name] = m(`upload.${checked.problem}` as FormsMessage);
      continue;
    }
    let scan;
    try {
      scan = await p.scanner.scan(up.bytes);
    } catch {
      errors[f.name] = m('upload.scanError');
      continue;
    }
    if (!scan.clean) {
      errors[f.name] = m('upload.virus');
      await p.db.transaction((tx) => audit(tx, { tenantId: c.tenant!.id, actorId: c.user!.id, actorKind: 'citizen', action: 'upload.rejected_virus', objectType: 'upload', objectId: null, details: { reason: scan.reason.slice(0, 100) } }, c.now));
      continue;
    }
    const stored = await p.db.transaction(async (tx) => {
      const file = await storeFile(tx, { tenantId: c.tenant!.id, name: up.filename, mime: checked.mime, bytes: up.bytes, now: c.now });
      await audit(tx, { tenantId: c.tenant!.id, actorId: c.user!.id, actorKind: 'citizen', action: 'upload.stored', objectType: 'file', objectId: file.id, details: { type: checked.type, size: file.size } }, c.now);
      return file;
    });
    values[f.name] = { id: stored.id, name: stored.name, size: stored.size, type: checked.type } satisfies FileAnswer;
  }
  return { values, errors };
}

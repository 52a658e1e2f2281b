import type { Tx } from '../../kernel/index.ts';
import { addDocument, openFile } from './commands/files.ts';
import { insertPlanItem, planItemByCode, type RetentionAction } from './repository.ts';

const PLAN: readonly [code: string, title: string, years: number | null, action: RetentionAction | null][] = [
  ['0', 'Allgemeine Verwaltung', 10, 'archive'],
  ['02', 'Gemeindevertretung und Ausschüsse', 30, 'archive'],
  ['3', 'Recht, Sicherheit und Ordnung', 10, 'delete'],
  ['32', 'Öffentliche Ordnung', null, null],
  ['32.10', 'Gewerbeangelegenheiten', null, null],
  ['32.20', 'Straßenverkehr, Parkausweise', 6, 'delete'],
  ['6', 'Bauen und Verkehr', 30, 'archive'],
  ['66', 'Straßenbau', null, null],
  ['66.10', 'Straßenausbau und Erschließung', null, null],
];

/** A small file plan (loosely after the KGSt scheme) and one file with a document, for the demo municipalities. */
export async function seedRecords(tx: Tx, tenantId: string, now: Date): Promise<void> {
  const ids = new Map<string, string>();
  for (const [code, title, years, action] of PLAN) {
    const parent = [...ids.keys()].filter((k) => code.startsWith(k) && k !== code).sort((a, b) => b.length - a.length)[0];
    const id = (await insertPlanItem(tx, tenantId, { parentId: parent ? ids.get(parent)! : null, code, title, retentionYears: years, retentionAction: action }, now)) ?? (await planItemByCode(tx, tenantId, code))!.id;
    ids.set(code, id);
  }
  const file = await openFile(tx, { tenantId, planItemId: ids.get('66.10')!, title: 'Straßenausbau Lindenweg', actorId: null, now });
  const text = 'Vermerk zur Anhörung der Anlieger\n\nDie Anlieger des Lindenwegs wurden zum geplanten Straßenausbau angehört. Die Beitragsbescheide ergehen nach Abschluss der Bauarbeiten.';
  await addDocument(tx, {
    tenantId, fileId: file.id, title: 'Vermerk Anhörung der Anlieger', direction: 'internal', documentDate: now.toISOString().slice(0, 10),
    content: { name: 'vermerk-anhoerung.txt', mime: 'text/plain; charset=utf-8', bytes: new TextEncoder().encode(text), text }, actorId: null, now,
  });
}

// Adds a version of the tenant's Sitzungsgeld rules (a new Satzung from a date). The open version before it is closed
// the day before; gaps, overlaps and amounts above state maximums are refused with the engine's German messages and
// nothing is saved. Months whose billing is finalised cannot be changed by a new version.
import { audit, type Tx } from '../../../../kernel/index.ts';
import { finalisedMonthsFrom, insertVersion, listVersions, lockAllowance, setVersionValidTo, toRuleVersion } from '../allowance.repository.ts';
import { addDays, formatDayDe, ruleVersionSchema, validateVersions, type RuleVersion } from '../rules.ts';

export type SaveRulesResult = { ok: true; id: string; closed?: { id: string; name: string; validTo: string } } | { ok: false; errors: string[] };

const GERMAN_MONTHS = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
const monthDe = (m: string) => `${GERMAN_MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;

/** Saves one new rule version in the caller's transaction, so the rules never have gaps or overlaps. */
export async function saveRuleVersion(tx: Tx, o: { tenantId: string; actorId: string; now: Date; version: RuleVersion }): Promise<SaveRulesResult> {
  const parsed = ruleVersionSchema.safeParse(o.version);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'Regel'}: ${i.message}`) };
  const v = parsed.data;
  await lockAllowance(tx, o.tenantId);
  const stored = await listVersions(tx, o.tenantId);

  // The normal case: a new Satzung from a date ends the open version the day before.
  const open = stored.filter((s) => s.validTo === null && s.validFrom < v.validFrom).sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0];
  const closeAt = open ? addDays(v.validFrom, -1) : undefined;
  const candidate = [...stored.map((s) => (s.id === open?.id ? { ...toRuleVersion(s), validTo: closeAt! } : toRuleVersion(s))), v];
  const errors = validateVersions(candidate);

  // A finalised month keeps the rules it was billed with.
  // (Every day from validFrom on is governed differently afterwards, whether an open version is closed or not.)
  const locked = await finalisedMonthsFrom(tx, o.tenantId, v.validFrom.slice(0, 7));
  if (locked.length) {
    errors.push(`Die Abrechnung für ${locked.map(monthDe).join(', ')} ist bereits abgeschlossen. Eine neue Regel darf frühestens ab dem Monat danach gelten.`);
  }
  if (errors.length) return { ok: false, errors };

  let closed: { id: string; name: string; validTo: string } | undefined;
  if (open && closeAt) {
    await setVersionValidTo(tx, o.tenantId, open.id, closeAt, o.now);
    closed = { id: open.id, name: open.name, validTo: closeAt };
  }
  const id = await insertVersion(tx, o.tenantId, v, o.actorId, o.now);
  await audit(
    tx,
    {
      tenantId: o.tenantId,
      actorId: o.actorId,
      actorKind: 'staff',
      action: 'council.allowance_rules_saved',
      objectType: 'council_allowance_version',
      objectId: id,
      details: { validFrom: v.validFrom, validTo: v.validTo ?? null, closedVersion: closed?.id ?? null, closedValidTo: closed?.validTo ?? null },
    },
    o.now,
  );
  return { ok: true, id, ...(closed ? { closed } : {}) };
}

/** "ab 01.01.2027" or "01.01.2027 bis 31.03.2027", as the pages show a version's validity. */
export function validityText(v: { validFrom: string; validTo: string | null | undefined }): string {
  return v.validTo ? `${formatDayDe(v.validFrom)} bis ${formatDayDe(v.validTo)}` : `ab ${formatDayDe(v.validFrom)}`;
}

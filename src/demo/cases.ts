import type { Tx } from '../kernel/db/db.ts';
import { sql } from '../kernel/db/sql.ts';
import { DEFAULT_APPLICATION_WORKFLOW, openCase } from '../modules/cases/index.ts';

const DAY = 86_400_000;

export interface BackOffice {
  plan: { general: string; order: string; residents: string; traffic: string };
  teamId: string;
  types: { parking: string; registration: string };
}

/**
 * The back office of a demo municipality: a small Aktenplan (1 Allgemeine Verwaltung; 32 Öffentliche Sicherheit und
 * Ordnung → 32.10 Einwohnerwesen, 32.20 Straßenverkehr/Parkausweise), the team "Bürgerbüro", and case types for the
 * two online forms (Bewohnerparkausweis with four-eyes decisions, Meldebescheinigung).
 */
export async function seedBackOffice(tx: Tx, tenantId: string, o: { members: string[]; now: Date }): Promise<BackOffice> {
  // An entry the E-Akte's own seed already made is kept as it is.
  const item = async (code: string, title: string, parent: string | null, years: number | null, action: 'archive' | 'delete' | null) =>
    (
      (await tx.one<{ id: string }>(sql`insert into records_plan_items (tenant_id, parent_id, code, title, retention_years, retention_action, created_at)
        values (${tenantId}, ${parent}, ${code}, ${title}, ${years}, ${action}, ${o.now}) on conflict (tenant_id, code) do nothing returning id`)) ??
      (await tx.one<{ id: string }>(sql`select id from records_plan_items where tenant_id = ${tenantId} and code = ${code}`))!
    ).id;
  const general = await item('1', 'Allgemeine Verwaltung', null, 10, 'archive');
  const order = await item('32', 'Öffentliche Sicherheit und Ordnung', null, null, null);
  const residents = await item('32.10', 'Einwohnerwesen', order, 10, 'delete');
  const traffic = await item('32.20', 'Straßenverkehr, Parkausweise', order, 6, 'delete');
  const teamId = (await tx.one<{ id: string }>(sql`insert into case_teams (tenant_id, name) values (${tenantId}, 'Bürgerbüro') returning id`))!.id;
  for (const u of o.members) await tx.exec(sql`insert into case_team_members (tenant_id, team_id, user_id) values (${tenantId}, ${teamId}, ${u}) on conflict do nothing`);
  const type = async (key: string, name: string, slug: string, planItemId: string, targetDays: number, fourEyes: boolean) =>
    (await tx.one<{ id: string }>(sql`insert into case_types (tenant_id, key, name, service_slug, team_id, plan_item_id, target_days, four_eyes, workflow)
      values (${tenantId}, ${key}, ${name}, ${slug}, ${teamId}, ${planItemId}, ${targetDays}, ${fourEyes}, ${JSON.stringify(DEFAULT_APPLICATION_WORKFLOW)}::jsonb) returning id`))!.id;
  return {
    plan: { general, order, residents, traffic },
    teamId,
    types: {
      parking: await type('bewohnerparkausweis', 'Bewohnerparkausweis', 'bewohnerparkausweis', traffic, 14, true),
      registration: await type('meldebescheinigung', 'Meldebescheinigung', 'meldebescheinigung', residents, 7, false),
    },
  };
}

/** A handful of cases so the worklists are not empty: new, in progress, waiting for the citizen, overdue, a proposal to approve. */
export async function seedDemoCases(tx: Tx, tenantId: string, o: { office: BackOffice; clerkId: string; now: Date }): Promise<void> {
  const { parking, registration } = o.office.types;
  const demo: { type: string; subject: string; party: string; daysAgo: number; assigned: boolean; state?: 'in_bearbeitung' | 'rueckfrage' | 'proposal' }[] = [
    { type: registration, subject: 'Meldebescheinigung für den Arbeitgeber', party: 'Jonas Beispiel', daysAgo: 2, assigned: true, state: 'in_bearbeitung' },
    { type: registration, subject: 'Erweiterte Meldebescheinigung', party: 'Mira Muster', daysAgo: 1, assigned: false },
    { type: parking, subject: 'Bewohnerparkausweis Zone A – Fahrzeugschein fehlt', party: 'Paul Probe', daysAgo: 6, assigned: true, state: 'rueckfrage' },
    { type: parking, subject: 'Bewohnerparkausweis Zone B', party: 'Hanna Hinz', daysAgo: 20, assigned: false },
    { type: registration, subject: 'Anfrage zur Ummeldung des Zweitwohnsitzes', party: 'Karl Kühn', daysAgo: 3, assigned: true },
    { type: parking, subject: 'Bewohnerparkausweis Zone A, Neuantrag', party: 'Greta Gast', daysAgo: 5, assigned: true, state: 'proposal' },
  ];
  for (const d of demo) {
    const at = new Date(o.now.getTime() - d.daysAgo * DAY);
    const c = await openCase(tx, { tenantId, typeId: d.type, subject: d.subject, party: d.party, source: 'staff', actorId: null, now: at });
    const later = new Date(at.getTime() + DAY / 4);
    if (d.assigned) await tx.exec(sql`update cases set assignee_id = ${o.clerkId} where tenant_id = ${tenantId} and id = ${c.id}`);
    if (d.state) {
      await tx.exec(sql`update cases set status = 'in_bearbeitung', updated_at = ${later} where tenant_id = ${tenantId} and id = ${c.id}`);
      await tx.exec(sql`insert into case_events (tenant_id, case_id, at, actor_id, kind, from_status, to_status) values (${tenantId}, ${c.id}, ${later}, ${o.clerkId}, 'transition', 'eingegangen', 'in_bearbeitung')`);
    }
    if (d.state === 'rueckfrage') {
      const asked = new Date(later.getTime() + DAY);
      await tx.exec(sql`update cases set status = 'rueckfrage', status_kind = 'waiting', paused_since = ${asked}, updated_at = ${asked} where tenant_id = ${tenantId} and id = ${c.id}`);
      await tx.exec(sql`insert into case_events (tenant_id, case_id, at, actor_id, kind, from_status, to_status, note)
        values (${tenantId}, ${c.id}, ${asked}, ${o.clerkId}, 'transition', 'in_bearbeitung', 'rueckfrage', 'Bitte reichen Sie eine Kopie des Fahrzeugscheins nach.')`);
    }
    if (d.state === 'proposal') {
      const proposed = new Date(later.getTime() + DAY);
      const proposal = { transition: 'entscheiden', decision: 'approved', reason: 'Hauptwohnsitz in der Zone A, Fahrzeug auf die Antragstellerin zugelassen.', feeCents: null, at: proposed.toISOString() };
      await tx.exec(sql`update cases set proposal = ${JSON.stringify(proposal)}::jsonb, proposed_by = ${o.clerkId}, updated_at = ${proposed} where tenant_id = ${tenantId} and id = ${c.id}`);
      await tx.exec(sql`insert into case_events (tenant_id, case_id, at, actor_id, kind, note) values (${tenantId}, ${c.id}, ${proposed}, ${o.clerkId}, 'proposed', ${`stattgegeben: ${proposal.reason}`})`);
    }
  }
}

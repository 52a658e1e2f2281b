import type { Tx } from '../kernel/db/db.ts';
import { sql } from '../kernel/db/sql.ts';

/** Demo offices: Mon–Fri 8–12, Tue and Thu also 13–18; ID card application 30 min, registration 15 min. */
export async function seedAppointments(tx: Tx, tenantId: string, offices: { name: string; address: string; counters: number }[]): Promise<void> {
  const ausweis = await tx.one<{ id: string }>(sql`insert into appt_services (tenant_id, name, duration_minutes) values (${tenantId}, 'Personalausweis beantragen', 30) returning id`);
  const melde = await tx.one<{ id: string }>(sql`insert into appt_services (tenant_id, name, duration_minutes, catalog_slug) values (${tenantId}, 'Wohnsitz anmelden oder ummelden', 15, 'meldebescheinigung') returning id`);
  for (const o of offices) {
    const loc = await tx.one<{ id: string }>(sql`insert into appt_locations (tenant_id, name, address, accessibility, counters)
      values (${tenantId}, ${o.name}, ${o.address}, 'Stufenloser Zugang, Aufzug, barrierefreies WC', ${o.counters}) returning id`);
    for (const s of [ausweis!.id, melde!.id]) await tx.exec(sql`insert into appt_location_services (tenant_id, location_id, service_id) values (${tenantId}, ${loc!.id}, ${s})`);
    for (let wd = 1; wd <= 5; wd++) {
      await tx.exec(sql`insert into appt_opening_hours (tenant_id, location_id, weekday, opens, closes) values (${tenantId}, ${loc!.id}, ${wd}, '08:00', '12:00')`);
      if (wd === 2 || wd === 4) await tx.exec(sql`insert into appt_opening_hours (tenant_id, location_id, weekday, opens, closes) values (${tenantId}, ${loc!.id}, ${wd}, '13:00', '18:00')`);
    }
  }
}

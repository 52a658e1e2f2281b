/**
 * Bulk data for the back-office benchmark, generated inside the database (generate_series), so a million
 * cases take seconds instead of a million round trips: tenants with staff, teams and case types, cases in
 * every state, and files with documents whose versions carry German text for the full-text search.
 */
import { sql } from '../src/kernel/db/sql.ts';
import type { Db } from '../src/kernel/db/db.ts';
import { createTenant } from '../src/testing/factories.ts';

export interface BackofficeData {
  tenants: { id: string; slug: string; clerks: string[]; teams: string[]; types: string[] }[];
}

const WORDS = `Antrag Bescheid Gebühr Bewohnerparkausweis Meldebescheinigung Wohnsitz Anmeldung Abmeldung Ummeldung Personalausweis Reisepass
Baugenehmigung Bauantrag Nutzungsänderung Grundstück Flurstück Gemarkung Straßenreinigung Abfallgebühr Hundesteuer Grundsteuer Gewerbeanmeldung
Gewerbeabmeldung Sondernutzung Gaststätte Veranstaltung Marktplatz Parkplatz Verkehrszeichen Halteverbot Baustelle Widerspruch Anhörung Stellungnahme
Nachweis Unterlagen Frist Verlängerung Zahlung Kassenzeichen Mahnung Erstattung Ratenzahlung Stundung Vollstreckung Zustellung Postfach Einwohnermeldeamt
Ordnungsamt Bauamt Kämmerei Bürgermeister Gemeindevertretung Ausschuss Beschluss Sitzung Niederschrift Tagesordnung Vorlage Satzung Verordnung Friedhof
Grabstelle Nutzungsrecht Kita Betreuungsplatz Elternbeitrag Schule Schülerbeförderung Feuerwehr Brandschutz Lärmschutz Baumfällung Ersatzpflanzung
Denkmalschutz Wasserrecht Abwasser Anschlussbeitrag Straßenausbau Winterdienst Fundsache Hund Katze Wohngeld Sozialhilfe Unterkunft Miete Vermieter
Eigentümer Erbschein Vollmacht Betreuer Geburt Eheschließung Sterbefall Urkunde Beglaubigung Führungszeugnis Auskunft Datenschutz Akteneinsicht`.split(/\s+/);

const SURNAMES = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann'];
const FIRST = ['Anna', 'Lena', 'Marie', 'Sophie', 'Emma', 'Paul', 'Lukas', 'Felix', 'Jonas', 'Leon', 'Erika', 'Hans', 'Ute', 'Karl', 'Inge', 'Jürgen', 'Petra', 'Uwe', 'Birgit', 'Dieter'];

const WORKFLOW = {
  states: [
    { key: 'eingegangen', label: 'Eingegangen', kind: 'open', initial: true },
    { key: 'in_bearbeitung', label: 'In Bearbeitung', kind: 'open' },
    { key: 'rueckfrage', label: 'Rückfrage', kind: 'waiting' },
    { key: 'entschieden', label: 'Entschieden', kind: 'open' },
    { key: 'abgeschlossen', label: 'Abgeschlossen', kind: 'closed' },
  ],
  transitions: [
    { key: 'uebernehmen', label: 'Übernehmen', from: ['eingegangen'], to: 'in_bearbeitung', roles: ['clerk'] },
    { key: 'abschliessen', label: 'Abschließen', from: ['entschieden'], to: 'abgeschlossen', roles: ['clerk'] },
  ],
};

/** `tenants` municipalities with `casesPerTenant` cases each (5 case types, 5 teams, 30 clerks per tenant); the first one also holds `documents` documents. */
export async function generateBackoffice(db: Db, o: { tenants: number; casesPerTenant: number; documents: number; now: Date }): Promise<BackofficeData> {
  const out: BackofficeData = { tenants: [] };
  for (let k = 0; k < o.tenants; k++) {
    const t = await createTenant(db, { name: `Backoffice ${k + 1}` });
    const ids = await db.transaction(async (tx) => {
      const plan = (await tx.one<{ id: string }>(sql`insert into records_plan_items (tenant_id, code, title, retention_years, retention_action, created_at)
        values (${t.id}, '32.10', 'Einwohnerwesen', 10, 'delete', ${o.now}) returning id`))!.id;
      const clerks = await tx.rows<{ id: string }>(sql`insert into users (tenant_id, kind, email, display_name, password_hash, roles, email_verified_at)
        select ${t.id}, 'staff', 'clerk' || g || '-' || ${t.slug} || '@bench.example', 'Sachbearbeitung ' || g, 'x', '{clerk}', ${o.now}
        from generate_series(1, 30) g returning id`);
      const teams = await tx.rows<{ id: string }>(sql`insert into case_teams (tenant_id, name) select ${t.id}, 'Team ' || g from generate_series(1, 5) g returning id`);
      const clerkIds = clerks.map((r) => r.id);
      const teamIds = teams.map((r) => r.id);
      await tx.exec(sql`insert into case_team_members (tenant_id, team_id, user_id)
        select ${t.id}, (${teamIds}::uuid[])[1 + (g - 1) % 5], (${clerkIds}::uuid[])[g] from generate_series(1, 30) g`);
      const types = await tx.rows<{ id: string }>(sql`insert into case_types (tenant_id, key, name, team_id, plan_item_id, target_days, workflow)
        select ${t.id}, 'typ-' || g, 'Vorgangstyp ' || g, (${teamIds}::uuid[])[g], ${plan}, 30, ${JSON.stringify(WORKFLOW)}::jsonb from generate_series(1, 5) g returning id`);
      return { plan, clerkIds, teamIds, typeIds: types.map((r) => r.id) };
    });
    // Cases in chunks: 70 % closed, 25 % open (a fifth unassigned), 5 % waiting for the citizen; opened over two years.
    const chunk = 50_000;
    for (let from = 1; from <= o.casesPerTenant; from += chunk) {
      const to = Math.min(o.casesPerTenant, from + chunk - 1);
      await db.exec(sql`insert into cases (tenant_id, number, year, seq, type_id, team_id, subject, party, status, status_kind, assignee_id, source, source_ref,
          opened_at, due_at, paused_since, closed_at, updated_at)
        select ${t.id}, '32.10-' || (2025 + g % 2) || '-' || lpad(g::text, 7, '0'), 2025 + g % 2, g,
          (${ids.typeIds}::uuid[])[1 + g % 5], (${ids.teamIds}::uuid[])[1 + g % 5],
          (${WORDS}::text[])[1 + g % ${WORDS.length}] || ' ' || (${WORDS}::text[])[1 + (g * 7) % ${WORDS.length}],
          (${SURNAMES}::text[])[1 + (g * 3) % 20] || ', ' || (${FIRST}::text[])[1 + (g * 11) % 20],
          case when g % 20 < 14 then 'abgeschlossen' when g % 20 = 14 then 'rueckfrage' when g % 20 < 17 then 'eingegangen' else 'in_bearbeitung' end,
          case when g % 20 < 14 then 'closed' when g % 20 = 14 then 'waiting' else 'open' end,
          case when g % 20 = 15 then null else (${ids.clerkIds}::uuid[])[1 + (g * 13) % 30] end,
          'staff', null,
          ${o.now}::timestamptz - ((g % 730) || ' days')::interval,
          ${o.now}::timestamptz - ((g % 730) || ' days')::interval + interval '30 days',
          case when g % 20 = 14 then ${o.now}::timestamptz - ((g % 20) || ' days')::interval end,
          case when g % 20 < 14 then ${o.now}::timestamptz - ((g % 700) || ' days')::interval end,
          ${o.now}
        from generate_series(${from}::int, ${to}::int) g`);
    }
    await db.exec(sql`insert into case_counters (tenant_id, year, last) values (${t.id}, 2026, ${o.casesPerTenant})`);
    // Files of 5 documents each; one version per document with 40–80 words of German text.
    const files = k === 0 ? Math.ceil(o.documents / 5) : 0;
    await db.exec(sql`insert into records_files (tenant_id, plan_item_id, number, title, status, opened_at)
      select ${t.id}, ${ids.plan}, '32.10-2026-' || lpad(g::text, 6, '0'), 'Akte ' || g, 'open', ${o.now} from generate_series(1, ${files}::int) g`);
    await db.exec(sql`with f as (select id, row_number() over (order by number) as n from records_files where tenant_id = ${t.id})
      insert into records_documents (tenant_id, file_id, title, direction, correspondent, document_date, subject, created_at)
      select ${t.id}, f.id, (${WORDS}::text[])[1 + (f.n * 5 + d) % ${WORDS.length}] || ' ' || d, (array['incoming','outgoing','internal'])[1 + d % 3],
        (${SURNAMES}::text[])[1 + (f.n + d) % 20], (${o.now}::date - (f.n % 700)::int), '', ${o.now}
      from f cross join generate_series(1, 5) d`);
    await db.exec(sql`with docs as (select id, title, row_number() over (order by id) as n from records_documents where tenant_id = ${t.id}),
      texts as (select d.id, d.title, (select string_agg((${WORDS}::text[])[1 + ((d.n * 31 + w * 17 + w * w) % ${WORDS.length})], ' ') from generate_series(1, 40 + (d.n % 40)::int) w) as body from docs d)
      insert into records_document_versions (tenant_id, document_id, version, name, mime, size, sha256, content_text, search, created_at)
      select ${t.id}, id, 1, title || '.pdf', 'application/pdf', length(body), md5(body) || md5(title), body,
        setweight(to_tsvector('german', title), 'A') || to_tsvector('german', body), ${o.now} from texts`);
    out.tenants.push({ id: t.id, slug: t.slug, clerks: ids.clerkIds, teams: ids.teamIds, types: ids.typeIds });
  }
  await db.exec(sql`analyze`);
  return out;
}

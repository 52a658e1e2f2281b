/**
 * Public RIS search benchmark: one municipality with ~100,000 Drucksachen over 23 years (German text built from word
 * and sentence lists inside the database with generate_series), 3,000 meetings with 24,000 agenda items, 100,000
 * consultations and 20,000 files with extracted text. Measures the public pages in-process (fastify.inject, one
 * visitor at a time: the latency a person sees): the search overview over all kinds, a filtered paper page, an exact
 * Drucksachennummer and the paper list. Runs on a fresh PGlite, or on a fresh database of DATABASE_URL.
 *
 * The text is deliberately repetitive, a pessimistic case: each query word is found in 1–20 % of the papers, and one
 * ("Lärmgutachten") in the text of every file, so the search regularly meets more matches than its ranking window
 * (RANK_WINDOW in src/modules/council/search.repository.ts).
 *
 *   node --import tsx bench/ris-search.ts            # alone (also part of `npm run bench`)
 *   BENCH_RIS_PAPERS=20000 node --import tsx bench/ris-search.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/kernel/config/config.ts';
import { openPglite, openPostgres, type Db } from '../src/kernel/db/db.ts';
import { createPgDatabase } from '../src/kernel/db/testing.ts';
import { sql } from '../src/kernel/db/sql.ts';
import { buildPlatform } from '../src/platform.ts';
import { createTenant } from '../src/testing/factories.ts';
import type { LatencyStats } from './inprocess.ts';

const TOPICS = [
  'Bebauungsplan Nr. {n} „Am Mühlenteich“', 'Haushaltssatzung und Haushaltsplan', 'Satzung über die Erhebung von Elternbeiträgen in Kindertagesstätten',
  'Ausbau der Dorfstraße', 'Sanierung der Grundschule', 'Anschaffung eines Löschfahrzeugs für die Freiwillige Feuerwehr', 'Windenergieanlagen im Außenbereich',
  'Radweg entlang der Landesstraße', 'Straßenausbaubeiträge', 'Jahresabschluss des Eigenbetriebs Abwasser', 'Flächennutzungsplan, Änderung Nr. {n}',
  'Benennung einer Straße im Wohngebiet', 'Vergabe von Bauleistungen für das Gemeindezentrum', 'Friedhofssatzung und Gebührenordnung', 'Breitbandausbau im Ortsteil',
  'Zuschuss für den Sportverein', 'Städtebauliche Sanierungsmaßnahme Ortskern', 'Hundesteuersatzung', 'Wirtschaftsplan der Wohnungsgesellschaft',
  'Klimaschutzkonzept der Gemeinde', 'Photovoltaik auf kommunalen Dächern', 'Verkehrsberuhigung in der Schulstraße', 'Spielplatz am Mühlenteich',
  'Partnerschaft mit der Gemeinde Kórnik', 'Anfrage zur Schülerbeförderung', 'Stellungnahme zum Regionalen Raumentwicklungsprogramm', 'Winterdienst und Straßenreinigung',
];
const PLACES = ['Nord', 'Süd', 'Am Bahnhof', 'Lindenallee', 'Ortsteil Wiesenthal', 'Gewerbegebiet Ost', 'Kirchplatz', 'Seeufer', 'Mühlenweg', 'Schlossberg', 'Feldmark', 'Rosengarten'];
const SENTENCES = [
  'Die Gemeindevertretung hat in ihrer Sitzung die Aufstellung beschlossen.', 'Der Bauausschuss hat den Entwurf vorberaten und empfiehlt die Zustimmung.',
  'Die Kosten werden aus dem Ergebnishaushalt finanziert.', 'Fördermittel des Landes wurden beantragt; ein Bescheid liegt noch nicht vor.',
  'Die frühzeitige Beteiligung der Öffentlichkeit fand im Gemeindezentrum statt.', 'Die Träger öffentlicher Belange wurden beteiligt.',
  'Die Stellungnahmen wurden abgewogen; das Ergebnis ist in der Anlage dargestellt.', 'Der Entwurf liegt einen Monat öffentlich aus.',
  'Die Verwaltung schlägt vor, den Auftrag an den wirtschaftlichsten Bieter zu vergeben.', 'Die Gebührenkalkulation berücksichtigt die Kostenentwicklung der letzten drei Jahre.',
  'Das Amt für Bauen und Ordnung hat die Unterlagen geprüft.', 'Die Anwohnerinnen und Anwohner wurden in einer Versammlung informiert.',
  'Die Maßnahme ist im Investitionsprogramm enthalten.', 'Der Ortsbeirat hat sich einstimmig für die Variante zwei ausgesprochen.',
  'Die Freiwillige Feuerwehr benötigt ein neues Fahrzeug, weil das alte nicht mehr den Vorschriften entspricht.', 'Die Schülerzahlen steigen in den kommenden Jahren.',
  'Ein Lärmgutachten wurde in Auftrag gegeben.', 'Die Verkehrszählung ergab eine hohe Belastung in den Morgenstunden.',
  'Die Kreditaufnahme ist genehmigungspflichtig.', 'Der Jahresabschluss wurde vom Rechnungsprüfungsamt geprüft.',
  'Der Klimaschutzmanager stellt die Ergebnisse im Ausschuss vor.', 'Die Ausschreibung erfolgt öffentlich nach der VOB.',
  'Die Kindertagesstätte wird um eine Krippengruppe erweitert.', 'Die Straßenbeleuchtung wird auf LED umgestellt.',
  'Die Eigentümer der anliegenden Grundstücke werden zu Beiträgen herangezogen.', 'Die Windeignungsgebiete werden im Raumentwicklungsprogramm festgelegt.',
  'Ein Radweg verbessert die Sicherheit der Schülerinnen und Schüler.', 'Die Friedhofsgebühren decken die Kosten nicht mehr.',
  'Die Wohnungsgesellschaft plant den Neubau von vierzig Wohnungen.', 'Die Breitbandversorgung ist im Ortsteil unzureichend.',
  'Die Gemeinde beteiligt sich an dem Förderprogramm des Bundes.', 'Der Haushalt ist ausgeglichen; die Rücklage wird nicht in Anspruch genommen.',
];
const QUERIES = ['Bebauungsplan', 'Haushaltssatzung', 'Kita Elternbeiträge', 'Feuerwehr Löschfahrzeug', 'Radwege', 'Windenergie', 'Straßenausbaubeiträge', 'Mühlen', 'Lärmgutachten', 'Sanierung Grundschule'];

export interface RisSearchResult {
  engine: string;
  size: { papers: number; meetings: number; agendaItems: number; files: number; generateSeconds: number };
  overview: LatencyStats;
  filtered: LatencyStats;
  reference: LatencyStats;
  paperList: LatencyStats;
}

function stats(samples: number[], seconds: number, non2xx: number): LatencyStats {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { requests: s.length, seconds: r(seconds), perSecond: r(s.length / seconds), p50Ms: r(q(0.5)), p95Ms: r(q(0.95)), p99Ms: r(q(0.99)), maxMs: r(s.at(-1) ?? 0), non2xx };
}

/** Generates the council data of one municipality inside the database. */
export async function generateRis(db: Db, tenantId: string, papers: number, now: Date): Promise<{ bodyIds: string[]; reference: string; meetings: number; items: number; files: number }> {
  return db.transaction(async (tx) => {
    const bodies = await tx.rows<{ id: string }>(sql`insert into council_bodies (tenant_id, name, kind, legal_members, created_at, modified_at)
      select ${tenantId}, (array['Gemeindevertretung', 'Hauptausschuss', 'Bauausschuss', 'Finanzausschuss', 'Sozialausschuss', 'Ortsbeirat Wiesenthal'])[g],
        case when g = 1 then 'council' when g = 6 then 'ortsbeirat' else 'committee' end, 15, ${now}, ${now}
      from generate_series(1, 6) g returning id`);
    const bodyIds = bodies.map((b) => b.id);
    await tx.exec(sql`insert into council_terms (tenant_id, name, start_date, end_date, created_at, modified_at)
      select ${tenantId}, 'Wahlperiode ' || y || '–' || (y + 5), make_date(y, 6, 1), make_date(y + 5, 5, 31), ${now}, ${now} from generate_series(2004, 2024, 5) y`);
    const persons = await tx.rows<{ id: string }>(sql`insert into council_persons (tenant_id, family_name, given_name, created_at, modified_at)
      select ${tenantId}, (array['Müller','Schmidt','Becker','Hansen','Krüger','Lange','Möller','Nagel','Otto','Fuchs'])[1 + g % 10] || case when g > 10 then ' ' || g else '' end,
        (array['Anna','Jan','Maria','Uwe','Petra','Karl'])[1 + g % 6], ${now}, ${now} from generate_series(1, 120) g returning id`);
    await tx.exec(sql`insert into council_memberships (tenant_id, person_id, body_id, role, start_date, created_at, modified_at)
      select ${tenantId}, (${persons.map((p) => p.id)}::uuid[])[g], (${bodyIds}::uuid[])[1 + g % 6], case when g <= 6 then 'chair' else 'member' end, '2024-06-01', ${now}, ${now}
      from generate_series(1, 120) g`);
    // Papers: 2 % non-public, 1 % drafts, the rest released; six types; dates over 23 years.
    const chunk = 25_000;
    for (let from = 1; from <= papers; from += chunk) {
      const to = Math.min(papers, from + chunk - 1);
      await tx.exec(sql`insert into council_papers (tenant_id, reference, name, paper_type, date, body_text, resolution_proposal, status, public, created_at, modified_at)
        select ${tenantId},
          (array['BV','AN','AF','MI','ST','BE'])[1 + g % 6] || '/' || (2004 + g % 23) || '/' || lpad(g::text, 6, '0'),
          replace((${TOPICS}::text[])[1 + (g * 7) % ${TOPICS.length}], '{n}', (g % 97)::text) || ' – ' || (${PLACES}::text[])[1 + (g * 11) % ${PLACES.length}],
          (array['beschlussvorlage','antrag','anfrage','mitteilung','stellungnahme','bericht'])[1 + g % 6],
          make_date(2004 + g % 23, 1 + g % 12, 1 + g % 28),
          (${SENTENCES}::text[])[1 + g % ${SENTENCES.length}] || ' ' || (${SENTENCES}::text[])[1 + (g * 3) % ${SENTENCES.length}] || ' ' ||
            (${SENTENCES}::text[])[1 + (g * 5) % ${SENTENCES.length}] || ' ' || (${SENTENCES}::text[])[1 + (g * 13) % ${SENTENCES.length}] || ' ' ||
            (${SENTENCES}::text[])[1 + (g * 17) % ${SENTENCES.length}] || ' ' || (${SENTENCES}::text[])[1 + (g * 19) % ${SENTENCES.length}],
          'Die Gemeindevertretung beschließt: ' || (${SENTENCES}::text[])[1 + (g * 23) % ${SENTENCES.length}],
          case when g % 100 = 0 then 'draft' else 'released' end, g % 50 <> 0, ${now}, ${now}
        from generate_series(${from}::int, ${to}::int) g`);
    }
    // Consultations: every paper in one body.
    await tx.exec(sql`insert into council_consultations (tenant_id, paper_id, body_id, position, role, authoritative, created_at, modified_at)
      select ${tenantId}, p.id, (${bodyIds}::uuid[])[1 + (row_number() over (order by p.id))::int % 6], 0, 'deciding', true, ${now}, ${now}
      from council_papers p where p.tenant_id = ${tenantId}`);
    // Meetings over 23 years with eight items each (seven public, one non-public), results released for past meetings.
    const meetings = Math.max(100, Math.round(papers * 0.03));
    await tx.exec(sql`insert into council_meetings (tenant_id, body_id, name, starts_at, ends_at, state, minutes_state, created_at, modified_at)
      select ${tenantId}, (${bodyIds}::uuid[])[1 + g % 6], g || '. Sitzung', ${now}::timestamptz - (g * 2.8 || ' days')::interval + interval '400 days',
        ${now}::timestamptz - (g * 2.8 || ' days')::interval + interval '400 days 2 hours', case when g > 143 then 'held' else 'invited' end,
        case when g > 143 then 'released' else 'none' end, ${now}, ${now}
      from generate_series(1, ${meetings}::int) g`);
    await tx.exec(sql`with p as (select id, name, row_number() over (order by date, id) as rn from council_papers where tenant_id = ${tenantId}),
        mm as (select id, row_number() over (order by starts_at, id) as rn from council_meetings where tenant_id = ${tenantId})
      insert into council_agenda_items (tenant_id, meeting_id, position, number, name, public, paper_id, result, resolution_text, created_at, modified_at)
      select ${tenantId}, mm.id, k, case when k < 7 then 'Ö ' || (k + 1) else 'N 1' end, p.name, k < 7, p.id, 'einstimmig angenommen', 'Beschluss: ' || p.name, ${now}, ${now}
      from mm cross join generate_series(0, 7) k join p on p.rn = (mm.rn - 1) * 8 + k + 1`);
    // Files with extracted text for a fifth of the papers; one stored file serves them all (the search reads the text only).
    const stored = await tx.one<{ id: string }>(sql`insert into files (tenant_id, name, mime, size, sha256, content, created_at)
      values (${tenantId}, 'vorlage.pdf', 'application/pdf', 9, ${'0'.repeat(64)}, ${Buffer.from('%PDF-1.4 ')}, ${now}) returning id`);
    await tx.exec(sql`insert into council_files (tenant_id, stored_file_id, name, file_name, mime, size, sha512, paper_id, role, public, text_content, created_at, modified_at)
      select ${tenantId}, ${stored!.id}, 'Anlage zu ' || p.reference, 'Anlage.pdf', 'application/pdf', 9, ${'0'.repeat(128)}, p.id, 'attachment', true,
        p.body_text || ' ' || (${SENTENCES}::text[])[1 + (length(p.name) * 7) % ${SENTENCES.length}] || ' Anlage Lärmgutachten Seite 2.', ${now}, ${now}
      from council_papers p where p.tenant_id = ${tenantId} and p.reference like '%0' or p.tenant_id = ${tenantId} and p.reference like '%5'`);
    const ref = await tx.one<{ reference: string }>(sql`select reference from council_papers where tenant_id = ${tenantId} and public and status = 'released' order by reference limit 1 offset 1234`);
    const counts = await tx.one<{ m: number; i: number; f: number }>(sql`select (select count(*)::int from council_meetings where tenant_id = ${tenantId}) as m,
      (select count(*)::int from council_agenda_items where tenant_id = ${tenantId}) as i, (select count(*)::int from council_files where tenant_id = ${tenantId}) as f`);
    return { bodyIds, reference: ref!.reference, meetings: counts!.m, items: counts!.i, files: counts!.f };
  });
}

export async function runRisSearch(o: { papers: number; requests: number }): Promise<RisSearchResult> {
  const url = process.env.DATABASE_URL;
  let db: Db;
  let dropDb: () => Promise<void>;
  if (url) {
    const created = await createPgDatabase(url, 'amt_bench_ris');
    db = await openPostgres(created.url, { max: 4 });
    dropDb = async () => {
      await db.close();
      await created.drop();
    };
  } else {
    db = await openPglite({});
    dropDb = () => db.close();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'amt-bench-ris-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOBS: '0', PASSWORD_SCRYPT_LOG2N: '10', SECRET_KEY: 'bench-secret-key-long-enough-0123456789abcdef', BASE_URL: 'http://bench.local' });
  const running = await buildPlatform(config, { db });
  try {
    const now = new Date();
    const tenant = await createTenant(db, { name: 'Ratsdorf' });
    const t0 = performance.now();
    const data = await generateRis(db, tenant.id, o.papers, now);
    // Statistics and a merged visibility map, as autovacuum keeps them on a running server.
    await db.exec(sql`vacuum analyze`);
    const generateSeconds = Math.round((performance.now() - t0) / 100) / 10;
    const base = `/${tenant.slug}/rat`;
    const measure = async (path: (i: number) => string) => {
      for (let i = 0; i < 10; i++) await running.app.inject({ url: path(i) }); // warm-up
      const times: number[] = [];
      let bad = 0;
      const s0 = performance.now();
      for (let i = 0; i < o.requests; i++) {
        const s = performance.now();
        const res = await running.app.inject({ url: path(i) });
        times.push(performance.now() - s);
        if (res.statusCode !== 200) bad++;
      }
      return stats(times, (performance.now() - s0) / 1000, bad);
    };
    const q = (i: number) => encodeURIComponent(QUERIES[i % QUERIES.length]!);
    // Sanity: the search answers with hits, so the numbers below measure real work.
    const probe = await running.app.inject({ url: `${base}/suche?q=Bebauungsplan` });
    if (probe.statusCode !== 200 || !/Treffer für/.test(probe.body) || /Keine Treffer/.test(probe.body)) throw new Error(`RIS search probe failed (${probe.statusCode})`);
    const overview = await measure((i) => `${base}/suche?q=${q(i)}`);
    const filtered = await measure((i) => `${base}/suche?q=${q(i)}&art=drucksachen&typ=beschlussvorlage&gremium=${data.bodyIds[i % 6]}&seite=2`);
    const reference = await measure(() => `${base}/suche?q=${encodeURIComponent(data.reference)}`);
    const paperList = await measure((i) => (i % 2 ? `${base}/drucksachen?jahr=${2004 + (i % 23)}` : `${base}/drucksachen?seite=${1 + (i % 10)}`));
    return { engine: db.engine, size: { papers: o.papers, meetings: data.meetings, agendaItems: data.items, files: data.files, generateSeconds }, overview, filtered, reference, paperList };
  } finally {
    await running.close();
    await dropDb();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The result as markdown rows (the table format of bench/run.ts). */
export function risSearchReport(r: RisSearchResult): string {
  const fmt = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const row = (label: string, m: LatencyStats, note: string) => `| ${label} | ${note} | ${fmt(m.perSecond)} | ${fmt(m.p50Ms)} | ${fmt(m.p95Ms)} | ${fmt(m.p99Ms)} | ${m.requests} | ${m.non2xx} |`;
  return [
    `Database: ${r.engine} · ${r.size.papers.toLocaleString('en')} papers, ${r.size.meetings.toLocaleString('en')} meetings, ${r.size.agendaItems.toLocaleString('en')} agenda items, ${r.size.files.toLocaleString('en')} files with text (generated in ${r.size.generateSeconds} s)`,
    '| Scenario | How | req/s | p50 (ms) | p95 (ms) | p99 (ms) | requests | non-2xx |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    row('RIS search, all kinds (/rat/suche)', r.overview, '10 typical queries, counts per kind + best hits'),
    row('RIS search, papers, filtered, page 2', r.filtered, 'type + body filter, 20 hits per page'),
    row('RIS search, exact reference', r.reference, 'Drucksachennummer first'),
    row('RIS paper list (/rat/drucksachen)', r.paperList, 'newest first by page, or one year'),
  ].join('\n');
}

/** Target: the public search stays interactive at 100,000 papers. */
export const RIS_SEARCH_P95_TARGET_MS = 200;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const papers = Number(process.env.BENCH_RIS_PAPERS ?? 100_000);
  console.log(`RIS search: generating ${papers.toLocaleString('en')} papers …`);
  const r = await runRisSearch({ papers, requests: Number(process.env.BENCH_RIS_REQUESTS ?? 200) });
  console.log(`\n${risSearchReport(r)}\n`);
  const worst = Math.max(r.overview.p95Ms, r.filtered.p95Ms, r.reference.p95Ms, r.paperList.p95Ms);
  console.log(`RIS search p95 ≤ ${RIS_SEARCH_P95_TARGET_MS} ms: ${worst <= RIS_SEARCH_P95_TARGET_MS ? 'met' : 'NOT met'} (worst ${worst} ms)`);
}

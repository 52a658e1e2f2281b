import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from './kernel/config/config.ts';
import { openDb, type Db } from './kernel/db/db.ts';
import { migrate } from './kernel/db/migrate.ts';
import { verifyAudit } from './kernel/audit/audit.ts';
import { listTenants, MODULE_IDS } from './kernel/tenancy/tenancy.ts';
import { migrationDirs } from './platform.ts';
import { seedDemo } from './demo/seed.ts';
import { setOidcProvider } from './kernel/auth/oidc.ts';
import { audit } from './kernel/audit/audit.ts';
import type { IdentityLevel } from './kernel/auth/sessions.ts';
import { runEinvoiceCli, runEinvoiceImport } from './modules/einvoice/index.ts';
import { runBankCommand } from './modules/finance/bank/index.ts';

const USAGE = `Verwendung: amtsstube <Befehl>

Befehle:
  migrate                 Datenbank-Migrationen anwenden
  tenants list [--json]   Mitgliedskommunen auflisten
  audit verify            Hash-Kette des Audit-Protokolls prüfen (Exit-Code 1 bei Manipulation)
  demo seed               Demo-Daten in eine leere Datenbank schreiben
  oidc set --tenant SLUG --issuer URL --client-id ID --client-secret SECRET --name NAME
           [--level-claim CLAIM] [--level WERT=basic|substantial|high …]
                          OpenID-Connect-Anmeldung (z. B. Keycloak mit BundID) für eine Kommune einrichten
  einvoice inspect DATEI [--json]
                          E-Rechnung (XRechnung/UBL/CII/ZUGFeRD-PDF) lesen, Kennwerte und Prüfergebnis zeigen
  einvoice import DATEI --tenant SLUG [--json]
                          E-Rechnung für eine Kommune annehmen (Zuordnung über die Leitweg-ID, Prüfung, Dublettenprüfung)
  bank inspect DATEI [--json]
                          Kontoauszugsdatei (camt.052/053/054, MT940) lesen und zeigen, was erkannt wurde
  help                    Diese Hilfe

Konfiguration über Umgebungsvariablen (DATABASE_URL, DATA_DIR, …), siehe README.`;

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
}

/** Runs one CLI command on an open database; returns the exit code. Tests call this directly. */
export async function runCommand(db: Db, args: string[], io: CliIo, o: { log2N: number }): Promise<number> {
  const [cmd, sub, ...rest] = args;
  if (cmd === 'migrate') {
    const applied = await migrate(db, migrationDirs());
    io.out(applied.length ? `Angewendet: ${applied.join(', ')}` : 'Datenbank ist aktuell.');
    return 0;
  }
  if (cmd === 'tenants' && sub === 'list') {
    const tenants = await listTenants(db);
    if (rest.includes('--json')) {
      io.out(JSON.stringify(tenants.map((t) => ({ slug: t.slug, name: t.name, kind: t.kind, land: t.land, ags: t.ags, ars: t.ars, active: t.active, modules: MODULE_IDS.filter((m) => t.modules.has(m)) })), null, 2));
    } else {
      for (const t of tenants) io.out(`${t.slug.padEnd(20)} ${t.kind.padEnd(9)} ${t.land}  ${(t.ags ?? t.ars).padEnd(12)} ${t.name}`);
      io.out(`${tenants.length} Kommune(n)`);
    }
    return 0;
  }
  if (cmd === 'audit' && sub === 'verify') {
    const r = await verifyAudit(db);
    if (r.problems.length === 0) {
      io.out(`Audit-Protokoll unverändert: ${r.records} Einträge in ${r.chains} Kette(n) geprüft.`);
      return 0;
    }
    const label = { changed: 'verändert', missing: 'fehlt (gelöscht)', broken_link: 'Verkettung gebrochen', head_mismatch: 'Kettenende passt nicht (Eintrag am Ende gelöscht?)' };
    for (const p of r.problems) io.err(`Kette ${p.chain}, Eintrag ${p.seq}: ${label[p.problem]}`);
    io.err(`Audit-Protokoll MANIPULIERT: ${r.problems.length} Befund(e) bei ${r.records} Einträgen.`);
    return 1;
  }
  if (cmd === 'einvoice' && sub === 'import') return runEinvoiceImport(db, rest, io);
  if (cmd === 'demo' && sub === 'seed') {
    const done = await seedDemo(db, { log2N: o.log2N });
    io.out(done ? 'Demo-Daten angelegt.' : 'Datenbank enthält bereits Kommunen; nichts geändert.');
    return 0;
  }
  if (cmd === 'oidc' && sub === 'set') {
    const opt = (name: string) => {
      const i = rest.indexOf(`--${name}`);
      return i >= 0 ? rest[i + 1] : undefined;
    };
    const levels: Record<string, IdentityLevel> = {};
    rest.forEach((a, i) => {
      if (a !== '--level') return;
      const [k, v] = (rest[i + 1] ?? '').split('=');
      if (k && (v === 'basic' || v === 'substantial' || v === 'high')) levels[k] = v;
    });
    const slug = opt('tenant');
    const issuer = opt('issuer');
    const tenant = slug ? (await listTenants(db)).find((t) => t.slug === slug) : undefined;
    if (!tenant || !issuer || !/^https?:\/\//.test(issuer) || !opt('client-id') || !opt('client-secret') || !opt('name')) {
      io.err('Bitte --tenant (vorhandenes Kürzel), --issuer (URL), --client-id, --client-secret und --name angeben.');
      return 2;
    }
    await db.transaction(async (tx) => {
      await setOidcProvider(tx, tenant.id, { issuer, clientId: opt('client-id')!, clientSecret: opt('client-secret')!, displayName: opt('name')!, levelClaim: opt('level-claim') ?? 'acr', levelMap: levels });
      await audit(tx, { tenantId: tenant.id, actorId: null, actorKind: 'operator', action: 'tenant.oidc_configured', objectType: 'tenant', objectId: tenant.id }, new Date());
    });
    io.out(`OpenID-Connect-Anmeldung für ${tenant.name} eingerichtet (${issuer}).`);
    return 0;
  }
  if (!cmd || cmd === 'help' || cmd === '--help') {
    io.out(USAGE);
    return cmd ? 0 : 2;
  }
  io.err(`Unbekannter Befehl: ${args.join(' ')}\n\n${USAGE}`);
  return 2;
}

async function cli(): Promise<number> {
  const args = process.argv.slice(2);
  // Inspection needs no database: dispatched before loadConfig()/openDb().
  if (args[0] === 'bank') return runBankCommand(args.slice(1), { out: (s) => console.log(s), err: (s) => console.error(s) });
  if (args[0] === 'einvoice' && args[1] !== 'import') return runEinvoiceCli(args.slice(1), { out: (s) => console.log(s), err: (s) => console.error(s) });
  if (args.length === 0 || args[0] === 'help' || args[0] === '--help') {
    return runCommand(undefined as unknown as Db, args, { out: console.log, err: console.error }, { log2N: 15 });
  }
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
  const db = await openDb(config);
  try {
    if (args[0] !== 'migrate') await migrate(db, migrationDirs());
    return await runCommand(db, args, { out: (s) => console.log(s), err: (s) => console.error(s) }, { log2N: config.scryptLog2N });
  } finally {
    await db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  cli().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

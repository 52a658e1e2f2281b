/**
 * End-to-end browser tests of the public portal, the citizen account, the staff admin and the
 * operator area: real app process, real Chromium, axe-core (WCAG 2.1 A/AA) on every page visited.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { DEMO_PASSWORD, ROOT, expectNoAxeViolations, launchBrowser, startApp, type RunningApp } from './harness.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadConfig } from '../src/kernel/config/config.ts';
import { FixedClock } from '../src/kernel/clock.ts';
import { buildPlatform } from '../src/platform.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { renderLetter } from '../src/kernel/documents/pdf.ts';

const TENANT = 'amt-warnowtal';
const CITIZEN = { email: 'buerger@warnowtal.example', name: 'Berta Bürgerin' };
const STAFF_ADMIN = { email: 'admin@warnowtal.example', name: 'Anna Admin' };
const OPERATOR = { email: 'betrieb@amtsstube.example' };
const TEST_TIMEOUT = 90_000;

let app: RunningApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

before(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close().catch(() => {});
  await app?.stop();
});

async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.baseUrl, ...options });
  contexts.push(context);
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  return context.newPage();
}

async function expectLang(page: Page, lang: 'de' | 'en'): Promise<void> {
  assert.equal(await page.locator('html').getAttribute('lang'), lang, `<html lang> on ${page.url()}`);
}

function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

/** The anonymous CSRF cookie must exist before a form can be posted; fail clearly if it does not. */
async function expectCsrfCookie(page: Page): Promise<void> {
  const names = (await page.context().cookies()).map((c) => c.name);
  assert.ok(
    names.some((n) => /^(__Host-)?amt_(csrf|sid)$/.test(n)),
    `${pathOf(page)} rendered a form but set no CSRF cookie (amt_csrf); cookies: [${names.join(', ')}]`,
  );
}

/** Fills and submits a login form by its labels, as a user would, and waits for the redirect. */
async function logIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await expectCsrfCookie(page);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/anmelden'));
  await page.getByRole('main').getByRole('button', { name: 'Anmelden' }).click();
  const status = (await response).status();
  if (status !== 303) {
    await page.waitForLoadState();
    const h1 = await page.locator('h1').first().innerText().catch(() => '?');
    assert.fail(`login as ${email} answered ${status} instead of 303 („${h1}“)`);
  }
  await page.waitForURL((u) => !u.pathname.endsWith('/anmelden'));
}

test('public pages: start, municipality, legal pages, English and back – no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  const page = await newPage();
  const res = await page.goto('/');
  assert.equal(res?.status(), 200);
  await expectLang(page, 'de');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'Amt Warnowtal' }).click();
  await page.waitForURL(`**/${TENANT}`);
  await expectLang(page, 'de');
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Willkommen im Bürgerportal');
  await expectNoAxeViolations(page);

  const footer = page.getByRole('contentinfo');
  for (const [link, path] of [
    ['Impressum', 'impressum'],
    ['Datenschutz', 'datenschutz'],
    ['Barrierefreiheit', 'barrierefreiheit'],
  ] as const) {
    await footer.getByRole('link', { name: link, exact: true }).click();
    await page.waitForURL(`**/${TENANT}/${path}`);
    await expectLang(page, 'de');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectNoAxeViolations(page);
  }

  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForURL((u) => u.searchParams.get('lang') === 'en');
  assert.equal(pathOf(page), `/${TENANT}/barrierefreiheit`);
  await expectLang(page, 'en');
  await expectNoAxeViolations(page);
  // The choice sticks (cookie) while browsing.
  await page.getByRole('contentinfo').getByRole('link', { name: 'Legal notice (Impressum)' }).click();
  await page.waitForURL(`**/${TENANT}/impressum`);
  await expectLang(page, 'en');
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'Deutsch' }).click();
  await page.waitForURL((u) => u.searchParams.get('lang') === 'de');
  await expectLang(page, 'de');
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Impressum');
  await expectNoAxeViolations(page);

  // The other demo municipality has a different accent colour (theme.css): check it too.
  await page.goto('/');
  await page.getByRole('link', { name: 'Stadt Havelwerder' }).click();
  await page.waitForURL('**/havelwerder');
  await expectLang(page, 'de');
  await expectNoAxeViolations(page);
});

test('citizen logs in with the form, sees the account page and logs out', { timeout: TEST_TIMEOUT }, async () => {
  const page = await newPage();
  await page.goto(`/${TENANT}`);
  await page.getByRole('banner').getByRole('link', { name: 'Anmelden' }).click();
  await page.waitForURL(`**/${TENANT}/anmelden`);
  await expectNoAxeViolations(page);

  // A wrong password first: the error summary names the problem, the e-mail address is kept.
  await expectCsrfCookie(page);
  await page.getByLabel('E-Mail-Adresse').fill(CITIZEN.email);
  await page.getByLabel('Passwort', { exact: true }).fill('falsches-Passwort-123');
  const failed = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/${TENANT}/anmelden`);
  await page.getByRole('main').getByRole('button', { name: 'Anmelden' }).click();
  assert.equal((await failed).status(), 401);
  await page.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie die folgenden Angaben' }).waitFor();
  assert.equal(await page.getByLabel('E-Mail-Adresse').inputValue(), CITIZEN.email);
  await expectNoAxeViolations(page);

  await logIn(page, CITIZEN.email);
  assert.equal(pathOf(page), `/${TENANT}/konto`);
  await expectLang(page, 'de');
  await page.getByText(CITIZEN.name).first().waitFor();
  assert.match(await page.getByRole('banner').innerText(), new RegExp(`Angemeldet als ${CITIZEN.name}`));
  await page.getByRole('heading', { name: 'Passwort ändern' }).waitFor();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Alle über mich gespeicherten Daten ansehen und herunterladen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Meine Daten' }).waitFor();
  await expectNoAxeViolations(page);
  await page.goto(`/${TENANT}/konto/loeschen`);
  await page.getByRole('heading', { level: 1, name: 'Konto löschen' }).waitFor();
  await expectNoAxeViolations(page);
  await page.goto(`/${TENANT}/konto`);

  await page.getByRole('banner').getByRole('button', { name: 'Abmelden' }).click();
  await page.waitForURL((u) => u.pathname === `/${TENANT}`);
  await page.getByRole('status').filter({ hasText: 'Sie wurden abgemeldet.' }).waitFor();
  const banner = page.getByRole('banner');
  assert.equal(await banner.getByRole('button', { name: 'Abmelden' }).count(), 0);
  assert.equal(await banner.getByRole('link', { name: 'Anmelden' }).count(), 1);
  assert.doesNotMatch(await banner.innerText(), /Angemeldet als/);
  await expectNoAxeViolations(page);

  // The session is really gone: the account page asks for a login again.
  await page.goto(`/${TENANT}/konto`);
  assert.equal(pathOf(page), `/${TENANT}/anmelden`);
});

test('registration with bad input shows an error summary, keeps input and links to the fields', { timeout: TEST_TIMEOUT }, async () => {
  const page = await newPage();
  await page.goto(`/${TENANT}/registrieren`);
  await expectNoAxeViolations(page);
  await expectCsrfCookie(page);

  await page.getByLabel('Vor- und Nachname').fill('Erika Mustermann');
  await page.getByLabel('E-Mail-Adresse').fill('erika.example');
  await page.getByLabel('Passwort', { exact: true }).fill('kurz');
  await page.getByLabel('Passwort wiederholen').fill('kurz');
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/${TENANT}/registrieren`);
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  assert.equal((await response).status(), 422);

  const summary = page.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie die folgenden Angaben' });
  await summary.waitFor();
  assert.ok(await summary.isVisible());
  const links = summary.getByRole('link');
  const hrefs = await links.evaluateAll((els) => els.map((e) => e.getAttribute('href')));
  for (const href of ['#f-email', '#f-password', '#f-consent']) assert.ok(hrefs.includes(href), `summary links to ${href}: ${hrefs.join(', ')}`);
  assert.ok(!hrefs.includes('#f-name'), 'no error for the valid name');

  // What the user typed is still there (except passwords).
  assert.equal(await page.getByLabel('Vor- und Nachname').inputValue(), 'Erika Mustermann');
  assert.equal(await page.getByLabel('E-Mail-Adresse').inputValue(), 'erika.example');
  assert.equal(await page.getByLabel('Passwort', { exact: true }).inputValue(), '');

  // Inline errors, bound to their fields.
  for (const id of ['f-email', 'f-password', 'f-consent']) {
    const input = page.locator(`#${id}`);
    assert.equal(await input.getAttribute('aria-invalid'), 'true', `${id} aria-invalid`);
    assert.match((await input.getAttribute('aria-describedby')) ?? '', new RegExp(`\\b${id}-error\\b`));
    assert.ok(await page.locator(`#${id}-error`).isVisible(), `${id} inline error visible`);
    // Screen readers hear that it is an error, not just a sentence next to the field.
    assert.match((await page.locator(`#${id}-error`).textContent()) ?? '', /^\s*Fehler: \S/, `${id} error prefix`);
  }
  await expectNoAxeViolations(page);

  await summary.getByRole('link', { name: /gültige E-Mail-Adresse/ }).click();
  await page.waitForURL((u) => u.hash === '#f-email');
  const focusedId = await page.evaluate('document.activeElement && document.activeElement.id');
  assert.equal(focusedId, 'f-email', 'the e-mail field has the focus after following the summary link');
  assert.ok(await page.locator('#f-email').isVisible());

  await summary.getByRole('link', { name: /Datenschutzerklärung gelesen/ }).click();
  await page.waitForURL((u) => u.hash === '#f-consent');
  assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'f-consent');
});

test('staff admin settings and the operator area – no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  const staff = await newPage();
  await staff.goto(`/${TENANT}/anmelden`);
  await logIn(staff, STAFF_ADMIN.email);
  assert.equal(pathOf(staff), `/${TENANT}/verwaltung`);
  assert.match(await staff.getByRole('banner').innerText(), new RegExp(`Angemeldet als ${STAFF_ADMIN.name}`));
  await expectNoAxeViolations(staff);
  const settings = await staff.goto(`/${TENANT}/verwaltung/einstellungen`);
  assert.equal(settings?.status(), 200);
  assert.equal(pathOf(staff), `/${TENANT}/verwaltung/einstellungen`);
  await staff.getByRole('heading', { level: 1 }).waitFor();
  await expectNoAxeViolations(staff);

  const op = await newPage();
  await op.goto('/betrieb/anmelden');
  await expectNoAxeViolations(op);
  await logIn(op, OPERATOR.email);
  assert.equal(pathOf(op), '/betrieb');
  await op.getByRole('heading', { level: 1 }).waitFor();
  await expectNoAxeViolations(op);
  const outbox = await op.goto('/betrieb/postausgang');
  assert.equal(outbox?.status(), 200);
  await op.getByRole('heading', { level: 1 }).waitFor();
  await expectNoAxeViolations(op);

  // New municipality: the form with errors, then the municipality's page.
  await op.goto('/betrieb/kommunen/neu');
  await expectNoAxeViolations(op);
  await op.getByLabel('Kürzel in der Adresse').fill('Falsch!');
  await op.getByRole('button', { name: 'Neue Mitgliedskommune anlegen' }).click();
  await op.getByRole('alert').first().waitFor();
  await expectNoAxeViolations(op);
  await op.getByLabel('Name der Kommune').fill('Seedorf');
  await op.getByLabel('Kürzel in der Adresse').fill('seedorf');
  await op.getByLabel('Bundesland').selectOption('MV');
  await op.getByLabel('Amtlicher Gemeindeschlüssel').fill('13072950');
  await op.getByLabel('Amtlicher Regionalschlüssel').fill('130725599950');
  await op.getByLabel('E-Mail-Adresse der ersten Administration').fill('verwaltung@seedorf.example');
  await op.getByRole('button', { name: 'Neue Mitgliedskommune anlegen' }).click();
  await op.getByRole('heading', { level: 1, name: 'Gemeinde Seedorf' }).waitFor();
  assert.match(pathOf(op), /^\/betrieb\/kommunen\/[0-9a-f-]{36}$/);
  await expectNoAxeViolations(op);
});

test('service catalogue: search with a typo, Lebenslage, service page, admin editing – no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  for (const tenant of ['amt-warnowtal', 'havelwerder']) {
    const page = await newPage();
    await page.goto(`/${tenant}`);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Leistungen von A bis Z' }).click();
    await page.getByRole('heading', { level: 1, name: 'Leistungen von A bis Z' }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel('Leistung suchen').fill('Parkausweis');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.getByRole('heading', { name: /1 Treffer/ }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Bewohnerparkausweis beantragen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bewohnerparkausweis beantragen' }).waitFor();
    assert.match(await page.locator('main').innerText(), /pro Jahr/);
    await expectNoAxeViolations(page);
    await page.goto(`/${tenant}/leistungen?q=Raumschiff`);
    await page.getByText('haben wir keine Leistung gefunden').waitFor();
    await expectNoAxeViolations(page);
    await page.goto(`/${tenant}/leistungen/lebenslage/tiere`);
    await page.getByRole('link', { name: 'Hund zur Hundesteuer anmelden' }).waitFor();
    await expectNoAxeViolations(page);
  }
  const staff = await newPage();
  await staff.goto(`/${TENANT}/anmelden`);
  await logIn(staff, STAFF_ADMIN.email);
  await staff.getByRole('link', { name: 'Leistungen verwalten' }).click();
  await staff.getByRole('heading', { level: 1, name: 'Leistungen verwalten' }).waitFor();
  await expectNoAxeViolations(staff);
  await staff.getByRole('link', { name: 'Meldebescheinigung beantragen' }).click();
  await staff.getByLabel('Betrag in Euro', { exact: true }).fill('7,005');
  await staff.getByRole('button', { name: 'Speichern' }).click();
  await staff.getByRole('alert').first().waitFor();
  await expectNoAxeViolations(staff);
});

test('online form: Bewohnerparkausweis with an error, correction, review and submission – no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  for (const tenant of ['amt-warnowtal', 'havelwerder']) {
    // Register a new Bürgerkonto and confirm the address through the link in the mail (outbox).
    const email = `neu-${tenant}@example.org`;
    const page = await newPage();
    await page.goto(`/${tenant}/registrieren`);
    await page.getByLabel('Vor- und Nachname').fill('Nora Neu');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort', { exact: true }).fill('Ein sicheres Passwort 2026');
    await page.getByLabel('Passwort wiederholen').fill('Ein sicheres Passwort 2026');
    await page.getByLabel('Ich habe die Datenschutzerklärung gelesen.').check();
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.getByText('Wir haben Ihnen eine E-Mail geschickt').waitFor();
    await expectNoAxeViolations(page);
    let link: string | undefined;
    for (let i = 0; i < 40 && !link; i++) {
      const dir = join(app.dataDir, 'outbox');
      const files = existsSync(dir) ? readdirSync(dir) : [];
      for (const f of files) {
        const text = readFileSync(join(dir, f), 'utf8');
        if (text.includes(`To: ${email}`)) link = text.match(/https?:\/\/\S+bestaetigen\?token=\S+/)?.[0];
      }
      if (!link) await page.waitForTimeout(250);
    }
    assert.ok(link, 'confirmation mail in the outbox');
    await page.goto(new URL(link).pathname + new URL(link).search);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'E-Mail-Adresse bestätigen' }).click();
    await page.getByText('Ihre E-Mail-Adresse ist bestätigt').waitFor();
    await logIn(page, email, 'Ein sicheres Passwort 2026');
    await page.goto(`/${tenant}/leistungen?q=Bewohnerparkausweis`);
    await page.getByRole('link', { name: 'Bewohnerparkausweis beantragen' }).click();
    await page.getByRole('link', { name: 'Online beantragen' }).click();
    await page.getByText('Schritt 1 von 3').waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel('Straße und Hausnummer').fill('Lindenweg 4');
    await page.getByLabel('Postleitzahl').fill('123');
    await page.getByLabel('Ort', { exact: true }).fill('Havelwerder');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByRole('alert').first().waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel('Postleitzahl').fill('14712');
    await page.getByLabel('Ich bin unter dieser Anschrift mit Hauptwohnsitz gemeldet.').check();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByText('Schritt 2 von 3').waitFor();
    await page.getByLabel('Amtliches Kennzeichen').fill('HVL-AB 123');
    await page.getByLabel('Nein').check();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByRole('alert').first().waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel('Ja', { exact: true }).check();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByText('Schritt 3 von 3').waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel('Ab wann soll der Ausweis gelten?').fill('2026-12-01');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByRole('heading', { name: 'Angaben prüfen' }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Verbindlich absenden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bewohnerparkausweis beantragen' }).waitFor();
    await page.getByText('wartet auf Zahlung').first().waitFor();
    await expectNoAxeViolations(page);
    // Pay at the embedded provider (Testkasse); only its signed notification marks the fee as paid.
    await page.getByRole('button', { name: 'Jetzt online bezahlen' }).click();
    await page.getByRole('heading', { level: 1, name: /^Bezahlen:/ }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Jetzt bezahlen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Zahlung' }).waitFor();
    await expectNoAxeViolations(page);
    let paid = false;
    for (let i = 0; i < 40 && !paid; i++) {
      paid = (await page.getByText('ist eingegangen').count()) > 0;
      if (!paid) {
        await page.waitForTimeout(500);
        await page.reload();
      }
    }
    assert.ok(paid, 'payment confirmed by the provider notification');
    await page.goto(`/${tenant}/konto`);
    await page.getByRole('heading', { name: 'Meine Anträge' }).waitFor();
    await expectNoAxeViolations(page);

    // The clerk decides; the notice and the permit arrive in the postbox (background jobs).
    const clerk = await newPage();
    await clerk.goto(`/${tenant}/anmelden`);
    await logIn(clerk, `sachbearbeitung@${tenant === 'havelwerder' ? 'havelwerder' : 'warnowtal'}.example`);
    await clerk.goto(`/${tenant}/verwaltung/antraege`);
    await expectNoAxeViolations(clerk);
    await clerk.getByRole('link', { name: /^ANT-/ }).first().click();
    await clerk.getByRole('heading', { name: 'Angaben im Antrag' }).waitFor();
    await expectNoAxeViolations(clerk);
    if (tenant === 'amt-warnowtal') {
      // Warnowtal has the back office on: the application is a case (Vorgang) with four-eyes decisions.
      await clerk.getByRole('link', { name: 'Zum Vorgang' }).click();
      await clerk.getByRole('button', { name: /^Übernehmen/ }).click();
      await clerk.getByText('Die Zuständigkeit ist gespeichert.').waitFor();
      await expectNoAxeViolations(clerk);
      await clerk.getByRole('button', { name: 'Bearbeitung beginnen' }).click();
      await clerk.getByText('Der Schritt ist erledigt.').waitFor();
      await clerk.getByLabel('Entscheidung').selectOption('approved');
      await clerk.getByRole('button', { name: 'Entscheiden: zur Freigabe vorschlagen' }).click();
      await clerk.getByText('wartet jetzt auf die Freigabe').waitFor();
      await expectNoAxeViolations(clerk);
      const caseUrl = new URL(clerk.url()).pathname;
      const lead = await newPage();
      await lead.goto(`/${tenant}/anmelden`);
      await logIn(lead, 'leitung@warnowtal.example');
      await lead.goto(`/${tenant}/verwaltung/vorgaenge?ansicht=all`);
      await expectNoAxeViolations(lead);
      await lead.goto(caseUrl);
      await lead.getByRole('button', { name: 'Freigeben und entscheiden' }).click();
      await lead.getByText('Der Vorschlag ist freigegeben').waitFor();
      await expectNoAxeViolations(lead);
    } else {
      await clerk.getByLabel('Entscheidung').selectOption('approved');
      await clerk.getByRole('button', { name: 'Entscheiden' }).click();
      await clerk.getByText('Die Einstellungen wurden gespeichert.').or(clerk.getByText('entschieden').first()).first().waitFor();
    }

    let found = false;
    for (let i = 0; i < 40 && !found; i++) {
      await page.goto(`/${tenant}/konto/postfach`);
      await page.getByRole('link', { name: /Ihr Antrag ANT-/ }).first().click();
      found = (await page.getByRole('link', { name: /Bescheid: Bescheid ANT-/ }).count()) > 0;
      if (!found) await page.waitForTimeout(500);
    }
    assert.ok(found, 'notice arrived in the postbox');
    await expectNoAxeViolations(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Bescheid: Bescheid ANT-/ }).click()]);
    assert.match(download.suggestedFilename(), /^Bescheid-ANT-\d{4}-\d{6}\.pdf$/);
    // The last verification link belongs to the permit (Bewohnerparkausweis).
    await page.locator('a[href*="/pruefen/"]').last().click();
    await page.getByText('ist gültig').waitFor();
    assert.match(await page.locator('main').innerText(), /HVL-AB 123/);
    await expectNoAxeViolations(page);
  }
  const staff = await newPage();
  await staff.goto(`/${TENANT}/anmelden`);
  await logIn(staff, STAFF_ADMIN.email);
  await staff.getByRole('link', { name: 'Formulare verwalten' }).click();
  await expectNoAxeViolations(staff);
  await staff.getByRole('link', { name: 'Bewohnerparkausweis beantragen' }).click();
  await staff.getByRole('button', { name: 'Prüfen und Vorschau zeigen' }).click();
  await staff.getByRole('heading', { name: 'Vorschau' }).waitFor();
  await expectNoAxeViolations(staff);
  await staff.getByRole('button', { name: 'In die gemeinsame Formularbibliothek stellen' }).click();
  await staff.getByText('steht in der gemeinsamen Bibliothek').waitFor();
  // The other municipality's administration sees it in the library and can adopt it.
  const other = await newPage();
  await other.goto('/havelwerder/anmelden');
  await logIn(other, 'admin@havelwerder.example');
  await other.goto('/havelwerder/verwaltung/formulare/bibliothek');
  await other.getByText(/Bereitgestellt von Warnowtal/).first().waitFor();
  await expectNoAxeViolations(other);
  await other.goto('/havelwerder/verwaltung/formulare/import');
  await expectNoAxeViolations(other);
});

test('appointment booking: choose, reserve, confirm through the mail, calendar file, cancel – no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  const page = await newPage();
  await page.goto('/havelwerder');
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Termine' }).click();
  await page.getByRole('heading', { level: 1, name: 'Termin buchen' }).waitFor();
  await expectNoAxeViolations(page);
  await page.getByLabel('Anliegen').selectOption({ label: 'Personalausweis beantragen (30 Min.)' });
  await page.getByLabel('Standort').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Freie Termine anzeigen' }).click();
  await page.getByText('Freie Termine (30 Minuten)').waitFor();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Termin reservieren' }).click();
  await page.getByRole('alert').first().waitFor();
  await expectNoAxeViolations(page);
  await page.locator('input[name="start"]').first().check();
  await page.getByLabel('Vor- und Nachname', { exact: true }).fill('Tina Termin');
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('tina@example.org');
  await page.getByRole('button', { name: 'Termin reservieren' }).click();
  await page.getByRole('heading', { level: 1, name: 'Termin reserviert' }).waitFor();
  await expectNoAxeViolations(page);
  let link: string | undefined;
  for (let i = 0; i < 40 && !link; i++) {
    const dir = join(app.dataDir, 'outbox');
    for (const f of existsSync(dir) ? readdirSync(dir) : []) {
      const text = readFileSync(join(dir, f), 'utf8');
      if (text.includes('To: tina@example.org')) link = text.match(/https?:\/\/\S+\/termine\/\S+/)?.[0];
    }
    if (!link) await page.waitForTimeout(250);
  }
  assert.ok(link, 'confirmation mail in the outbox');
  await page.goto(new URL(link).pathname + new URL(link).search);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Termin bestätigen' }).click();
  await page.getByText('Ihr Termin ist bestätigt').waitFor();
  await expectNoAxeViolations(page);
  const [ics] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /In den Kalender/ }).click()]);
  assert.equal(ics.suggestedFilename(), 'termin.ics');
  await page.getByRole('link', { name: 'Termin verschieben' }).click();
  await page.getByRole('heading', { level: 1, name: 'Termin verschieben' }).waitFor();
  await expectNoAxeViolations(page, 'rebooking');
  await page.locator('input[name="start"]').nth(1).check();
  await page.getByRole('button', { name: 'Auf diesen Termin verschieben' }).click();
  await page.getByText('Ihr Termin ist verschoben').waitFor();
  await expectNoAxeViolations(page, 'rebooked');
  await page.getByRole('button', { name: 'Termin absagen' }).click();
  await page.getByText('Der Termin ist abgesagt').waitFor();
  await expectNoAxeViolations(page);
});

test('Terminvergabe Einrichtung: axe', { timeout: TEST_TIMEOUT }, async () => {
  const staff = await newPage();
  await staff.goto(`/${TENANT}/anmelden`);
  await logIn(staff, STAFF_ADMIN.email);
  await staff.getByRole('link', { name: 'Terminvergabe: Einrichtung' }).click();
  await staff.getByRole('heading', { level: 1, name: 'Terminvergabe einrichten' }).waitFor();
  await expectNoAxeViolations(staff);

  await staff.getByRole('link', { name: 'Bürgerbüro Lindenhagen' }).click();
  await staff.getByRole('heading', { level: 1, name: 'Standort bearbeiten' }).waitFor();
  assert.equal(await staff.locator('#f-d1-von1').inputValue(), '08:00');
  await expectNoAxeViolations(staff);
  // Invalid: Monday would close before it opens. Nothing is saved; the page shows the summary and the field error.
  await staff.locator('#f-d1-bis1').fill('07:00');
  await staff.getByRole('main').getByRole('button', { name: 'Speichern' }).click();
  await staff.getByRole('alert').first().waitFor();
  assert.match(await staff.getByRole('alert').first().innerText(), /Montag, 1\. Zeitraum/);
  await expectNoAxeViolations(staff);

  await staff.goto(`/${TENANT}/verwaltung/termine/einrichtung/regeln`);
  await staff.getByRole('heading', { level: 1, name: 'Regeln für Buchungen' }).waitFor();
  await expectNoAxeViolations(staff);

  await staff.goto(`/${TENANT}/verwaltung/termine/einrichtung/schliesstage`);
  await staff.getByRole('heading', { level: 1, name: 'Schließtage' }).waitFor();
  await expectNoAxeViolations(staff);
  // A closure appears in the table with its remove button (checked too), then is removed again.
  await staff.getByLabel('Tag', { exact: true }).fill('2030-06-12');
  await staff.getByLabel('Grund (freiwillig)').fill('Betriebsausflug');
  await staff.getByRole('button', { name: 'Schließtag eintragen' }).click();
  await staff.getByRole('cell', { name: 'Betriebsausflug' }).waitFor();
  await expectNoAxeViolations(staff);
  await staff.getByRole('button', { name: /^Entfernen\s*: Mittwoch, 12\.06\.2030/ }).click();
  await staff.getByText('Die Einstellungen wurden gespeichert.').waitFor();
  assert.equal(await staff.getByRole('cell', { name: 'Betriebsausflug' }).count(), 0);
});

test('Terminvergabe staff: day plan, check-in, display', { timeout: TEST_TIMEOUT }, async () => {
  // Check-in works only on the day of the appointment, so this test runs its own app in-process on a
  // fixed Monday morning (08:30 in Berlin) with the demo data, instead of the shared app on the real clock.
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsstube-e2e-termine-'));
  const clock = new FixedClock(new Date('2026-11-23T07:30:00Z'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', JOBS: '0', PASSWORD_SCRYPT_LOG2N: '10', SECRET_KEY: 'e2e-termine-secret-key-that-is-long-enough-0123', BASE_URL: 'http://127.0.0.1' });
  const running = await buildPlatform(config, { clock });
  try {
    await seedDemo(running.platform.db, { log2N: 10, now: clock.now() });
    await running.app.listen({ port: 0, host: '127.0.0.1' });
    const address = running.app.server.address();
    assert.ok(address && typeof address === 'object');
    const baseURL = `http://127.0.0.1:${address.port}`;
    const api = `/api/v1/${TENANT}/appointments`;
    const location = ((await running.app.inject({ url: `${api}/locations` })).json().data as { id: string; name: string }[]).find((l) => l.name === 'Bürgerbüro Lindenhagen')!;
    const service = ((await running.app.inject({ url: `${api}/services` })).json().data as { id: string; name: string }[]).find((s) => s.name === 'Personalausweis beantragen')!;
    const slots = (await running.app.inject({ url: `${api}/slots?service=${service.id}&location=${location.id}&from=2026-11-23&to=2026-11-23` })).json().data as { start: string }[];
    assert.ok(slots.length > 0, 'free slots today');
    for (const [i, name] of ['Tina Termin', 'Udo Umzug'].entries()) {
      const res = await running.app.inject({ method: 'POST', url: api, payload: { service: service.id, location: location.id, start: slots[0]!.start, name, email: `e2e-${i}@example.org` }, remoteAddress: `10.1.2.${i + 1}` });
      assert.equal(res.statusCode, 201, res.body);
    }

    const context = await browser.newContext({ baseURL });
    contexts.push(context);
    context.setDefaultTimeout(15_000);
    const staff = await context.newPage();
    await staff.goto(`/${TENANT}/anmelden`);
    await logIn(staff, 'sachbearbeitung@warnowtal.example');
    await staff.getByRole('link', { name: 'Terminvergabe: Tagesplan' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Terminvergabe: Tagesplan' }).waitFor();
    await staff.getByLabel('Standort').selectOption({ label: location.name });
    await staff.getByRole('button', { name: 'Tagesplan anzeigen' }).click();
    await staff.getByRole('cell', { name: 'Tina Termin', exact: true }).waitFor();
    await expectNoAxeViolations(staff, 'day plan');

    await staff.getByRole('button', { name: /^Einchecken \(.*Tina Termin\)$/ }).click();
    await staff.getByText('Eingecheckt.').waitFor();
    await staff.getByText(/A001 eingecheckt um 08:30 Uhr/).waitFor();
    await expectNoAxeViolations(staff, 'day plan after check-in');
    await staff.getByRole('button', { name: /^Einchecken \(.*Udo Umzug\)$/ }).click();
    await staff.getByText(/A002 eingecheckt/).waitFor();

    const screen = await (await browser.newContext({ baseURL })).newPage();
    contexts.push(screen.context());
    await screen.goto(`/${TENANT}/termine/aufruf/${location.id}`);
    await screen.getByRole('heading', { level: 1, name: `Aufruf: ${location.name}` }).waitFor();
    assert.equal((await screen.locator('#aufruf-neu').innerText()).trim(), 'Noch kein Aufruf.');
    assert.deepEqual(await screen.locator('#aufruf-wartend li').allInnerTexts(), ['A001', 'A002']);
    await expectNoAxeViolations(screen, 'calling display');

    // Calling in the day plan; the display follows by itself (aufruf.js polls every 5 s).
    await staff.getByLabel(/Aufrufen an Platz/).first().selectOption('2');
    await staff.getByRole('button', { name: /^Aufrufen \(.*Tina Termin\)$/ }).click();
    await staff.getByText('Aufgerufen.').waitFor();
    await staff.getByText(/aufgerufen an Platz 2 \(Wartenummer A001\)/).waitFor();
    await screen.locator('#aufruf-neu', { hasText: 'A001' }).waitFor({ timeout: 12_000 });
    assert.match(await screen.locator('#aufruf-neu').innerText(), /A001\s+bitte zu\s+Platz 2/);
    assert.equal(await screen.locator('#aufruf-neu').getAttribute('aria-live'), 'polite');
    assert.deepEqual(await screen.locator('#aufruf-wartend li').allInnerTexts(), ['A002']);
    assert.doesNotMatch(await screen.locator('main').innerText(), /Tina|Udo/, 'no names on the waiting-room screen');
    await expectNoAxeViolations(screen, 'calling display after a call');

    await staff.getByRole('link', { name: 'Statistik' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Terminvergabe: Statistik' }).waitFor();
    await staff.getByRole('rowheader', { name: location.name }).waitFor();
    await expectNoAxeViolations(staff, 'statistics');
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('Terminvergabe waitlist: join, confirm by mail, a cancelled slot is offered and booked – no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  // Runs its own app in-process on a fixed Monday morning so the test can fill a day and run the jobs itself.
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsstube-e2e-warteliste-'));
  const clock = new FixedClock(new Date('2026-11-23T07:30:00Z'));
  const mails: { to: string; subject: string; text: string }[] = [];
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', JOBS: '0', PASSWORD_SCRYPT_LOG2N: '10', SECRET_KEY: 'e2e-warteliste-secret-key-long-enough-0123456', BASE_URL: 'http://127.0.0.1' });
  const running = await buildPlatform(config, { clock, mail: { send: async (m) => void mails.push(m) } });
  const drain = async () => {
    for (let i = 0; i < 10 && (await running.platform.runJobs()) > 0; i++);
  };
  const mailedLink = (to: string, subject: RegExp) => {
    const m = mails.findLast((x) => x.to === to && subject.test(x.subject));
    assert.ok(m, `mail „${subject.source}“ to ${to}`);
    const url = new URL(m.text.match(/https?:\/\/\S+/)![0]);
    return url.pathname + url.search;
  };
  try {
    await seedDemo(running.platform.db, { log2N: 10, now: clock.now() });
    await running.app.listen({ port: 0, host: '127.0.0.1' });
    const address = running.app.server.address();
    assert.ok(address && typeof address === 'object');
    const api = `/api/v1/${TENANT}/appointments`;
    const location = ((await running.app.inject({ url: `${api}/locations` })).json().data as { id: string; name: string }[]).find((l) => l.name === 'Außenstelle Ostrau am See')!;
    const service = ((await running.app.inject({ url: `${api}/services` })).json().data as { id: string; name: string }[]).find((s) => s.name === 'Wohnsitz anmelden oder ummelden')!;
    const day = '2026-11-25';
    const slots = (await running.app.inject({ url: `${api}/slots?service=${service.id}&location=${location.id}&from=${day}&to=${day}` })).json().data as { start: string }[];
    assert.equal(slots.length, 16, 'Wednesday 8–12, one counter, 15 minutes');
    const booked: { id: string; cancelToken: string }[] = [];
    for (const [i, slot] of slots.entries()) {
      const res = await running.app.inject({ method: 'POST', url: api, payload: { service: service.id, location: location.id, start: slot.start, name: `Person ${i}`, email: `voll-${i}@example.org` }, remoteAddress: `10.3.0.${i + 1}` });
      assert.equal(res.statusCode, 201, res.body);
      booked.push(res.json());
    }

    const context = await browser.newContext({ baseURL: `http://127.0.0.1:${address.port}` });
    contexts.push(context);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`/${TENANT}/termine`);
    await page.getByLabel('Anliegen').selectOption({ label: 'Wohnsitz anmelden oder ummelden (15 Min.)' });
    await page.getByLabel('Standort').selectOption({ label: `${location.name}, Seestraße 2, 18249 Ostrau am See` });
    await page.getByRole('button', { name: 'Freie Termine anzeigen' }).click();
    await page.getByText('Kein passender Termin? Auf die Warteliste').click();
    await expectNoAxeViolations(page, 'chooser with the waitlist form open');
    await page.getByLabel('Vor- und Nachname (Warteliste)').fill('Wilma Warteliste');
    await page.getByLabel('E-Mail-Adresse (Warteliste)').fill('wilma@example.org');
    await page.getByLabel('Frühestens am').fill(day);
    await page.getByLabel('Spätestens am').fill(day);
    await page.getByRole('button', { name: 'Auf die Warteliste setzen' }).click();
    await page.getByText(/Bitte bestätigen Sie Ihren Platz auf der Warteliste/).waitFor();
    await expectNoAxeViolations(page, 'waitlist joined');

    await drain();
    const entryLink = mailedLink('wilma@example.org', /Warteliste/);
    await page.goto(entryLink);
    await page.getByRole('heading', { level: 1, name: 'Ihr Platz auf der Warteliste' }).waitFor();
    await expectNoAxeViolations(page, 'waitlist entry');
    await page.getByRole('button', { name: 'Platz auf der Warteliste bestätigen' }).click();
    await page.getByText('Sie stehen jetzt auf der Warteliste').waitFor();
    await page.getByText('Platz in der Reihe').waitFor();
    await expectNoAxeViolations(page, 'waitlist entry confirmed');
    await drain();
    assert.ok(!mails.some((m) => m.to === 'wilma@example.org' && /frei geworden/.test(m.subject)), 'nothing free yet');

    // Someone cancels: the place is offered to the first in line and held for her.
    const freed = booked[5]!;
    assert.equal((await running.app.inject({ method: 'DELETE', url: `${api}/${freed.id}?token=${freed.cancelToken}` })).statusCode, 204);
    await drain();
    await page.goto(mailedLink('wilma@example.org', /frei geworden/));
    await page.getByText(/Angebot von der Warteliste/).waitFor();
    await expectNoAxeViolations(page, 'offered appointment');
    await page.getByRole('button', { name: 'Termin bestätigen' }).click();
    await page.getByText('Ihr Termin ist bestätigt').waitFor();
    await expectNoAxeViolations(page, 'offer accepted');
    assert.match(await page.locator('main').innerText(), new RegExp(`${slots[5]!.start.slice(11, 16)}`));
    await page.goto(entryLink);
    await page.getByText('erledigt: Termin gebucht').waitFor();
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('back office: application → case, assign, Rückfrage answered by the citizen, four-eyes decision, notice in the E-Akte and postbox; inbound letter assigned – no axe violations', { timeout: 240_000 }, async () => {
  const T = TENANT;
  /** Reloads until `check` holds (background jobs run every second in the app). */
  const until = async (page: Page, what: string, check: () => Promise<boolean>) => {
    for (let i = 0; i < 40; i++) {
      if (await check()) return;
      await page.waitForTimeout(500);
      await page.reload();
    }
    assert.fail(`timed out waiting for: ${what}`);
  };

  // The citizen applies for a Bewohnerparkausweis and pays at the embedded Testkasse.
  const citizen = await newPage();
  await citizen.goto(`/${T}/anmelden`);
  await logIn(citizen, CITIZEN.email);
  await citizen.goto(`/${T}/leistungen?q=Bewohnerparkausweis`);
  await citizen.getByRole('link', { name: 'Bewohnerparkausweis beantragen' }).click();
  await citizen.getByRole('link', { name: 'Online beantragen' }).click();
  await citizen.getByText('Schritt 1 von 3').waitFor();
  await citizen.getByLabel('Straße und Hausnummer').fill('Am Markt 7');
  await citizen.getByLabel('Postleitzahl').fill('18249');
  await citizen.getByLabel('Ort', { exact: true }).fill('Lindenhagen');
  await citizen.getByLabel('Ich bin unter dieser Anschrift mit Hauptwohnsitz gemeldet.').check();
  await citizen.getByRole('button', { name: 'Weiter' }).click();
  await citizen.getByText('Schritt 2 von 3').waitFor();
  await citizen.getByLabel('Amtliches Kennzeichen').fill('LRO-BB 2026');
  await citizen.getByLabel('Ja', { exact: true }).check();
  await citizen.getByRole('button', { name: 'Weiter' }).click();
  await citizen.getByText('Schritt 3 von 3').waitFor();
  await citizen.getByLabel('Ab wann soll der Ausweis gelten?').fill('2026-12-01');
  await citizen.getByRole('button', { name: 'Weiter' }).click();
  await citizen.getByRole('heading', { name: 'Angaben prüfen' }).waitFor();
  await citizen.getByRole('button', { name: 'Verbindlich absenden' }).click();
  await citizen.getByText('wartet auf Zahlung').first().waitFor();
  const ant = (await citizen.locator('main').innerText()).match(/ANT-\d{4}-\d{6}/)?.[0];
  assert.ok(ant, 'application number on the landing page');
  await citizen.getByRole('button', { name: 'Jetzt online bezahlen' }).click();
  await citizen.getByRole('heading', { level: 1, name: /^Bezahlen:/ }).waitFor();
  await citizen.getByRole('button', { name: 'Jetzt bezahlen' }).click();
  await citizen.getByRole('heading', { level: 1, name: 'Zahlung' }).waitFor();
  await until(citizen, 'payment confirmed', async () => (await citizen.getByText('ist eingegangen').count()) > 0);

  // The clerk finds the new case among the unassigned ones and takes it over.
  const clerk = await newPage();
  await clerk.goto(`/${T}/anmelden`);
  await logIn(clerk, 'sachbearbeitung@warnowtal.example');
  await clerk.goto(`/${T}/verwaltung/vorgaenge`);
  await clerk.getByRole('link', { name: 'Nicht zugewiesen' }).click();
  await clerk.getByRole('row', { name: new RegExp(ant) }).waitFor();
  await expectNoAxeViolations(clerk, 'worklist: Nicht zugewiesen');
  await clerk.getByRole('row', { name: new RegExp(ant) }).getByRole('button', { name: /^Übernehmen/ }).click();
  await clerk.getByText('Die Zuständigkeit ist gespeichert.').waitFor();
  await clerk.getByRole('row', { name: new RegExp(ant) }).getByRole('link').first().click();
  await clerk.getByRole('heading', { level: 1, name: new RegExp(ant) }).waitFor();
  const caseUrl = new URL(clerk.url()).pathname;
  const caseNumber = (await clerk.locator('.kern-description-list-item', { hasText: 'Aktenzeichen' }).locator('dd').innerText()).trim();
  assert.match(caseNumber, /^32\.20-\d{4}-\d{6}$/);
  await expectNoAxeViolations(clerk, 'case page');
  await clerk.getByRole('button', { name: 'Bearbeitung beginnen' }).click();
  await clerk.getByText('Der Schritt ist erledigt.').waitFor();
  await clerk.getByLabel(/^Ihre Frage an die Antragstellerin/).fill('Bitte bestätigen Sie, dass das Fahrzeug überwiegend in Lindenhagen steht.');
  await clerk.getByRole('button', { name: 'Rückfrage stellen' }).click();
  await clerk.getByText('Der Schritt ist erledigt.').waitFor();
  await clerk.getByText('pausiert seit').first().waitFor();

  // The citizen answers the Rückfrage in the postbox.
  await citizen.goto(`/${T}/konto/postfach`);
  await citizen.getByRole('link', { name: new RegExp(`Ihr Antrag ${ant}`) }).first().click();
  await citizen.getByText('überwiegend in Lindenhagen steht').waitFor();
  await expectNoAxeViolations(citizen, 'postbox thread with the Rückfrage');
  await citizen.getByLabel('Ihre Antwort').fill('Ja, das Auto steht vor dem Haus Am Markt 7.');
  await citizen.getByRole('button', { name: 'Antwort senden' }).click();
  await citizen.getByText('Ihre Antwort wurde gesendet.').waitFor();

  // Back in progress: the clerk proposes the decision; the head of section approves it (four eyes).
  await clerk.goto(caseUrl);
  await clerk.getByText('Antwort der Bürgerin oder des Bürgers').waitFor();
  await clerk.getByLabel('Entscheidung', { exact: true }).selectOption('approved');
  await clerk.getByRole('button', { name: 'Entscheiden: zur Freigabe vorschlagen' }).click();
  await clerk.getByText('wartet jetzt auf die Freigabe').waitFor();
  const lead = await newPage();
  await lead.goto(`/${T}/anmelden`);
  await logIn(lead, 'leitung@warnowtal.example');
  await lead.goto(caseUrl);
  await lead.getByRole('button', { name: 'Freigeben und entscheiden' }).click();
  await lead.getByText('Der Vorschlag ist freigegeben').waitFor();
  await expectNoAxeViolations(lead, 'case page after the approval');

  // The notice is produced by a job: filed as outgoing in the E-Akte of the case and delivered to the postbox.
  await clerk.goto(caseUrl);
  await until(clerk, 'notice in the E-Akte', async () => (await clerk.getByRole('row', { name: new RegExp(`Bescheid ${ant}.*ausgehend`) }).count()) > 0);
  await expectNoAxeViolations(clerk, 'case page with the notice');
  await citizen.goto(`/${T}/konto/postfach`);
  await citizen.getByRole('link', { name: new RegExp(`Ihr Antrag ${ant}`) }).first().click();
  await until(citizen, 'notice in the postbox', async () => (await citizen.getByRole('link', { name: new RegExp(`Bescheid: Bescheid ${ant}`) }).count()) > 0);

  // Posteingang: a letter from the citizen arrives on paper, is scanned, stamped and filed into the case.
  const scan = await renderLetter({
    letterhead: { authority: 'Berta Bürgerin', address: ['Am Markt 7', '18249 Lindenhagen'], contact: [] },
    recipient: ['Amt Warnowtal', 'Am Markt 1', '18249 Lindenhagen'],
    date: '20.11.2026',
    reference: ant,
    subject: 'Nachreichung Fahrzeugschein',
    body: [{ text: 'Anbei die Kopie des Fahrzeugscheins zu meinem Antrag.' }],
  });
  await clerk.goto(`/${T}/verwaltung/posteingang`);
  await clerk.getByRole('heading', { level: 1, name: 'Posteingang' }).waitFor();
  await expectNoAxeViolations(clerk, 'inbox');
  await clerk.getByLabel('Datei', { exact: true }).setInputFiles({ name: 'nachreichung.pdf', mimeType: 'application/pdf', buffer: scan });
  await clerk.getByLabel('Absender', { exact: true }).fill('Berta Bürgerin, Am Markt 7, 18249 Lindenhagen');
  await clerk.getByLabel('Betreff (freiwillig)').fill('Nachreichung Fahrzeugschein');
  await clerk.getByRole('button', { name: 'Eingang speichern' }).click();
  await clerk.getByText('hat seinen Eingangsstempel').waitFor();
  const stamp = (await clerk.getByRole('heading', { level: 1 }).innerText()).match(/PE-\d{4}-\d{6}/)?.[0];
  assert.ok(stamp, 'receipt number on the item page');
  await clerk.getByText('Anbei die Kopie des Fahrzeugscheins').first().waitFor({ state: 'attached' });
  await expectNoAxeViolations(clerk, 'inbox item');
  await clerk.getByLabel('Aktenzeichen, Betreff oder Name im Vorgang').fill(caseNumber);
  await clerk.getByRole('button', { name: 'Vorgänge suchen' }).click();
  await clerk.getByRole('table', { name: 'Gefundene offene Vorgänge' }).waitFor();
  await expectNoAxeViolations(clerk, 'inbox item with the case search');
  await clerk.getByRole('row', { name: new RegExp(caseNumber.replace(/\./g, '\\.')) }).getByRole('button', { name: /^Zuordnen/ }).click();
  await clerk.getByText('Der Eingang ist zugeordnet').waitFor();
  assert.equal(new URL(clerk.url()).pathname, caseUrl, 'back on the case page');
  await clerk.getByRole('row', { name: new RegExp(`Nachreichung Fahrzeugschein \\(Eingang ${stamp}\\).*eingehend`) }).waitFor();
  await expectNoAxeViolations(clerk, 'case page with the inbound letter');
  await clerk.goto(`/${T}/verwaltung/posteingang`);
  await clerk.getByRole('table', { name: 'Zuletzt zugeordnete Eingänge' }).getByRole('row', { name: new RegExp(stamp) }).waitFor();

  // Postausgang: a letter to someone without a Bürgerkonto goes into a print batch.
  await clerk.goto(`/${T}/verwaltung/vorgaenge?ansicht=all&suche=${encodeURIComponent('Hanna Hinz')}`);
  await clerk.getByRole('row', { name: /Hanna Hinz/ }).getByRole('link').first().click();
  await clerk.getByRole('heading', { level: 2, name: 'Schreiben versenden' }).waitFor();
  await clerk.getByLabel('Betreff des Schreibens').fill('Ihr Bewohnerparkausweis Zone B');
  await clerk.getByLabel('Text des Schreibens').fill('Sehr geehrte Frau Hinz,\n\nbitte reichen Sie eine Meldebescheinigung nach.');
  await clerk.getByLabel('Anschrift', { exact: true }).fill('Hanna Hinz\nSeestraße 9\n18249 Ostrau am See');
  await clerk.getByRole('button', { name: 'Schreiben versenden' }).click();
  await clerk.getByText('wartet im Postausgang auf den Druckstapel').waitFor();
  await clerk.goto(`/${T}/verwaltung/vorgaenge/druck`);
  await clerk.getByRole('row', { name: /Ihr Bewohnerparkausweis Zone B/ }).waitFor();
  await expectNoAxeViolations(clerk, 'print page');
  await clerk.getByRole('button', { name: 'Druckstapel erstellen' }).click();
  await clerk.getByText('Der Druckstapel ist erstellt').waitFor();
  await expectNoAxeViolations(clerk, 'print page with the new batch');
  const [batch] = await Promise.all([clerk.waitForEvent('download'), clerk.getByRole('link', { name: 'Druckstapel herunterladen (PDF)' }).click()]);
  assert.match(batch.suggestedFilename(), /^Druckstapel-\d{4}-\d{2}-\d{2}\.pdf$/);
});

test('works without JavaScript: citizen login reaches the account page', { timeout: TEST_TIMEOUT }, async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(`/${TENANT}/anmelden`);
  await logIn(page, CITIZEN.email);
  assert.equal(pathOf(page), `/${TENANT}/konto`);
  await page.getByText(CITIZEN.name).first().waitFor();
  await page.getByRole('heading', { name: 'Passwort ändern' }).waitFor();
});

test('unknown pages give a German 404 with a reference number', { timeout: TEST_TIMEOUT }, async () => {
  const page = await newPage();
  for (const path of [`/${TENANT}/gibt-es-nicht`, '/gibt-es-nicht/auch-nicht']) {
    const res = await page.goto(path);
    assert.equal(res?.status(), 404, path);
    await expectLang(page, 'de');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Seite nicht gefunden');
    assert.match(await page.getByRole('main').innerText(), /Referenznummer: [2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\./);
    await expectNoAxeViolations(page);
  }
});

test('screenshot of the amt-warnowtal start page for the docs', { timeout: TEST_TIMEOUT }, async () => {
  // bypassCSP only so the screenshot's extra style (below) may be injected; the page itself is unchanged.
  const page = await newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  await page.goto(`/${TENANT}`);
  await page.evaluate('document.fonts.ready.then(() => true)');
  const dir = join(ROOT, 'docs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'screenshot.png');
  // KERN reserves a scrollbar gutter; leave it out so the image shows just the page.
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', style: 'html { scrollbar-gutter: auto; } ::-webkit-scrollbar { display: none; }' });
  const png = readFileSync(file);
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal(png.readUInt32BE(16), 1280, 'screenshot width');
});

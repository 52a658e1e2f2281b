/**
 * Browser test of the E-Akte: a clerk files a document, finds it with the German full-text search and grants
 * the citizen a time-limited Akteneinsicht; the citizen reads the document in the Bürgerkonto; the clerk sees
 * the citizen's view in the access log. The registry pages (Aktenplan, Aussonderung) pass axe too.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, expectNoAxeViolations, launchBrowser, startApp, type RunningApp } from './harness.ts';

const TENANT = 'amt-warnowtal';
const TIMEOUT = 120_000;
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

async function loggedIn(email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.baseUrl });
  contexts.push(context);
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(`/${TENANT}/anmelden`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('main').getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL((u) => !u.pathname.endsWith('/anmelden'));
  return page;
}

test('E-Akte: file a document, find it, grant Akteneinsicht; the citizen reads it and the clerk sees the access – no axe violations', { timeout: TIMEOUT }, async () => {
  const clerk = await loggedIn('sachbearbeitung@warnowtal.example');
  await clerk.goto(`/${TENANT}/verwaltung/akten`);
  await clerk.getByRole('heading', { level: 1, name: 'E-Akte' }).waitFor();
  await expectNoAxeViolations(clerk, 'file list');
  await clerk.getByRole('table').getByRole('link').first().click();
  await clerk.getByText('Aktenzeichen').first().waitFor();
  const fileUrl = new URL(clerk.url()).pathname;
  await expectNoAxeViolations(clerk, 'file');

  // File a document: a plain-text letter, searchable by another word form.
  await clerk.getByRole('link', { name: 'Dokument hinzufügen' }).click();
  await clerk.getByRole('heading', { level: 1, name: 'Dokument hinzufügen' }).waitFor();
  await expectNoAxeViolations(clerk, 'add document');
  await clerk.getByLabel('Titel des Dokuments').fill('Stellungnahme zur Sondernutzung');
  await clerk.getByLabel('Eingang (an uns gerichtet)').check();
  await clerk.getByLabel('Absender oder Empfänger (freiwillig)').fill('Erika Muster');
  await clerk.getByLabel('Datum des Dokuments').fill('2026-11-20');
  await clerk.getByLabel('Datei', { exact: true }).setInputFiles({ name: 'stellungnahme.txt', mimeType: 'text/plain', buffer: Buffer.from('Sehr geehrte Damen und Herren,\nich nehme Stellung zu den Sondernutzungsgebühren für den Wochenmarkt am Lindenplatz.\nMit freundlichen Grüßen\nErika Muster\n', 'utf8') });
  await clerk.getByRole('button', { name: 'Dokument ablegen' }).click();
  await clerk.getByRole('heading', { level: 1, name: 'Stellungnahme zur Sondernutzung' }).waitFor();
  await expectNoAxeViolations(clerk, 'document');

  await clerk.goto(`/${TENANT}/verwaltung/akten/suche?q=${encodeURIComponent('Wochenmärkte')}`);
  await clerk.getByRole('link', { name: 'Stellungnahme zur Sondernutzung' }).waitFor();
  await expectNoAxeViolations(clerk, 'search');

  // Grant the citizen a time-limited inspection of that document.
  await clerk.goto(fileUrl);
  await clerk.getByRole('link', { name: 'Akteneinsicht gewähren' }).click();
  await clerk.getByRole('heading', { level: 1, name: 'Akteneinsicht gewähren' }).waitFor();
  await expectNoAxeViolations(clerk, 'grant form');
  await clerk.getByLabel('E-Mail-Adresse des Bürgerkontos').fill('buerger@warnowtal.example');
  await clerk.getByLabel(/^Stellungnahme zur Sondernutzung/).check();
  await clerk.getByRole('button', { name: 'Akteneinsicht freigeben' }).click();
  await clerk.getByRole('heading', { level: 1, name: /^Akteneinsicht: / }).waitFor();
  const inspectionUrl = new URL(clerk.url()).pathname;
  await expectNoAxeViolations(clerk, 'inspection (staff)');

  // The citizen reads it in the Bürgerkonto.
  const citizen = await loggedIn('buerger@warnowtal.example');
  await citizen.goto(`/${TENANT}/konto`);
  await citizen.locator('a[href*="/konto/akteneinsicht/"]').first().click();
  await citizen.getByRole('heading', { level: 1, name: 'Akteneinsicht' }).waitFor();
  await expectNoAxeViolations(citizen, 'inspection (citizen)');
  await citizen.getByRole('link', { name: 'Stellungnahme zur Sondernutzung' }).click();
  await citizen.getByRole('heading', { level: 1, name: 'Stellungnahme zur Sondernutzung' }).waitFor();
  await expectNoAxeViolations(citizen, 'inspected document');

  // The clerk sees the view in the inspection's access log.
  await clerk.goto(inspectionUrl);
  const log = clerk.getByRole('table', { name: /Zugriffe im Rahmen dieser Akteneinsicht/ });
  await log.waitFor();
  const text = await log.innerText();
  assert.match(text, /Stellungnahme zur Sondernutzung/);
  assert.match(text, /Bürgerin|Bürger|buerger@warnowtal\.example/);
  assert.match(text, /angesehen|Ansicht|view/i);

  // Registry pages.
  const admin = await loggedIn('admin@warnowtal.example');
  for (const [path, heading] of [['/verwaltung/akten/plan', /Aktenplan/], ['/verwaltung/akten/aussonderung', /Aussonderung/]] as const) {
    await admin.goto(`/${TENANT}${path}`);
    await admin.getByRole('heading', { level: 1, name: heading }).waitFor();
    await expectNoAxeViolations(admin, path);
  }
});

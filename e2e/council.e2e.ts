/**
 * Browser test of the Sitzungsdienst, from the invitation to the Sitzungsgeld: the council office prepares a meeting of
 * the Gemeindevertretung Lindenhagen (public item with a released paper, non-public item), previews and dispatches the
 * invitation (a too-late dispatch of another meeting is refused in German); the councillor finds it in the
 * Mandatspostfach; after the meeting the office records attendance, sees the quorum, records a vote (a vote with too
 * many votes is refused) and approves and releases the minutes; the public RIS shows the public item with its result
 * but not the non-public item; in the next month the office adds a Sitzungsgeld rule, bills the month, finalises it
 * and downloads the payroll CSV; the councillor finds the statement in the Mandatspostfach.
 *
 * Time has to pass between the steps (notice period, the meeting, the end of the month), so the app runs in-process
 * with the demo data on a FixedClock that the test moves forward. axe-core (WCAG 2.1 A/AA) runs on every page visited.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, expectNoAxeViolations, launchBrowser } from './harness.ts';
import { loadConfig } from '../src/kernel/config/config.ts';
import { FixedClock } from '../src/kernel/clock.ts';
import { buildPlatform, type Running } from '../src/platform.ts';
import { seedDemo } from '../src/demo/seed.ts';

const TENANT = 'amt-warnowtal';
const OFFICE = 'sitzungsdienst@warnowtal.example';
const COUNCILLOR = 'ratsmitglied@warnowtal.example';
const BODY = 'Gemeindevertretung Lindenhagen (Lindenhagen)';
const COMMITTEE = 'Bau- und Umweltausschuss Lindenhagen (Lindenhagen)';
/** The meeting: Thursday 10 December 2026, 18:00–21:00 in Berlin; prepared on Monday 23 November (17 days ahead). */
const MEETING_DAY = '2026-12-10';
const NON_PUBLIC_TITLE = 'Vergabe der Reinigungsleistungen für das Gemeindehaus';

let browser: Browser;
let running: Running;
let baseURL: string;
let dataDir: string;
const clock = new FixedClock(new Date('2026-11-23T08:00:00Z'));
const contexts: BrowserContext[] = [];

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'amtsstube-e2e-rat-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', JOBS: '0', PASSWORD_SCRYPT_LOG2N: '10', SECRET_KEY: 'e2e-council-secret-key-that-is-long-enough-012345', BASE_URL: 'http://127.0.0.1' });
  running = await buildPlatform(config, { clock, mail: { send: async () => {} } });
  await seedDemo(running.platform.db, { log2N: 10, now: clock.now() });
  await running.app.listen({ port: 0, host: '127.0.0.1' });
  const address = running.app.server.address();
  assert.ok(address && typeof address === 'object');
  baseURL = `http://127.0.0.1:${address.port}`;
  browser = await launchBrowser();
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close().catch(() => {});
  await running?.close().catch(() => {});
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Moves the app's clock to an instant (never backwards). */
function setTime(iso: string): void {
  const ms = new Date(iso).getTime() - clock.now().getTime();
  assert.ok(ms >= 0, `the clock only moves forward (${iso})`);
  clock.advance(ms);
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  contexts.push(context);
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(45_000);
  return context.newPage();
}

/** A fresh browser session, logged in with the form (sessions end after 30 idle minutes, and the clock jumps days). */
async function loggedIn(email: string): Promise<Page> {
  const page = await newPage();
  await page.goto(`/${TENANT}/anmelden`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('main').getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL((u) => !u.pathname.endsWith('/anmelden'));
  return page;
}

/** Fetches a link's target in the page's session and checks that it is a PDF (a download unless `inline`). */
async function expectPdf(page: Page, href: string | null, label: string, o: { inline?: boolean } = {}): Promise<Buffer> {
  assert.ok(href, `${label}: link has an href`);
  const res = await page.context().request.get(new URL(href, page.url()).href);
  assert.equal(res.status(), 200, `${label}: HTTP status`);
  assert.match(res.headers()['content-type'] ?? '', /^application\/pdf/, `${label}: content type`);
  assert.match(res.headers()['content-disposition'] ?? '', o.inline ? /^(inline|attachment)/ : /^attachment/, `${label}: Content-Disposition`);
  const body = await res.body();
  assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-', `${label}: starts like a PDF`);
  return body;
}

async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Clicks a link and waits until its page has loaded (the old page's heading must not count). */
async function follow(page: Page, link: Locator): Promise<void> {
  const target = new URL((await link.getAttribute('href'))!, page.url()).href;
  await link.click();
  await page.waitForURL(target);
  await page.getByRole('heading', { level: 1 }).waitFor();
}

/** Selects the option of a <select> whose text contains `part` (option labels carry reference numbers etc.). */
async function selectOptionContaining(page: Page, label: string, part: string): Promise<string> {
  const select = page.getByLabel(label, { exact: true });
  const options = await select.locator('option').evaluateAll((els) => els.map((e) => ({ value: (e as HTMLOptionElement).value, text: e.textContent ?? '' })));
  const option = options.find((o) => o.text.includes(part));
  assert.ok(option, `„${label}“ offers an option with „${part}“: ${options.map((o) => o.text).join(' | ')}`);
  await select.selectOption(option.value);
  return option.text;
}

test('Sitzungsdienst: prepare a meeting, dispatch invitations, minutes with a vote, public RIS and Sitzungsgeld – no axe violations', { timeout: 600_000 }, async () => {
  try {
    // ------------------------------------------------------------------------------------------------------------
    // 1. The council office prepares the meeting and invites (Monday, 23 November 2026, 09:00 in Berlin).
    const office = await loggedIn(OFFICE);
    await office.getByRole('main').getByRole('link', { name: 'Sitzungsdienst', exact: true }).click();
    await heading(office, 'Sitzungsdienst');
    await expectNoAxeViolations(office, 'council office overview');
    // The other pages of the council office, reached through its navigation.
    for (const link of ['Gremien', 'Personen', 'Drucksachen', 'Anträge und Anfragen', 'Wahlperioden', 'Sitzungsorte', 'Einstellungen']) {
      await follow(office, office.getByRole('navigation', { name: 'Sitzungsdienst' }).getByRole('link', { name: link, exact: true }));
      await expectNoAxeViolations(office, `council office: ${link}`);
    }
    await office.getByRole('navigation', { name: 'Sitzungsdienst' }).getByRole('link', { name: 'Sitzungen', exact: true }).click();
    await heading(office, 'Sitzungen');
    await expectNoAxeViolations(office, 'meeting list');
    await office.getByRole('link', { name: 'Neue Sitzung anlegen' }).click();
    await heading(office, 'Neue Sitzung anlegen');
    await expectNoAxeViolations(office, 'new meeting form');

    // A meeting far enough ahead for the 10-day notice period; two of the standard items are enough.
    await office.getByLabel('Gremium').selectOption({ label: BODY });
    await office.getByLabel('Sitzungstag').fill(MEETING_DAY);
    await office.getByLabel('Beginn (Uhrzeit)').fill('18:00');
    await office.getByLabel('Voraussichtliches Ende (Uhrzeit)').fill('21:00');
    await selectOptionContaining(office, 'Sitzungsort', 'Sitzungssaal des Amtes Warnowtal');
    for (const item of ['Genehmigung der Niederschrift der letzten Sitzung', 'Einwohnerfragestunde', 'Mitteilungen']) await office.getByLabel(item).uncheck();
    await office.getByRole('button', { name: 'Sitzung anlegen' }).click();
    await office.getByText('Die Sitzung ist gespeichert.').waitFor();
    const meetingName = (await office.getByRole('heading', { level: 1 }).innerText()).trim();
    assert.match(meetingName, /Sitzung der Gemeindevertretung Lindenhagen/);
    const meetingPath = new URL(office.url()).pathname;
    const meetingId = meetingPath.split('/').pop()!;
    const publicPart = office.getByRole('table', { name: 'Öffentlicher Teil' });
    await publicPart.getByRole('cell', { name: 'Eröffnung und Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit', exact: true }).waitFor();
    await expectNoAxeViolations(office, 'new meeting');

    // Agenda: the released Haushaltssatzung (public) and a non-public item without paper.
    const paperOption = await selectOptionContaining(office, 'Vorlage (freiwillig)', 'Haushaltssatzung der Gemeinde Lindenhagen');
    const paperReference = paperOption.split(' ')[0]!;
    await office.getByLabel('Teil der Sitzung').selectOption({ label: 'Öffentlicher Teil' });
    await office.getByRole('button', { name: 'Punkt hinzufügen' }).click();
    await office.getByText('Die Tagesordnung ist geändert und neu nummeriert.').waitFor();
    await publicPart.getByRole('cell', { name: /^Haushaltssatzung der Gemeinde Lindenhagen für das Haushaltsjahr 2027/ }).waitFor();
    assert.match(await publicPart.innerText(), new RegExp(`Beschlussvorlage ${paperReference.replace(/\//g, '\\/')}`));

    await office.getByLabel('Titel des Punktes').fill(NON_PUBLIC_TITLE);
    await office.getByLabel('Teil der Sitzung').selectOption({ label: 'Nichtöffentlicher Teil' });
    await office.getByRole('button', { name: 'Punkt hinzufügen' }).click();
    await office.getByText('Die Tagesordnung ist geändert und neu nummeriert.').waitFor();
    const nonPublicPart = office.getByRole('table', { name: 'Nichtöffentlicher Teil' });
    await nonPublicPart.getByRole('rowheader', { name: 'N 1', exact: true }).waitFor();
    await nonPublicPart.getByRole('cell', { name: NON_PUBLIC_TITLE, exact: true }).waitFor();
    await expectNoAxeViolations(office, 'meeting with agenda');

    // The notice period and the recipients are shown; the preview answers a PDF.
    const main = office.getByRole('main');
    assert.match(await main.innerText(), /Ladungsfrist nach der Geschäftsordnung: 10 Tage – spätestens versenden am/);
    // Members without access to the Mandatspostfach (no linked account) and those who asked for paper get it by post.
    assert.match(await main.innerText(), /Empfänger am Sitzungstag: 9 Mitglieder; davon \d auf Papier \(Druckstapel\)\./);
    await expectPdf(office, await office.getByRole('link', { name: 'Fassung für Mitglieder' }).getAttribute('href'), 'invitation preview (members)');
    await expectPdf(office, await office.getByRole('link', { name: 'Öffentliche Fassung' }).getAttribute('href'), 'invitation preview (public)');

    await office.getByRole('button', { name: 'Einladung versenden' }).click();
    await office.getByText('Die Einladung ist versandt: in die Mandatspostfächer und, für Mitglieder mit Postversand, in den Druckstapel.').waitFor();
    const sent = office.getByRole('table', { name: 'Versandte Einladungen' });
    const channels = (await sent.getByRole('cell', { name: /^9 Mitglieder, 0 zur Kenntnis;/ }).innerText()).match(/(\d) elektronisch, (\d) auf Papier/);
    assert.ok(channels && Number(channels[1]) >= 1 && Number(channels[2]) >= 1 && Number(channels[1]) + Number(channels[2]) === 9, `electronic and paper recipients: ${channels?.[0]}`);
    await expectNoAxeViolations(office, 'meeting after dispatch');
    // Nothing can be sent twice: without a change there is no button any more.
    assert.equal(await office.getByRole('button', { name: 'Einladung versenden' }).count(), 0);

    await office.getByRole('link', { name: 'Zustellung und Druckstapel' }).click();
    await heading(office, 'Zustellung');
    const deliveries = office.getByRole('table', { name: 'Zustellung je Person' });
    const rita = deliveries.getByRole('row').filter({ hasText: 'Rita Ratsmitglied' });
    const uwe = deliveries.getByRole('row').filter({ hasText: 'Uwe Hoffmann' });
    assert.match(await rita.innerText(), /Einladung\s+Mandatspostfach[\s\S]*noch nicht geöffnet/);
    assert.match(await uwe.innerText(), /Einladung\s+Post[\s\S]*noch nicht zur Post gegeben/);
    assert.equal(await deliveries.getByRole('row').count(), 10, 'header row and nine members');
    const batch = office.getByRole('link', { name: /^Druckstapel herunterladen \(PDF, \d+ Schreiben mit Deckblatt\)$/ });
    await expectPdf(office, await batch.getAttribute('href'), 'print batch for the paper recipients');
    await expectNoAxeViolations(office, 'delivery overview');

    // Another meeting one week ahead: a regular invitation is refused, in German, and nothing is sent.
    await office.goto(`/${TENANT}/verwaltung/sitzungsdienst/sitzungen/neu`);
    await office.getByLabel('Gremium').selectOption({ label: COMMITTEE });
    await office.getByLabel('Sitzungstag').fill('2026-11-30');
    await office.getByRole('button', { name: 'Sitzung anlegen' }).click();
    await office.getByText('Die Sitzung ist gespeichert.').waitFor();
    const late = office.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/einladung'));
    await office.getByRole('button', { name: 'Einladung versenden' }).click();
    assert.equal((await late).status(), 422);
    const summary = office.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie die folgenden Angaben' });
    await summary.waitFor();
    assert.match(await summary.innerText(), /Die Ladungsfrist von 10 Tagen ist nicht mehr einzuhalten: Die Einladung hätte spätestens am 19\.11\.2026 versandt werden müssen\. Versenden Sie nur mit Dringlichkeitsbegründung\./);
    await office.getByText('Die Einladung ist noch nicht versandt.').waitFor();
    await expectNoAxeViolations(office, 'too-late dispatch refused');

    // ------------------------------------------------------------------------------------------------------------
    // 2. The councillor finds the invitation in the Mandatspostfach and downloads it.
    const councillor = await loggedIn(COUNCILLOR);
    await councillor.getByRole('main').getByRole('link', { name: 'Mein Mandat', exact: true }).click();
    await heading(councillor, 'Mein Mandat');
    const subject = `Einladung: ${meetingName} am 10.12.2026`;
    const mailbox = councillor.getByRole('table', { name: 'Dokumente im Mandatspostfach, neueste zuerst' });
    const invitationRow = mailbox.getByRole('row').filter({ hasText: subject });
    assert.match(await invitationRow.innerText(), /Neu – noch nicht geöffnet/);
    await expectNoAxeViolations(councillor, 'Mein Mandat');
    const invitationPdf = await expectPdf(councillor, await invitationRow.getByRole('link', { name: subject }).getAttribute('href'), 'invitation in the Mandatspostfach');
    assert.ok(invitationPdf.length > 2000, 'the invitation is a real document');
    await councillor.reload();
    assert.match(await mailbox.getByRole('row').filter({ hasText: subject }).innerText(), /geöffnet am/);
    // The member view of the meeting shows the non-public part too.
    await councillor.getByRole('table', { name: 'Sitzungen der Gremien, denen Sie angehören' }).getByRole('link', { name: meetingName }).click();
    await heading(councillor, meetingName);
    await councillor.getByRole('table', { name: 'Nichtöffentlicher Teil (vertraulich)' }).getByRole('cell', { name: NON_PUBLIC_TITLE, exact: true }).waitFor();
    await expectNoAxeViolations(councillor, 'member view of the meeting');
    // The first retrieval is the proof of delivery in the office's overview.
    await office.goto(`${meetingPath}/zustellung`);
    assert.match(await office.getByRole('table', { name: 'Zustellung je Person' }).getByRole('row').filter({ hasText: 'Rita Ratsmitglied' }).innerText(), /geöffnet am/);

    // ------------------------------------------------------------------------------------------------------------
    // 3. The morning after the meeting: attendance, quorum, vote, approval and release.
    setTime('2026-12-11T08:00:00Z');
    const office2 = await loggedIn(OFFICE);
    await office2.goto(meetingPath);
    await heading(office2, meetingName);
    await office2.getByRole('link', { name: 'Anwesenheit, Abstimmungen und Niederschrift' }).click();
    await heading(office2, `Niederschrift: ${meetingName}`);
    await expectNoAxeViolations(office2, 'minutes overview (empty)');
    await office2.getByRole('link', { name: 'Anwesenheit erfassen' }).click();
    await heading(office2, `Anwesenheit: ${meetingName}`);
    await expectNoAxeViolations(office2, 'attendance form');
    // Everybody is preset as present; Uwe Hoffmann sent his apologies.
    const hoffmann = office2.getByRole('group', { name: /Uwe Hoffmann/ });
    await hoffmann.getByLabel('Status').selectOption({ label: 'entschuldigt' });
    await office2.getByRole('button', { name: 'Anwesenheit speichern' }).click();
    await office2.getByText('Die Anwesenheit ist gespeichert. Die Sitzung gilt jetzt als durchgeführt.').waitFor();
    assert.match(await office2.getByRole('main').innerText(), /8 Personen anwesend\./);
    const results = office2.getByRole('table', { name: 'Beschlussfähigkeit und Ergebnisse je Tagesordnungspunkt' });
    const budgetRow = results.getByRole('row').filter({ hasText: 'Haushaltssatzung' });
    assert.match(await budgetRow.innerText(), /\b8\b[\s\S]*beschlussfähig/);
    assert.doesNotMatch(await budgetRow.innerText(), /nicht beschlussfähig/);
    await expectNoAxeViolations(office2, 'minutes overview with attendance');

    await budgetRow.getByRole('link').click();
    await heading(office2, /Haushaltssatzung der Gemeinde Lindenhagen/);
    assert.match(await office2.getByRole('main').innerText(), /Stimmberechtigt anwesend: 8/);
    await expectNoAxeViolations(office2, 'agenda item with quorum');
    // Too many votes: refused with the reason, input kept, nothing saved.
    await office2.getByLabel('Ja-Stimmen').fill('8');
    await office2.getByLabel('Nein-Stimmen').fill('1');
    await office2.getByLabel('Enthaltungen').fill('1');
    const tooMany = office2.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/abstimmung'));
    await office2.getByRole('button', { name: 'Ergebnis speichern' }).click();
    assert.equal((await tooMany).status(), 422);
    await office2.getByRole('alert').filter({ hasText: 'Es wurden 10 Stimmen gezählt, aber nur 8 stimmberechtigte Mitglieder sind anwesend.' }).first().waitFor();
    assert.equal(await office2.getByLabel('Ja-Stimmen').inputValue(), '8');
    assert.equal(await office2.getByRole('heading', { name: 'Erfasstes Ergebnis' }).count(), 0, 'nothing recorded');
    await expectNoAxeViolations(office2, 'vote refused');
    // The real result: 6 yes, 1 no, 1 abstention.
    await office2.getByLabel('Ja-Stimmen').fill('6');
    await office2.getByLabel('Nein-Stimmen').fill('1');
    await office2.getByLabel('Enthaltungen').fill('1');
    await office2.getByRole('button', { name: 'Ergebnis speichern' }).click();
    await office2.getByText('Das Ergebnis ist gespeichert.').waitFor();
    const recorded = office2.getByRole('main').getByText(/Erfasst am/);
    await recorded.waitFor();
    assert.match(await office2.getByRole('main').innerText(), /Erfasstes Ergebnis\s+Beschlossen \(Ja 6, Nein 1, Enthaltung 1\)/);
    await expectNoAxeViolations(office2, 'agenda item with result');

    await office2.getByRole('link', { name: 'Zurück zur Niederschrift' }).click();
    await heading(office2, `Niederschrift: ${meetingName}`);
    assert.match(await results.getByRole('row').filter({ hasText: 'Haushaltssatzung' }).innerText(), /Beschlossen \(Ja 6, Nein 1, Enthaltung 1\)/);
    await expectPdf(office2, await office2.getByRole('link', { name: 'Vollständige Fassung mit nichtöffentlichem Teil (PDF)' }).getAttribute('href'), 'minutes (full)');
    assert.equal(await office2.getByLabel('Niederschrift genehmigt am').inputValue(), '2026-12-11');
    await office2.getByRole('button', { name: 'Niederschrift als genehmigt vermerken' }).click();
    await office2.getByText('Die Genehmigung der Niederschrift ist eingetragen.').waitFor();
    await expectNoAxeViolations(office2, 'minutes approved');
    await office2.getByRole('button', { name: 'Niederschrift freigeben und veröffentlichen' }).click();
    await office2.getByText('Die Niederschrift ist veröffentlicht und den Mitgliedern in das Mandatspostfach zugestellt.').waitFor();
    await expectNoAxeViolations(office2, 'minutes released');

    // ------------------------------------------------------------------------------------------------------------
    // 4. The public RIS: the public item with its result, not the non-public item's title.
    const citizen = await newPage();
    await citizen.goto(`/${TENANT}/rat`);
    await citizen.getByRole('heading', { level: 1 }).waitFor();
    await expectNoAxeViolations(citizen, 'RIS start');
    const risMeeting = await citizen.goto(`/${TENANT}/rat/sitzungen/${meetingId}`);
    assert.equal(risMeeting?.status(), 200);
    await heading(citizen, new RegExp(meetingName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const risText = await citizen.getByRole('main').innerText();
    assert.match(risText, /Haushaltssatzung der Gemeinde Lindenhagen für das Haushaltsjahr 2027/);
    assert.match(risText, /Beschlossen \(Ja 6, Nein 1, Enthaltung 1\)/);
    assert.match(risText, /Nichtöffentlicher Teil: 1 Tagesordnungspunkt\./);
    assert.doesNotMatch(await citizen.content(), /Reinigungsleistungen/, 'the non-public item stays secret');
    await expectPdf(citizen, await citizen.getByRole('link', { name: 'Niederschrift (öffentlicher Teil)' }).getAttribute('href'), 'public minutes in the RIS', { inline: true });
    const paperLink = citizen.getByRole('table', { name: 'Tagesordnung, öffentlicher Teil' }).getByRole('link', { name: new RegExp(`^${paperReference.replace(/\//g, '\\/')}`) });
    await paperLink.click();
    await heading(citizen, /Haushaltssatzung der Gemeinde Lindenhagen/);
    assert.match(await citizen.getByRole('main').innerText(), /Beschlossen \(Ja 6, Nein 1, Enthaltung 1\)/);
    await expectNoAxeViolations(citizen, 'RIS paper');
    for (const link of ['Sitzungskalender', 'Drucksachen', 'Gremien', 'Personen', 'Suche']) {
      await follow(citizen, citizen.getByRole('link', { name: link, exact: true }).first());
      await expectNoAxeViolations(citizen, `RIS: ${link}`);
    }
    await expectNoAxeViolations(citizen, 'RIS meeting');

    // ------------------------------------------------------------------------------------------------------------
    // 5. In January: a Sitzungsgeld rule, the December billing, finalised, payroll CSV.
    setTime('2027-01-04T08:00:00Z');
    const office3 = await loggedIn(OFFICE);
    await office3.getByRole('main').getByRole('link', { name: 'Sitzungsgeld', exact: true }).click();
    await heading(office3, 'Sitzungsgeld');
    await expectNoAxeViolations(office3, 'Sitzungsgeld overview');
    if ((await office3.getByRole('table', { name: 'Regelversionen, die neueste zuerst' }).count()) === 0) {
      await office3.getByRole('link', { name: 'Neue Regel anlegen (ab einem Datum)' }).click();
      await heading(office3, 'Neue Regel für das Sitzungsgeld');
      await selectOptionContaining(office3, 'Ausgangspunkt', 'Seehof (M-V)');
      await office3.getByRole('button', { name: 'Werte übernehmen' }).click();
      await office3.waitForURL(/[?&]vorlage=SEEHOF_MV\b/);
      await heading(office3, 'Neue Regel für das Sitzungsgeld');
      assert.equal(await office3.getByLabel('Bezeichnung').inputValue(), 'Seehof (M-V)');
      await expectNoAxeViolations(office3, 'rule form');
      await office3.getByLabel('Gilt ab').fill('2026-01-01');
      await office3.getByRole('button', { name: 'Regel speichern' }).click();
      await office3.getByText('Die Regel für das Sitzungsgeld ist gespeichert.').waitFor();
      await office3.getByRole('table', { name: 'Regelversionen, die neueste zuerst' }).getByText('ab 01.01.2026').waitFor();
    }
    assert.equal(await office3.getByLabel('Abrechnungsmonat').inputValue(), '2026-12');
    await office3.getByRole('button', { name: 'Abrechnung berechnen' }).click();
    await office3.getByText('Die Abrechnung ist als Entwurf berechnet.', { exact: false }).waitFor();
    await heading(office3, 'Sitzungsgeld Dezember 2026');
    const ritaLines = office3.getByRole('table', { name: 'Einzelaufstellung für Rita Ratsmitglied' });
    const ritaText = await ritaLines.innerText();
    assert.match(ritaText, /10\.12\.2026/);
    assert.match(ritaText, /Sitzungsgeld/);
    assert.match(ritaText, new RegExp(meetingName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(ritaText, /40,00\s€/);
    const perPerson = office3.getByRole('table', { name: 'Übersicht je Person' });
    assert.equal(await perPerson.getByRole('row').filter({ hasText: 'Uwe Hoffmann' }).count(), 0, 'the excused member gets no Sitzungsgeld');
    assert.equal(await perPerson.getByRole('row').count(), 1 + 8, 'header row and the eight members present');
    await expectNoAxeViolations(office3, 'billing run (draft)');
    await office3.getByRole('button', { name: 'Abschließen und Abrechnungen zustellen' }).click();
    await office3.getByText('Die Abrechnung ist abgeschlossen. Die Abrechnungen sind in die Mandatspostfächer zugestellt.').waitFor();
    const overviewRow = perPerson.getByRole('row').filter({ hasText: 'Rita Ratsmitglied' });
    assert.match(await overviewRow.innerText(), /R0001[\s\S]*40,00\s€[\s\S]*zugestellt/);
    await expectNoAxeViolations(office3, 'billing run (finalised)');
    await expectPdf(office3, await overviewRow.getByRole('link', { name: /^PDF/ }).getAttribute('href'), 'statement (office view)');
    const csvLink = office3.getByRole('link', { name: 'Datei für die Lohnabrechnung herunterladen (sitzungsgeld-2026-12.csv, CSV)' });
    const csvRes = await office3.context().request.get(new URL((await csvLink.getAttribute('href'))!, office3.url()).href);
    assert.equal(csvRes.status(), 200);
    assert.match(csvRes.headers()['content-type'] ?? '', /^text\/csv/);
    assert.match(csvRes.headers()['content-disposition'] ?? '', /sitzungsgeld-2026-12\.csv/);
    const csv = (await csvRes.text()).replace(/^\uFEFF/, '').split('\r\n');
    assert.equal(csv[0], 'Personalnummer;Name;Monat;Lohnart;Bezeichnung;Menge;Betrag');
    const ritaRow = csv.find((l) => l.startsWith('R0001;'));
    assert.ok(ritaRow, `a row for R0001 in:\n${csv.join('\n')}`);
    assert.match(ritaRow, /^R0001;[^;]*Ratsmitglied[^;]*;2026-12;[^;]*;[^;]*Sitzungsgeld[^;]*;1;40,00$/);
    // Payroll identifies people by their personnel number: one number, one person.
    const namesByNumber = new Map<string, Set<string>>();
    for (const line of csv.slice(1).filter(Boolean)) {
      const [number, name] = line.split(';');
      namesByNumber.set(number!, (namesByNumber.get(number!) ?? new Set()).add(name!));
    }
    assert.equal(namesByNumber.size, 8, `eight people in the payroll file:\n${csv.join('\n')}`);
    for (const [number, names] of namesByNumber) assert.equal(names.size, 1, `personnel number ${number} belongs to ${[...names].join(' and ')}`);

    // ------------------------------------------------------------------------------------------------------------
    // 6. The councillor finds the statement (and the minutes) in the Mandatspostfach.
    const councillor2 = await loggedIn(COUNCILLOR);
    await councillor2.goto(`/${TENANT}/mandat`);
    await heading(councillor2, 'Mein Mandat');
    const mailbox2 = councillor2.getByRole('table', { name: 'Dokumente im Mandatspostfach, neueste zuerst' });
    const statementLink = mailbox2.getByRole('link', { name: 'Abrechnung Sitzungsgeld Dezember 2026' });
    await statementLink.waitFor();
    await mailbox2.getByRole('link', { name: `Niederschrift: ${meetingName} am 10.12.2026` }).waitFor();
    await expectNoAxeViolations(councillor2, 'Mein Mandat with statement');
    await expectPdf(councillor2, await statementLink.getAttribute('href'), 'statement in the Mandatspostfach');
    await councillor2.goto(`/${TENANT}/mandat/sitzungsgeld`);
    await heading(councillor2, 'Meine Sitzungsgeld-Abrechnungen');
    assert.equal(await councillor2.getByRole('link', { name: 'Zum Mandatspostfach' }).count(), 1);
    const own = councillor2.getByRole('table', { name: 'Abgeschlossene Abrechnungen, die neueste zuerst' }).getByRole('row').filter({ hasText: 'Dezember 2026' });
    assert.match(await own.innerText(), /40,00\s€/);
    await expectNoAxeViolations(councillor2, 'my Sitzungsgeld statements');
    await expectPdf(councillor2, await own.getByRole('link').getAttribute('href'), 'own statement');
  } catch (e) {
    // Screenshots of every open page (the failing step's page is among them) for the failure report.
    for (const [i, page] of contexts.flatMap((c) => c.pages()).entries()) {
      const file = join(tmpdir(), `council-e2e-failure-${Date.now()}-${i}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      console.error(`screenshot of ${page.url()}: ${file}`);
    }
    throw e;
  }
});

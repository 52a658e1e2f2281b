import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { checkUpload, sql } from '../../kernel/index.ts';
import { seedForms } from '../../demo/forms.ts';
import { seedCatalog } from '../../demo/catalog.ts';

const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);

/** A faithful stand-in for clamd: speaks INSTREAM and reports the EICAR test string. */
function fakeClamd(): Promise<{ server: Server; port: number; scanned: number[] }> {
  const scanned: number[] = [];
  return new Promise((resolve) => {
    const server = createServer((sock) => {
      let buf = Buffer.alloc(0);
      sock.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        const cmd = 'zINSTREAM\0';
        if (buf.length < cmd.length) return;
        let i = cmd.length;
        const chunks: Buffer[] = [];
        while (buf.length >= i + 4) {
          const len = buf.readUInt32BE(i);
          if (len === 0) {
            const content = Buffer.concat(chunks);
            scanned.push(content.length);
            sock.end(content.includes(EICAR) ? 'stream: Eicar-Signature FOUND\0' : 'stream: OK\0');
            return;
          }
          if (buf.length < i + 4 + len) return;
          chunks.push(buf.subarray(i + 4, i + 4 + len));
          i += 4 + len;
        }
      });
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port, scanned }));
  });
}

let t: TestPlatform;
let clamd: Awaited<ReturnType<typeof fakeClamd>>;
let a: { id: string; slug: string };
before(async () => {
  clamd = await fakeClamd();
  t = await testPlatform({ CLAMAV_URL: `tcp://127.0.0.1:${clamd.port}` });
  a = await createTenant(t.db);
  await t.db.transaction(async (tx) => {
    await seedCatalog(tx, a.id, 'havelwerder');
    await seedForms(tx, a.id, t.clock.now());
  });
});
after(async () => {
  await t.close();
  clamd.server.close();
});

function multipart(fields: Record<string, string>, file?: { field: string; name: string; type: string; bytes: Buffer }) {
  const boundary = '----amtsstube' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function toVehicleStep() {
  const u = await createUser(t.db, a);
  const c = new Client(t);
  await c.login(`/${a.slug}`, u.email, u.password);
  const url = `/${a.slug}/formulare/bewohnerparkausweis`;
  await c.get(url);
  await c.post(url, { schritt: '0', revision: '1', aktion: 'weiter', name: 'Uwe Upload', email: 'u@example.org', 'anschrift.street': 'Weg 1', 'anschrift.postalCode': '14712', 'anschrift.city': 'Havelwerder', hauptwohnsitz: 'ja' });
  const page = await c.get(`${url}?schritt=1`);
  assert.match(page.body, /enctype="multipart\/form-data"/);
  let revision = Number(page.body.match(/name="revision" value="(\d+)"/)![1]);
  const send = async (file?: { name: string; type: string; bytes: Buffer }) => {
    const { payload, contentType } = multipart({ _csrf: c.csrf, schritt: '1', revision: String(revision), aktion: 'weiter', kennzeichen: 'HVL-UU 1', halter: 'nein', halterName: 'Firma GmbH', nutzung: 'dienstwagen' }, file && { field: 'nachweis', ...file });
    const res = await t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType, cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    if (res.statusCode === 422 || res.statusCode === 303) revision++;
    return res;
  };
  return { u, send };
}

test('a file is required when shown, checked by content and stored for the draft', async () => {
  const { u, send } = await toVehicleStep();
  let res = await send();
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Bitte füllen Sie dieses Feld aus/);
  res = await send({ name: 'bestaetigung.pdf', type: 'application/pdf', bytes: PDF });
  assert.equal(res.statusCode, 303);
  const d = await t.db.one<{ data: { nachweis: { id: string; name: string; type: string } } }>(sql`select data from form_drafts where user_id = ${u.id}`);
  assert.equal(d!.data.nachweis.name, 'bestaetigung.pdf');
  assert.equal(d!.data.nachweis.type, 'pdf');
  const f = await t.db.one<{ tenant_id: string; size: number }>(sql`select tenant_id, size from files where id = ${d!.data.nachweis.id}`);
  assert.equal(f!.tenant_id, a.id);
  assert.equal(f!.size, PDF.length);
  assert.ok(clamd.scanned.includes(PDF.length), 'the file went through the virus scanner');
});

test('malicious uploads are refused with clear German messages and nothing is stored', async () => {
  const { u, send } = await toVehicleStep();
  const before = (await t.db.one<{ n: number }>(sql`select count(*)::int as n from files`))!.n;
  let res = await send({ name: 'harmlos.pdf', type: 'application/pdf', bytes: PNG });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Dateiname passt nicht zum Inhalt/);
  res = await send({ name: 'rechnung.pdf', type: 'application/pdf', bytes: Buffer.from('MZ\x90\x00 this is an exe') });
  assert.match(res.body, /kein PDF, PNG oder JPEG/);
  res = await send({ name: 'kaputt.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.7\n1 0 obj') });
  assert.match(res.body, /beschädigt oder unvollständig/);
  res = await send({ name: 'virus.pdf', type: 'application/pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(EICAR), Buffer.from('\n%%EOF\n')]) });
  assert.match(res.body, /Virenscanner Schadsoftware gefunden/);
  res = await send({ name: 'riesig.pdf', type: 'application/pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(11 * 1024 * 1024)]) });
  assert.equal(res.statusCode, 413);
  assert.match(res.body, /Anfrage zu groß/);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from files`))!.n, before);
  const d = await t.db.one<{ data: Record<string, unknown> }>(sql`select data from form_drafts where user_id = ${u.id}`);
  assert.equal(d!.data.nachweis, undefined);
});

test('upload checks: type by magic bytes, name must fit, PDFs must be complete', () => {
  assert.deepEqual(checkUpload({ filename: 'a.PDF', declaredMime: 'x', bytes: PDF }), { ok: true, type: 'pdf', mime: 'application/pdf' });
  assert.deepEqual(checkUpload({ filename: 'a.png', declaredMime: 'application/pdf', bytes: PNG }), { ok: true, type: 'png', mime: 'image/png' });
  assert.deepEqual(checkUpload({ filename: 'a.jpg', declaredMime: 'image/jpeg', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]) }), { ok: true, type: 'jpeg', mime: 'image/jpeg' });
  assert.deepEqual(checkUpload({ filename: 'a.svg', declaredMime: 'image/svg+xml', bytes: Buffer.from('<svg onload="alert(1)"/>') }), { ok: false, problem: 'type' });
  assert.deepEqual(checkUpload({ filename: 'a', declaredMime: 'application/pdf', bytes: PDF }), { ok: false, problem: 'mismatch' });
  assert.deepEqual(checkUpload({ filename: 'a.pdf', declaredMime: 'application/pdf', bytes: Buffer.alloc(0) }), { ok: false, problem: 'empty' });
});

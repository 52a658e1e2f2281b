/**
 * OpenID Connect login against a real local provider (oidc-provider) started by the test:
 * authorization code + PKCE, state and nonce, identity level from a claim, step-up for a service.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import { Client, testPlatform, type TestPlatform } from './testing/harness.ts';
import { createTenant, createUser } from './testing/factories.ts';
import { sql } from './kernel/db/sql.ts';
import { setOidcProvider } from './kernel/auth/oidc.ts';
import { seedCatalog } from './demo/catalog.ts';
import { seedForms } from './demo/forms.ts';

let t: TestPlatform;
let server: Server;
let issuer: string;
let tenant: { id: string; slug: string };
let nextLevel = 'substantial';

before(async () => {
  t = await testPlatform();
  tenant = await createTenant(t.db);
  await t.db.transaction(async (tx) => {
    await seedCatalog(tx, tenant.id, 'havelwerder');
    await seedForms(tx, tenant.id, t.clock.now());
  });
  server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'amtsstube', client_secret: 'geheimnis-der-kommune', redirect_uris: [`http://portal.test/${tenant.slug}/anmelden/oidc/rueckkehr`], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name', 'vertrauensniveau'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['cookie-schluessel-fuer-den-test'] },
    async findAccount(_ctx: unknown, id: string) {
      return { accountId: id, claims: async () => ({ sub: id, email: `${id}@bund.example`, email_verified: true, given_name: 'Ida', family_name: 'Ausweis', vertrauensniveau: nextLevel }) };
    },
  });
  server.on('request', provider.callback());
  await t.db.transaction((tx) =>
    setOidcProvider(tx, tenant.id, { issuer, clientId: 'amtsstube', clientSecret: 'geheimnis-der-kommune', displayName: 'BundID (Test)', levelClaim: 'vertrauensniveau', levelMap: { 'urn:eid:substanziell': 'substantial', 'urn:eid:hoch': 'high' } }),
  );
});
after(async () => {
  await t.close();
  server.close();
});

/** Plays the browser at the identity provider: follows redirects, keeps its cookies, submits its login and consent forms. */
async function atProvider(startUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = startUrl;
  let method = 'GET';
  let body: string | undefined;
  for (let i = 0; i < 20; i++) {
    if (url.startsWith('http://portal.test/')) return url;
    const res = await fetch(url, { method, redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, ...(body ? { body } : {}) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      jar.set(k!.trim(), v.join('='));
    }
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).href;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await res.text();
    const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
    assert.ok(action, `no form at ${url}: ${html.slice(0, 300)}`);
    const prompt = html.match(/name="prompt" value="([^"]+)"/)?.[1] ?? '';
    const fields = new URLSearchParams({ prompt, ...(prompt === 'login' ? { login, password: 'egal' } : {}) });
    url = new URL(action, url).href;
    method = 'POST';
    body = fields.toString();
  }
  throw new Error('too many steps at the provider');
}

test('a citizen logs in with the OpenID provider (code + PKCE); the account and the identity level are recorded', async () => {
  const c = new Client(t);
  let res = await c.get(`/${tenant.slug}/anmelden`);
  assert.match(res.body, /Mit BundID \(Test\) anmelden/);
  res = await c.get(`/${tenant.slug}/anmelden/oidc`);
  assert.equal(res.statusCode, 303);
  const auth = new URL(String(res.headers.location));
  assert.equal(auth.origin, issuer);
  assert.equal(auth.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(auth.searchParams.get('state') && auth.searchParams.get('nonce'));
  const back = new URL(await atProvider(auth.href, 'bpk2-0815'));
  res = await c.get(back.pathname + back.search);
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  const u = await t.db.one<{ email: string; display_name: string; oidc_subject: string }>(sql`select email, display_name, oidc_subject from users where tenant_id = ${tenant.id} and oidc_subject = 'bpk2-0815'`);
  assert.deepEqual(u, { email: 'bpk2-0815@bund.example', display_name: 'Ida Ausweis', oidc_subject: 'bpk2-0815' });
  const s = await t.db.one<{ level: string }>(sql`select s.level from sessions s join users u on u.id = s.user_id where u.oidc_subject = 'bpk2-0815'`);
  assert.equal(s!.level, 'substantial');
  assert.equal((await c.get(`/${tenant.slug}/konto`)).statusCode, 200);
  // replaying the callback (same state, same code) does nothing
  const replay = await c.get(back.pathname + back.search);
  assert.equal(replay.statusCode, 400);
  assert.match(replay.body, /fehlgeschlagen oder abgelaufen/);
});

test('a forged state is refused', async () => {
  const c = new Client(t);
  const res = await c.get(`/${tenant.slug}/anmelden/oidc/rueckkehr?code=abc&state=gefaelscht`);
  assert.equal(res.statusCode, 400);
});

test('a service that needs level "high" asks a password user to log in again with the Online-Ausweis', async () => {
  const local = await createUser(t.db, tenant);
  const c = new Client(t);
  await c.login(`/${tenant.slug}`, local.email, local.password);
  let res = await c.get(`/${tenant.slug}/formulare/meldebescheinigung`);
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /Vertrauensniveau „hoch“/);
  const stepUp = res.body.match(/href="(\/[^"]+anmelden\/oidc\?niveau=high[^"]*)"/)![1]!.replace(/&amp;/g, '&');
  res = await c.get(stepUp);
  const auth = new URL(String(res.headers.location));
  assert.equal(auth.searchParams.get('acr_values'), 'urn:eid:hoch');
  nextLevel = 'urn:eid:hoch';
  const back = new URL(await atProvider(auth.href, 'bpk2-4711'));
  res = await c.get(back.pathname + back.search);
  assert.equal(res.headers.location, `/${tenant.slug}/formulare/meldebescheinigung`);
  res = await c.get(`/${tenant.slug}/formulare/meldebescheinigung`);
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Schritt 1 von 2/);
});

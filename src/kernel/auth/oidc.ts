import * as client from 'openid-client';
import type { Db, Queryable, Tx } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { audit } from '../audit/audit.ts';
import { hashPassword } from './password.ts';
import { createSession, type IdentityLevel, type SessionPolicy } from './sessions.ts';
import { newToken } from './tokens.ts';
import { findUserById, type User } from './users.ts';

export interface OidcProviderConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  displayName: string;
  levelClaim: string;
  levelMap: Record<string, IdentityLevel>;
}

export async function oidcProviderOf(db: Queryable, tenantId: string): Promise<OidcProviderConfig | undefined> {
  return db.one<OidcProviderConfig>(sql`select issuer, client_id as "clientId", client_secret as "clientSecret", display_name as "displayName",
      level_claim as "levelClaim", level_map as "levelMap" from oidc_providers where tenant_id = ${tenantId} and enabled`);
}

export async function setOidcProvider(tx: Tx, tenantId: string, c: OidcProviderConfig): Promise<void> {
  await tx.exec(sql`insert into oidc_providers (tenant_id, issuer, client_id, client_secret, display_name, level_claim, level_map)
    values (${tenantId}, ${c.issuer}, ${c.clientId}, ${c.clientSecret}, ${c.displayName}, ${c.levelClaim}, ${JSON.stringify(c.levelMap)}::jsonb)
    on conflict (tenant_id) do update set issuer = excluded.issuer, client_id = excluded.client_id, client_secret = excluded.client_secret,
      display_name = excluded.display_name, level_claim = excluded.level_claim, level_map = excluded.level_map, enabled = true`);
}

const configs = new Map<string, { at: number; config: client.Configuration }>();

/** Discovery per tenant, cached for ten minutes. Plain http is accepted only for loopback issuers (tests, local IdP). */
async function configFor(p: OidcProviderConfig): Promise<client.Configuration> {
  const key = `${p.issuer}|${p.clientId}`;
  const hit = configs.get(key);
  if (hit && Date.now() - hit.at < 600_000) return hit.config;
  const url = new URL(p.issuer);
  const loopback = url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
  const config = await client.discovery(url, p.clientId, p.clientSecret, undefined, loopback ? { execute: [client.allowInsecureRequests] } : undefined);
  configs.set(key, { at: Date.now(), config });
  return config;
}

/** Starts an authorization-code login with PKCE, state and nonce kept in the database (any node can finish it). */
export async function startOidcLogin(db: Db, o: { tenantId: string; provider: OidcProviderConfig; redirectUri: string; returnTo: string; acr?: string; now: Date }): Promise<string> {
  const config = await configFor(o.provider);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  await db.exec(sql`insert into oidc_logins (state, tenant_id, verifier, nonce, return_to, created_at, expires_at)
    values (${state}, ${o.tenantId}, ${verifier}, ${nonce}, ${o.returnTo}, ${o.now}, ${new Date(o.now.getTime() + 10 * 60_000)})`);
  const params: Record<string, string> = {
    redirect_uri: o.redirectUri,
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  };
  if (o.acr) params.acr_values = o.acr;
  return client.buildAuthorizationUrl(config, params).href;
}

export type OidcResult = { ok: true; token: string; user: User; level: IdentityLevel; returnTo: string } | { ok: false; reason: 'state' | 'exchange' | 'email_conflict' };

function levelOf(p: OidcProviderConfig, claims: Record<string, unknown>): IdentityLevel {
  const raw = claims[p.levelClaim];
  const mapped = typeof raw === 'string' ? p.levelMap[raw] ?? (['basic', 'substantial', 'high'].includes(raw) ? (raw as IdentityLevel) : undefined) : undefined;
  return mapped ?? 'basic';
}

/**
 * Finishes the login: the state is used once, the code is exchanged with PKCE, the ID token is checked
 * (issuer, audience, nonce, signature). The account is found by issuer and subject, created on first login.
 */
export async function finishOidcLogin(db: Db, o: { tenantId: string; provider: OidcProviderConfig; currentUrl: URL; session: SessionPolicy; log2N: number; now: Date }): Promise<OidcResult> {
  const state = o.currentUrl.searchParams.get('state') ?? '';
  const login = await db.transaction(async (tx) => {
    const row = await tx.one<{ verifier: string; nonce: string; return_to: string; expires_at: Date }>(
      sql`delete from oidc_logins where state = ${state} and tenant_id = ${o.tenantId} returning verifier, nonce, return_to, expires_at`,
    );
    return row && row.expires_at > o.now ? row : undefined;
  });
  if (!login) return { ok: false, reason: 'state' };
  let claims: Record<string, unknown>;
  try {
    const config = await configFor(o.provider);
    const tokens = await client.authorizationCodeGrant(config, o.currentUrl, { pkceCodeVerifier: login.verifier, expectedState: state, expectedNonce: login.nonce });
    claims = { ...(tokens.claims() ?? {}) };
  } catch {
    return { ok: false, reason: 'exchange' };
  }
  const sub = String(claims.sub ?? '');
  const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : `${sub}@oidc.invalid`;
  const name = [claims.given_name, claims.family_name].filter((x) => typeof x === 'string').join(' ') || (typeof claims.name === 'string' ? claims.name : '');
  const level = levelOf(o.provider, claims);
  const placeholder = await hashPassword(newToken(), o.log2N);
  return db.transaction(async (tx) => {
    let row = await tx.one<{ id: string }>(sql`select id from users where tenant_id = ${o.tenantId} and oidc_issuer = ${o.provider.issuer} and oidc_subject = ${sub}`);
    if (!row) {
      const clash = await tx.one<{ id: string }>(sql`select id from users where tenant_id = ${o.tenantId} and email = ${email}`);
      // An address already used by a local account is not taken over silently.
      if (clash) return { ok: false as const, reason: 'email_conflict' as const };
      row = await tx.one<{ id: string }>(sql`insert into users (tenant_id, kind, email, display_name, password_hash, email_verified_at, oidc_issuer, oidc_subject)
        values (${o.tenantId}, 'citizen', ${email}, ${name}, ${placeholder}, ${o.now}, ${o.provider.issuer}, ${sub}) returning id`);
      await audit(tx, { tenantId: o.tenantId, actorId: row!.id, actorKind: 'citizen', action: 'user.registered_oidc', objectType: 'user', objectId: row!.id }, o.now);
    }
    const user = (await findUserById(tx, o.tenantId, row!.id))!;
    const token = await createSession(tx, user, o.now, o.session, level);
    await audit(tx, { tenantId: o.tenantId, actorId: user.id, actorKind: 'citizen', action: 'user.login_oidc', objectType: 'user', objectId: user.id, details: { level } }, o.now);
    return { ok: true as const, token, user, level, returnTo: login.return_to };
  });
}

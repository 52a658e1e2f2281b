export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k && !(k in out)) {
      try {
        out[k] = decodeURIComponent(v);
      } catch {
        /* ignore malformed cookie */
      }
    }
  }
  return out;
}

export interface CookieOptions {
  maxAgeSeconds?: number;
  httpOnly?: boolean;
  secure: boolean;
}

/** Cookies are HttpOnly, SameSite=Lax, path-wide; `__Host-` prefixed and Secure behind https. */
export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  let s = `${name}=${encodeURIComponent(value)}; Path=/; SameSite=Lax`;
  if (o.httpOnly !== false) s += '; HttpOnly';
  if (o.secure) s += '; Secure';
  if (o.maxAgeSeconds !== undefined) s += `; Max-Age=${o.maxAgeSeconds}`;
  return s;
}

export function cookieName(base: string, secure: boolean): string {
  return secure ? `__Host-${base}` : base;
}

import type { MessageKey } from './i18n/i18n.ts';

/** An error with a status and a German message key, safe to show to users. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly titleKey: MessageKey,
    readonly textKey: MessageKey,
  ) {
    super(`${status} ${titleKey}`);
  }
}

export const notFound = () => new HttpError(404, 'error.404.title', 'error.404.text');
export const forbidden = () => new HttpError(403, 'error.403.title', 'error.403.text');
export const badRequest = () => new HttpError(400, 'error.400.title', 'error.400.text');
export const csrfFailed = () => new HttpError(403, 'error.csrf.title', 'error.csrf.text');

/** Thrown when a protected page is requested without login; the shell redirects to the login form. */
export class LoginRequired extends Error {
  constructor() {
    super('login required');
  }
}

import type { FieldErrors } from '../web/forms.ts';
import { str } from '../web/forms.ts';
import type { Translate } from '../web/i18n/i18n.ts';
import { PASSWORD_MAX, passwordProblem } from './password.ts';

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function validEmail(email: string): boolean {
  return email.length <= 254 && EMAIL.test(email);
}

export interface LoginInput {
  email: string;
  password: string;
}

export function parseLogin(body: Record<string, unknown>, t: Translate): { input: LoginInput; errors: FieldErrors } {
  const input = { email: str(body, 'email', 254).trim(), password: str(body, 'password', PASSWORD_MAX) };
  const errors: FieldErrors = {};
  if (!input.email) errors.email = t('form.required');
  else if (!validEmail(input.email)) errors.email = t('form.email.invalid');
  if (!input.password) errors.password = t('form.required');
  return { input, errors };
}

export interface RegisterInput {
  name: string;
  email: string;
  password: string;
  password2: string;
  consent: boolean;
}

export function parseRegister(body: Record<string, unknown>, t: Translate): { input: RegisterInput; errors: FieldErrors } {
  const input = {
    name: str(body, 'name', 120).trim(),
    email: str(body, 'email', 254).trim(),
    password: str(body, 'password', PASSWORD_MAX + 1),
    password2: str(body, 'password2', PASSWORD_MAX + 1),
    consent: body.consent === 'ja',
  };
  const errors: FieldErrors = {};
  if (input.name.length < 2 || input.name.length > 120 || /[<>\u0000-\u001f]/.test(input.name)) errors.name = t('form.name.invalid');
  if (!input.email) errors.email = t('form.required');
  else if (!validEmail(input.email)) errors.email = t('form.email.invalid');
  Object.assign(errors, newPasswordErrors(input.password, input.password2, input.email, t));
  if (!input.consent) errors.consent = t('form.consent.missing');
  return { input, errors };
}

export function newPasswordErrors(pw: string, pw2: string, email: string, t: Translate): FieldErrors {
  const errors: FieldErrors = {};
  const p = passwordProblem(pw, email);
  if (p === 'too_short') errors.password = t('form.password.tooShort');
  else if (p === 'too_long') errors.password = t('form.password.tooLong');
  else if (p === 'is_email') errors.password = t('form.password.isEmail');
  else if (pw !== pw2) errors.password2 = t('form.passwordRepeat.mismatch');
  return errors;
}

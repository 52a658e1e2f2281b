const TZ = 'Europe/Berlin';

const dateFmt = { de: new Intl.DateTimeFormat('de-DE', { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric' }), en: new Intl.DateTimeFormat('en-GB', { timeZone: TZ, day: '2-digit', month: 'short', year: 'numeric' }) };
const dateTimeFmt = {
  de: new Intl.DateTimeFormat('de-DE', { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: TZ, day: '2-digit', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
};
const money = { de: new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }), en: new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' }) };

export type Lang = 'de' | 'en';

/** 21.11.2026 (German) in Europe/Berlin, whatever the server's time zone. */
export function formatDate(d: Date, lang: Lang = 'de'): string {
  return dateFmt[lang].format(d);
}

/** 21.11.2026, 14:05 */
export function formatDateTime(d: Date, lang: Lang = 'de'): string {
  return dateTimeFmt[lang].format(d);
}

/** Integer cents to "1.234,50 €"; never floats in storage or arithmetic. */
export function formatCents(cents: number, lang: Lang = 'de'): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError('amount must be integer cents');
  const neg = cents < 0;
  const abs = Math.abs(cents);
  const euros = Math.trunc(abs / 100);
  const rest = abs % 100;
  // Format through Intl for grouping and symbol placement, but from exact parts.
  const s = money[lang].format(euros).replace(/[.,]00(?=\D*$)/, '');
  const sep = lang === 'de' ? ',' : '.';
  const withCents = s.replace(/(\d)(?!.*\d)/, `$1${sep}${String(rest).padStart(2, '0')}`);
  return neg ? `-${withCents}` : withCents;
}

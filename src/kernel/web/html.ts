/** Markup that is already safe; only `html` and `raw` create it. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}

type Value = SafeHtml | string | number | boolean | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false || v === true) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** Escapes every interpolation unless it is SafeHtml, so markup cannot be injected by data. */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Marks trusted markup (our own constants) as safe. Never pass user input. */
export function raw(s: string): SafeHtml {
  return new SafeHtml(s);
}

/** Plain text with line breaks and paragraphs, escaped (tenant texts such as the Impressum). */
export function paragraphs(text: string): SafeHtml {
  return raw(
    text
      .split(/\n\s*\n/)
      .filter((p) => p.trim())
      .map((p) => `<p class="kern-body">${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`)
      .join(''),
  );
}

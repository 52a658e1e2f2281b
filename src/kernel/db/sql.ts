/**
 * A tiny tagged-template SQL builder: interpolations become bind parameters, never text.
 * Nested `Sql` fragments are inlined with their own parameters renumbered.
 */
export class Sql {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** Renders to PostgreSQL text with $1..$n placeholders. */
  toQuery(): { text: string; values: unknown[] } {
    const out: unknown[] = [];
    const text = this.render(out);
    return { text, values: out };
  }

  private render(out: unknown[]): string {
    let text = this.strings[0] ?? '';
    for (let i = 0; i < this.values.length; i++) {
      const v = this.values[i];
      if (v instanceof Sql) text += v.render(out);
      else if (v instanceof RawSql) text += v.text;
      else {
        out.push(v);
        text += `$${out.length}`;
      }
      text += this.strings[i + 1] ?? '';
    }
    return text;
  }
}

class RawSql {
  constructor(readonly text: string) {}
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return new Sql(strings, values);
}

/** Joins fragments with a separator (for optional WHERE clauses and value lists). */
sql.join = (parts: readonly Sql[], separator = ', '): Sql => {
  if (parts.length === 0) return new Sql([''], []);
  const strings = [''];
  for (let i = 1; i < parts.length; i++) strings.push(separator);
  strings.push('');
  return new Sql(strings, parts);
};

/** Trusted SQL text (identifiers or keywords chosen by code, never by input). */
sql.raw = (text: string): RawSql => {
  if (!/^[A-Za-z0-9_ .,()*=<>'-]*$/.test(text)) throw new Error(`sql.raw refuses ${JSON.stringify(text)}`);
  return new RawSql(text);
};

sql.empty = new Sql([''], []);

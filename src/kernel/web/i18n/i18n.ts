import { de, type MessageKey } from './de.ts';
import { en } from './en.ts';
import type { Lang } from '../format.ts';

export type { MessageKey };
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const dicts: Record<Lang, Record<MessageKey, string>> = { de, en };

/** Returns a translator for one language; `{name}` placeholders are filled from params. */
export function translator(lang: Lang): Translate {
  const d = dicts[lang];
  return (key, params) => {
    const s = d[key] ?? de[key];
    return params ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : s;
  };
}

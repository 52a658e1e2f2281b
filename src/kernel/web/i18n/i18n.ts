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

/**
 * A module's own messages, typed by its German dictionary; English must have the same keys.
 * Keeps module texts beside the module instead of in the kernel's dictionary.
 */
export function defineMessages<K extends string>(deDict: Record<K, string>, enDict: Record<K, string>) {
  const dicts = { de: deDict, en: enDict };
  return (lang: Lang) =>
    (key: K, params?: Record<string, string | number>): string => {
      const s = dicts[lang][key] ?? deDict[key];
      return params ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : s;
    };
}

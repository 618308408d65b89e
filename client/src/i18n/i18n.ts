import type { Category, EventType, Severity } from '@ioc/shared';
import { en } from './en';
import type { MessageKey, Messages } from './messages';
import { vi } from './vi';

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const DICTIONARIES: Record<Locale, Messages> = { vi, en };

type Params = Record<string, string | number>;

let current: Locale = 'en';
const listeners = new Set<(locale: Locale) => void>();

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * An explicit `?lang=` wins (handy for a video wall); otherwise the browser's first
 * language that we have; English when none matches.
 */
export function detectLocale(languages: readonly string[], override?: string | null): Locale {
  if (isLocale(override)) return override;
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  if (locale === current) return;
  current = locale;
  for (const listener of listeners) listener(locale);
}

/**
 * Re-renders every view that follows the language, in the same language: for texts that
 * depend on data loaded later (zone names).
 */
export function refreshTexts(): void {
  for (const listener of listeners) listener(current);
}

/** Returns the unsubscribe function, so every view can undo what it registered. */
export function onLocaleChange(listener: (locale: Locale) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function t(key: MessageKey, params?: Params): string {
  return interpolate(DICTIONARIES[current][key], params);
}

export const eventTypeLabel = (type: EventType): string => t(`eventType.${type}`);
export const severityLabel = (severity: Severity): string => t(`severity.${severity}`);
export const categoryLabel = (category: Category): string => t(`category.${category}`);

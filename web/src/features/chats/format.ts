// Dates and times for the chat screens, in the interface language.
import type { Lang, T } from "../../i18n";

export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

export function dayLabel(iso: string, lang: Lang, t: T, now = new Date()): string {
  const d = new Date(iso);
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const that = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  const days = Math.round((today.getTime() - that.getTime()) / 86_400_000);
  if (days === 0) return t("chat.today");
  if (days === 1) return t("chat.yesterday");
  return new Intl.DateTimeFormat(lang, {
    day: "numeric",
    month: "long",
    ...(d.getFullYear() !== now.getFullYear() ? { year: "numeric" } : {}),
  }).format(d);
}

export function timeLabel(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

/** Time for the chat list: today → 14:05, this week → weekday, older → date. */
export function shortWhen(iso: string, lang: Lang, now = new Date()): string {
  const d = new Date(iso);
  if (dayKey(iso) === dayKey(now.toISOString())) return timeLabel(iso, lang);
  if (now.getTime() - d.getTime() < 6 * 86_400_000) {
    return new Intl.DateTimeFormat(lang, { weekday: "short" }).format(d);
  }
  return new Intl.DateTimeFormat(lang, { day: "numeric", month: "short" }).format(d);
}

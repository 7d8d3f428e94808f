// Dates and times in the interface language (Intl), in a given time zone; reminder offsets
// and the labels of an event's place and of my answer.
import type { Lang, T } from "../../i18n";
import { KINDS, type CalEvent, type Kind } from "./api";
import { partsOf, type Day } from "./dates";

const formats = new Map<string, Intl.DateTimeFormat>();

function fmt(lang: Lang, tz: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${tz}|${JSON.stringify(opts)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === "ru" ? "ru-RU" : "en-GB", { timeZone: tz, ...opts });
    formats.set(key, f);
  }
  return f;
}

/** A plain day as a Date at UTC noon (formatted with timeZone UTC it is that day anywhere). */
function dayDate(day: Day): Date {
  const [y, m, d] = partsOf(day);
  return new Date(Date.UTC(y, m - 1, d, 12));
}

function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase() + s.slice(1);
}

/** "Декабрь 2026" / "December 2026". */
export function monthTitle(day: Day, lang: Lang): string {
  return capitalise(fmt(lang, "UTC", { month: "long", year: "numeric" }).format(dayDate(day)).replace(/\s*г\.$/, ""));
}

/** "30 ноября – 6 декабря 2026 г." */
export function rangeTitle(first: Day, last: Day, lang: Lang): string {
  return fmt(lang, "UTC", { day: "numeric", month: "long", year: "numeric" }).formatRange(dayDate(first), dayDate(last));
}

/** "суббота, 5 декабря 2026 г." */
export function longDay(day: Day, lang: Lang): string {
  return fmt(lang, "UTC", { weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(dayDate(day));
}

/** "сб, 5 дек." — the agenda's and the week's day headings. */
export function shortDay(day: Day, lang: Lang): string {
  return fmt(lang, "UTC", { weekday: "short", day: "numeric", month: "short" }).format(dayDate(day));
}

export function dayNumber(day: Day): string {
  return String(partsOf(day)[2]);
}

/** Monday-first weekday names: short ("пн") and long ("понедельник"). */
export function weekdayNames(lang: Lang): { short: string[]; long: string[] } {
  // 2026-11-30 is a Monday.
  const days = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2026, 10, 30 + i, 12)));
  return {
    short: days.map((d) => fmt(lang, "UTC", { weekday: "short" }).format(d)),
    long: days.map((d) => fmt(lang, "UTC", { weekday: "long" }).format(d)),
  };
}

export function timeOf(ms: number, tz: string, lang: Lang): string {
  return fmt(lang, tz, { hour: "2-digit", minute: "2-digit" }).format(new Date(ms));
}

/** "GMT+3" style offset name of a zone at a moment. */
export function zoneOffsetName(tz: string, lang: Lang, ms = Date.now()): string {
  const part = fmt(lang, tz, { timeZoneName: "shortOffset" }).formatToParts(new Date(ms)).find((p) => p.type === "timeZoneName");
  return part?.value ?? tz;
}

/** "Europe/Moscow (GMT+3)". */
export function zoneLabel(tz: string, lang: Lang, ms = Date.now()): string {
  return `${tz.replace(/_/g, " ")} (${zoneOffsetName(tz, lang, ms)})`;
}

/** The time of an event in a zone: "18:00–19:30" on one day, a full range otherwise;
 * all-day events by their own dates. */
export function whenText(ev: CalEvent, tz: string, lang: Lang, t: T, withDay = true): string {
  if (ev.all_day && ev.start_date) {
    const last = ev.end_date ?? ev.start_date;
    const f = fmt(lang, "UTC", { weekday: "long", day: "numeric", month: "long", year: "numeric" });
    const days = last === ev.start_date ? f.format(dayDate(ev.start_date)) : f.formatRange(dayDate(ev.start_date), dayDate(last));
    return withDay ? `${days}, ${t("cal.allDay").toLocaleLowerCase()}` : t("cal.allDay");
  }
  const start = new Date(ev.starts_at);
  const end = new Date(ev.ends_at);
  if (!withDay) return fmt(lang, tz, { hour: "2-digit", minute: "2-digit" }).formatRange(start, end);
  return fmt(lang, tz, { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" }).formatRange(start, end);
}

/** A moment with date and time ("5 декабря 2026 г., 18:00"). */
export function dateTime(iso: string, tz: string, lang: Lang): string {
  return fmt(lang, tz, { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

/** Reminder offsets in minutes as words: "за 1 день", "за 30 минут", "в момент начала". */
export function reminderText(minutes: number, t: T): string {
  if (minutes === 0) return t("cal.rem.start");
  if (minutes % 10080 === 0) return t("cal.rem.weeks", { count: minutes / 10080 });
  if (minutes % 1440 === 0) return t("cal.rem.days", { count: minutes / 1440 });
  if (minutes % 60 === 0) return t("cal.rem.hours", { count: minutes / 60 });
  return t("cal.rem.minutes", { count: minutes });
}

export const REMINDER_CHOICES = [0, 5, 10, 15, 30, 60, 120, 180, 1440, 2880, 4320, 10080, 20160] as const;

/** Whose event: "Класс 5А", "Вся организация"... */
export function audienceText(ev: Pick<CalEvent, "scope" | "place_label">, t: T): string {
  return ev.scope === "org" ? t("cal.scope.org") : t(`cal.scope.${ev.scope}`, { name: ev.place_label });
}

export type Look = "going" | "maybe" | "not_going" | "waiting" | "none" | "cancelled";

/** How an event is coloured for me: by my answer, cancelled ones apart. */
export function lookOf(ev: Pick<CalEvent, "status" | "my_answer">): Look {
  if (ev.status === "cancelled") return "cancelled";
  return ev.my_answer ?? "none";
}

export const LOOK_MARK: Record<Look, string> = {
  going: "✓",
  maybe: "?",
  not_going: "✕",
  waiting: "⏳",
  none: "•",
  cancelled: "⊘",
};

export function kindText(kind: string, t: T): string {
  return (KINDS as readonly string[]).includes(kind) ? t(`cal.kind.${kind as Kind}`) : t("cal.kind.other");
}

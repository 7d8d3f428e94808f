// Small pure helpers of the safety screens: days of the week as people say them, and the
// quiet-hours line of a chat.
import type { Key, T } from "../../i18n";

/** "пн–пт", "пн, ср, пт", "пн–ср, сб": runs of three or more days joined with a dash. */
export function daysLabel(t: T, days: readonly number[]): string {
  const sorted = [...new Set(days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    const first = t(`safety.day.${sorted[i]}` as Key);
    const last = t(`safety.day.${sorted[j]}` as Key);
    if (j - i >= 2) parts.push(`${first}–${last}`);
    else for (let k = i; k <= j; k++) parts.push(t(`safety.day.${sorted[k]}` as Key));
    i = j + 1;
  }
  return parts.join(", ");
}

export interface QuietLine {
  active: boolean;
  until_local?: string | null;
  until_weekday?: number | null;
}

/** The composer's line for quiet hours ending today or tomorrow ("until 08:00"), or on a
 * later day ("until Monday, 08:00"); null when the chat is not quiet. */
export function quietText(t: T, quiet: QuietLine, todayWeekday: number): string | null {
  if (!quiet.active || !quiet.until_local) return null;
  const day = quiet.until_weekday ?? todayWeekday;
  const ahead = (day - todayWeekday + 7) % 7;
  if (ahead <= 1) return t("safety.quietUntil", { time: quiet.until_local });
  return t("safety.quietUntilDay", { day: t(`safety.dayLong.${day}` as Key), time: quiet.until_local });
}

/** ISO weekday (Monday = 1) of a date. */
export function isoWeekday(d: Date): number {
  return ((d.getDay() + 6) % 7) + 1;
}

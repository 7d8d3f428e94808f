// How the catalogue names things in the interface language: subjects, languages, grades.
import type { Key, T } from "../../i18n";
import { gradeRange } from "./grades";

/** A subject by its code (translated when known, else the server's Russian name). */
export function subjectLabel(t: T, code: string, fallback = ""): string {
  const key = `cat.subject.${code}` as Key;
  const text = t(key);
  return text === key ? fallback || code : text;
}

export function languageLabel(t: T, code: string): string {
  const key = `cat.lang.${code}` as Key;
  const text = t(key);
  return text === key ? code : text;
}

/** "5–7 классы" / "Grades 5–7". */
export function gradesLabel(t: T, grades: readonly number[]): string {
  const range = gradeRange(grades);
  return grades.length === 1 ? t("cat.gradeOne", { range }) : t("cat.gradeMany", { range });
}

export const LANGUAGES = ["ru", "en", "tt", "ba", "cv", "ce", "sah", "de", "fr", "zh", "other"] as const;

// Pure helpers of the catalogue: school years as ranges, the grade filter, who may use it.

export const MIN_GRADE = 1;
export const MAX_GRADE = 12;
export const GRADES: readonly number[] = Array.from({ length: MAX_GRADE - MIN_GRADE + 1 }, (_, i) => i + MIN_GRADE);

/** [5, 6, 7] → "5–7"; [1, 3, 4, 5, 9] → "1, 3–5, 9"; pairs stay a range: [5, 6] → "5–6". */
export function gradeRange(grades: readonly number[]): string {
  const sorted = [...new Set(grades)].filter((g) => Number.isInteger(g)).sort((a, b) => a - b);
  const parts: string[] = [];
  let start: number | null = null;
  let prev: number | null = null;
  for (const g of [...sorted, Number.NaN]) {
    if (start !== null && prev !== null && g === prev + 1) {
      prev = g;
      continue;
    }
    if (start !== null && prev !== null) parts.push(start === prev ? `${start}` : `${start}–${prev}`);
    start = g;
    prev = g;
  }
  return parts.join(", ");
}

/** The form's chosen years as the API's field: sorted, without repeats ("5,6,7"). */
export function gradesField(chosen: Iterable<number>): string {
  return [...new Set(chosen)].sort((a, b) => a - b).join(",");
}

/** A grade from the address (?grade=5); null unless a whole number in range. */
export function gradeParam(raw: string | null): number | null {
  if (!raw || !/^\d{1,2}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= MIN_GRADE && n <= MAX_GRADE ? n : null;
}

export interface RoleLike {
  role: string;
  verified: boolean;
}

/** The server's "catalogue teacher": a verified teacher or head, or an administrator. */
export function isCatalogueTeacher(roles: readonly RoleLike[]): boolean {
  return roles.some((r) => ((r.role === "teacher" || r.role === "head") && r.verified) || r.role === "admin");
}

/** The first `max` characters of a description at a word boundary, with an ellipsis. */
export function excerpt(text: string, max = 220): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, "")}…`;
}

// Client-side checks of the application form, mirroring the server's rules (docs/api/operator.md)
// so that most mistakes are shown before anything is sent. The server checks again.

export const DOCUMENT_MAX_MB = 10;
export const DOCUMENT_MAX_BYTES = DOCUMENT_MAX_MB * 1024 * 1024;
export const DOCUMENT_TYPES = ["application/pdf", "image/jpeg", "image/png", "image/webp"];
export const DOCUMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,.webp," + DOCUMENT_TYPES.join(",");

export const KINDS = ["school", "college", "kindergarten", "additional"] as const;
export type Kind = (typeof KINDS)[number];

export const TEXT_FIELDS = [
  "org_name",
  "kind",
  "region",
  "address",
  "inn",
  "admin_full_name",
  "admin_phone",
  "admin_email",
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
export type FieldName = TextField | "document" | "questionnaire";

const W10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const W11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const W12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function checkDigit(digits: number[], weights: number[]): number {
  return (weights.reduce((sum, w, i) => sum + w * (digits[i] ?? 0), 0) % 11) % 10;
}

/** ИНН: 10 digits (an organisation) or 12, with correct check digits; spaces ignored. */
export function isValidInn(raw: string): boolean {
  const v = raw.replace(/\s+/g, "");
  if (!/^\d{10}$|^\d{12}$/.test(v)) return false;
  const d = [...v].map(Number);
  if (d.length === 10) return checkDigit(d, W10) === d[9];
  return checkDigit(d, W11) === d[10] && checkDigit(d, W12) === d[11];
}

/** A phone the server will accept: 8XXXXXXXXXX or +<country><8–14 digits>. */
export function isValidPhone(raw: string): boolean {
  let d = raw.trim().replace(/[\s()\-.]/g, "");
  if (d.startsWith("8") && d.length === 11) d = "+7" + d.slice(1);
  if (!d.startsWith("+")) d = "+" + d;
  return /^\+[1-9]\d{7,14}$/.test(d);
}

export function isValidEmail(raw: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw.trim());
}

function between(v: string, min: number, max: number): boolean {
  const n = v.trim().length;
  return n >= min && n <= max;
}

/** Problems of the text fields: field -> the catalogue key of its message. */
export function checkFields(values: Record<TextField, string>): Partial<Record<TextField, string>> {
  const out: Partial<Record<TextField, string>> = {};
  for (const f of TEXT_FIELDS) if (!values[f].trim()) out[f] = "apply.err.required";
  if (values.org_name.trim() && !between(values.org_name, 2, 300)) out.org_name = "apply.err.org_name";
  if (values.kind && !(KINDS as readonly string[]).includes(values.kind)) out.kind = "apply.err.kind";
  if (values.region.trim() && !between(values.region, 2, 200)) out.region = "apply.err.region";
  if (values.address.trim() && !between(values.address, 5, 500)) out.address = "apply.err.address";
  if (values.inn.trim() && !isValidInn(values.inn)) out.inn = "apply.err.inn";
  if (values.admin_full_name.trim() && !between(values.admin_full_name, 2, 200)) {
    out.admin_full_name = "apply.err.admin_full_name";
  }
  if (values.admin_phone.trim() && !isValidPhone(values.admin_phone)) out.admin_phone = "apply.err.admin_phone";
  if (values.admin_email.trim() && !isValidEmail(values.admin_email)) out.admin_email = "apply.err.admin_email";
  return out;
}

/** The document's problem, if any: "type" or "size" (the type is checked again by content). */
export function checkDocument(file: File | null): "missing" | "type" | "size" | null {
  if (!file) return "missing";
  const ext = file.name.toLowerCase().split(".").pop() ?? "";
  const typeOk = DOCUMENT_TYPES.includes(file.type) || ["pdf", "jpg", "jpeg", "png", "webp"].includes(ext);
  if (!typeOk) return "type";
  if (file.size > DOCUMENT_MAX_BYTES) return "size";
  return null;
}

/** "1,2 МБ" / "1.2 MB", "830 КБ" / "830 KB". */
export function formatSize(bytes: number, lang: string): string {
  const ru = lang === "ru";
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} ${ru ? "КБ" : "KB"}`;
  const mb = (bytes / (1024 * 1024)).toLocaleString(lang, { maximumFractionDigits: 1 });
  return `${mb} ${ru ? "МБ" : "MB"}`;
}

// Pure helpers of the files feature: sizes and durations in the interface language, the
// type badge of a file card, download addresses, link expiry and the files tab's groups.
import type { Schemas } from "../../api/client";
import type { Lang } from "../../i18n";

export type Attachment = Schemas["AttachmentOut"];
export type AttachmentKind = Attachment["kind"];

const UNITS: Record<Lang, { bytes: (n: number) => string; units: string[] }> = {
  ru: {
    bytes: (n) => `${n} ${ruBytes(n)}`,
    units: ["КБ", "МБ", "ГБ", "ТБ"],
  },
  en: {
    bytes: (n) => `${n} ${n === 1 ? "byte" : "bytes"}`,
    units: ["KB", "MB", "GB", "TB"],
  },
};

function ruBytes(n: number): string {
  const form = new Intl.PluralRules("ru").select(n);
  return form === "one" ? "байт" : form === "few" ? "байта" : "байт";
}

/** 1536 → "1,5 КБ" / "1.5 KB"; below 1 KB in bytes; one decimal below 10 units, none above. */
export function formatSize(bytes: number, lang: Lang): string {
  const u = UNITS[lang];
  if (!Number.isFinite(bytes) || bytes < 0) bytes = 0;
  if (bytes < 1024) return u.bytes(Math.round(bytes));
  let value = bytes / 1024;
  let i = 0;
  while (value >= 1024 && i < u.units.length - 1) {
    value /= 1024;
    i++;
  }
  // Rounding 1023.96 KB up shows "1024 KB": move to the next unit instead.
  if (Math.round(value) >= 1024 && i < u.units.length - 1) {
    value /= 1024;
    i++;
  }
  const digits = value < 10 ? 1 : 0;
  const text = new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value);
  return `${text} ${u.units[i]}`;
}

/** 83_000 → "1:23"; an hour or more → "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round((Number.isFinite(ms) ? ms : 0) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** The server's "The limit is 10 MB." (or "512 KB", "1.5 GB") as bytes; null when absent. */
export function limitFromMessage(message: string): number | null {
  const found = /(\d+(?:[.,]\d+)?)\s*(bytes?|KB|MB|GB|B)\b/i.exec(message);
  if (!found) return null;
  const n = Number((found[1] ?? "").replace(",", "."));
  const unit = (found[2] ?? "").toUpperCase();
  const mult = unit === "KB" ? 1024 : unit === "MB" ? 1024 ** 2 : unit === "GB" ? 1024 ** 3 : 1;
  return Number.isFinite(n) ? Math.round(n * mult) : null;
}

export type FileType = "pdf" | "doc" | "sheet" | "slides" | "archive" | "text" | "image" | "audio" | "video" | "other";

const BY_EXT: Record<string, FileType> = {
  pdf: "pdf",
  doc: "doc",
  docx: "doc",
  odt: "doc",
  rtf: "doc",
  xls: "sheet",
  xlsx: "sheet",
  ods: "sheet",
  csv: "sheet",
  ppt: "slides",
  pptx: "slides",
  odp: "slides",
  zip: "archive",
  rar: "archive",
  "7z": "archive",
  gz: "archive",
  tar: "archive",
  txt: "text",
  md: "text",
};

/** What a file card shows as its type: by the sniffed MIME type first, then the name. */
export function fileType(name: string, mime: string): FileType {
  const m = mime.toLowerCase();
  if (m === "application/pdf") return "pdf";
  if (m.startsWith("image/")) return "image";
  if (m.startsWith("audio/")) return "audio";
  if (m.startsWith("video/")) return "video";
  if (m.includes("wordprocessing") || m === "application/msword" || m.includes("opendocument.text")) return "doc";
  if (m.includes("spreadsheet") || m === "application/vnd.ms-excel" || m === "text/csv") return "sheet";
  if (m.includes("presentation") || m === "application/vnd.ms-powerpoint") return "slides";
  if (m.includes("zip") || m.includes("compressed") || m.includes("x-tar") || m.includes("gzip")) return "archive";
  const ext = extension(name);
  const byName = BY_EXT[ext];
  if (byName) return byName;
  if (m.startsWith("text/")) return "text";
  return "other";
}

/** "report.final.PDF" → "pdf"; no dot → "". */
export function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : "";
}

/** The badge text of a card: the extension (at most 4 letters), or the type. */
export function badgeText(name: string, mime: string): string {
  const ext = extension(name);
  if (ext && ext.length <= 4 && /^[a-z0-9]+$/.test(ext)) return ext.toUpperCase();
  const type = fileType(name, mime);
  return type === "other" ? "FILE" : type.toUpperCase().slice(0, 4);
}

/** The address that makes the server send the file as a download. */
export function downloadUrl(url: string): string {
  if (/[?&]download=1(&|$)/.test(url)) return url;
  return url + (url.includes("?") ? "&" : "?") + "download=1";
}

/** Whether a signed address has run out: its `exp`/`expires` parameter (Unix seconds) is
 * past, with a margin. Unknown formats count as fresh (the 410 path still catches them). */
export function linkExpired(url: string, now: number, marginMs = 15_000): boolean {
  const q = url.indexOf("?");
  if (q < 0) return false;
  const params = new URLSearchParams(url.slice(q + 1));
  const raw = params.get("exp") ?? params.get("expires") ?? params.get("e");
  if (!raw || !/^\d+$/.test(raw)) return false;
  return Number(raw) * 1000 - marginMs <= now;
}

/** The files tab: which kinds each tab shows. */
export type FilesTab = "media" | "files" | "audio";
export const FILE_TABS: Record<FilesTab, AttachmentKind[]> = {
  media: ["image", "video"],
  files: ["file"],
  audio: ["audio", "voice"],
};
export const TAB_ORDER: FilesTab[] = ["media", "files", "audio"];

export function tabOf(kind: AttachmentKind): FilesTab {
  return kind === "image" || kind === "video" ? "media" : kind === "file" ? "files" : "audio";
}

/** How a message lays out its attachments: pictures in a grid, players, then file cards. */
export interface AttachmentGroups {
  images: Attachment[];
  videos: Attachment[];
  audios: Attachment[];
  voices: Attachment[];
  files: Attachment[];
}

export function groupAttachments(list: readonly Attachment[]): AttachmentGroups {
  const g: AttachmentGroups = { images: [], videos: [], audios: [], voices: [], files: [] };
  for (const a of list) {
    if (a.kind === "image") g.images.push(a);
    else if (a.kind === "video") g.videos.push(a);
    else if (a.kind === "audio") g.audios.push(a);
    else if (a.kind === "voice") g.voices.push(a);
    else g.files.push(a);
  }
  return g;
}

/** Grid columns for n pictures: 1 → one large, 2 and 4 → two, otherwise three. */
export function gridColumns(n: number): number {
  return n <= 1 ? 1 : n === 2 || n === 4 ? 2 : 3;
}

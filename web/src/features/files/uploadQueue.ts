// The composer's uploads as pure state: each chosen file uploads at once; the message can
// be sent when none is still running, with the finished ones' ids in the order chosen.
import type { Attachment } from "./format";

export const MAX_ATTACHMENTS = 10;

export type UploadStatus = "uploading" | "done" | "failed";

export interface UploadError {
  code: string;
  /** The per-file limit in bytes, when the error is about size and it is known. */
  limit?: number | null;
}

export interface UploadItem {
  key: string;
  name: string;
  size: number;
  mime: string;
  progress: number;
  status: UploadStatus;
  attachment?: Attachment;
  error?: UploadError;
}

export type UploadAction =
  | { type: "add"; key: string; name: string; size: number; mime: string }
  | { type: "progress"; key: string; fraction: number }
  | { type: "done"; key: string; attachment: Attachment }
  | { type: "failed"; key: string; error: UploadError }
  | { type: "remove"; key: string }
  | { type: "clear" };

export function uploadsReducer(items: UploadItem[], action: UploadAction): UploadItem[] {
  switch (action.type) {
    case "add":
      if (items.some((i) => i.key === action.key)) return items;
      return [
        ...items,
        { key: action.key, name: action.name, size: action.size, mime: action.mime, progress: 0, status: "uploading" },
      ];
    case "progress":
      return patch(items, action.key, (i) =>
        i.status === "uploading" ? { ...i, progress: Math.max(i.progress, Math.min(1, Math.max(0, action.fraction))) } : i,
      );
    case "done":
      return patch(items, action.key, (i) => ({ ...i, status: "done", progress: 1, attachment: action.attachment }));
    case "failed":
      return patch(items, action.key, (i) => ({ ...i, status: "failed", error: action.error }));
    case "remove":
      return items.filter((i) => i.key !== action.key);
    case "clear":
      return items.length ? [] : items;
  }
}

function patch(items: UploadItem[], key: string, fn: (i: UploadItem) => UploadItem): UploadItem[] {
  let changed = false;
  const next = items.map((i) => {
    if (i.key !== key) return i;
    const n = fn(i);
    if (n !== i) changed = true;
    return n;
  });
  return changed ? next : items;
}

/** Any file still uploading: sending waits. */
export function uploadsBusy(items: readonly UploadItem[]): boolean {
  return items.some((i) => i.status === "uploading");
}

/** The finished uploads, in the order they were chosen. */
export function readyAttachments(items: readonly UploadItem[]): Attachment[] {
  return items.flatMap((i) => (i.status === "done" && i.attachment ? [i.attachment] : []));
}

/** Files that take a place in the message (failed ones do not). */
export function slotsUsed(items: readonly UploadItem[]): number {
  return items.filter((i) => i.status !== "failed").length;
}

/** How many of `wanted` new files still fit into one message. */
export function roomFor(items: readonly UploadItem[], wanted: number): number {
  return Math.max(0, Math.min(wanted, MAX_ATTACHMENTS - slotsUsed(items)));
}

/** Whether the send button works: nothing uploading, and text or a finished file. */
export function canSend(text: string, items: readonly UploadItem[]): boolean {
  if (uploadsBusy(items)) return false;
  return text.trim().length > 0 || readyAttachments(items).length > 0;
}

/** Overall progress of the running uploads, weighted by size (0..1), or null when none runs. */
export function totalProgress(items: readonly UploadItem[]): number | null {
  const running = items.filter((i) => i.status === "uploading");
  if (!running.length) return null;
  const total = running.reduce((s, i) => s + Math.max(1, i.size), 0);
  const done = running.reduce((s, i) => s + Math.max(1, i.size) * i.progress, 0);
  return done / total;
}

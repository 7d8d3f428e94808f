import { describe, expect, it } from "vitest";
import type { Attachment } from "./format";
import {
  MAX_ATTACHMENTS,
  canSend,
  readyAttachments,
  roomFor,
  totalProgress,
  uploadsBusy,
  uploadsReducer,
  type UploadAction,
  type UploadItem,
} from "./uploadQueue";

const att = (id: string): Attachment => ({
  id,
  kind: "file",
  name: `${id}.pdf`,
  mime: "application/pdf",
  size: 10,
  url: `/api/v1/files/${id}`,
  created_at: "2026-01-01T00:00:00Z",
});

function run(...actions: UploadAction[]): UploadItem[] {
  return actions.reduce(uploadsReducer, [] as UploadItem[]);
}
const add = (key: string, size = 100): UploadAction => ({ type: "add", key, name: `${key}.pdf`, size, mime: "application/pdf" });

describe("upload queue", () => {
  it("blocks sending while a file uploads, then sends the finished ones in order", () => {
    let s = run(add("a"), add("b"));
    expect(uploadsBusy(s)).toBe(true);
    expect(canSend("", s)).toBe(false);
    expect(canSend("hello", s)).toBe(false);
    s = uploadsReducer(s, { type: "done", key: "b", attachment: att("B") });
    expect(canSend("", s)).toBe(false);
    s = uploadsReducer(s, { type: "done", key: "a", attachment: att("A") });
    expect(uploadsBusy(s)).toBe(false);
    expect(canSend("", s)).toBe(true);
    expect(readyAttachments(s).map((a) => a.id)).toEqual(["A", "B"]);
  });

  it("needs text or a finished file", () => {
    expect(canSend("   ", [])).toBe(false);
    expect(canSend(" hi ", [])).toBe(true);
    const failed = run(add("a"), { type: "failed", key: "a", error: { code: "file_too_large", limit: 1 } });
    expect(canSend("", failed)).toBe(false);
    expect(canSend("text", failed)).toBe(true);
    expect(readyAttachments(failed)).toEqual([]);
  });

  it("tracks progress monotonically and weights it by size", () => {
    let s = run(add("a", 100), add("b", 300));
    s = uploadsReducer(s, { type: "progress", key: "a", fraction: 0.5 });
    s = uploadsReducer(s, { type: "progress", key: "a", fraction: 0.2 }); // late event: ignored
    expect(s[0]?.progress).toBe(0.5);
    s = uploadsReducer(s, { type: "progress", key: "b", fraction: 1.7 });
    expect(s[1]?.progress).toBe(1);
    expect(totalProgress(s)).toBeCloseTo((50 + 300) / 400);
    s = uploadsReducer(s, { type: "done", key: "a", attachment: att("A") });
    s = uploadsReducer(s, { type: "done", key: "b", attachment: att("B") });
    expect(totalProgress(s)).toBeNull();
  });

  it("cancel removes; a failed file frees its place", () => {
    let s = run(add("a"), add("b"));
    s = uploadsReducer(s, { type: "remove", key: "a" });
    expect(s.map((i) => i.key)).toEqual(["b"]);
    const same = uploadsReducer(s, { type: "progress", key: "zzz", fraction: 0.5 });
    expect(same).toBe(s);
    expect(uploadsReducer(s, { type: "clear" })).toEqual([]);
  });

  it("limits a message to ten files", () => {
    let s: UploadItem[] = [];
    for (let i = 0; i < 8; i++) s = uploadsReducer(s, add(`f${i}`));
    expect(roomFor(s, 5)).toBe(MAX_ATTACHMENTS - 8);
    s = uploadsReducer(s, { type: "failed", key: "f0", error: { code: "file_infected" } });
    expect(roomFor(s, 5)).toBe(3);
    expect(roomFor(s, 1)).toBe(1);
  });

  it("ignores a duplicate add", () => {
    const s = run(add("a"));
    expect(uploadsReducer(s, add("a"))).toBe(s);
  });
});

import { describe, expect, it } from "vitest";
import {
  badgeText,
  downloadUrl,
  fileType,
  formatDuration,
  formatSize,
  gridColumns,
  groupAttachments,
  limitFromMessage,
  linkExpired,
  tabOf,
  type Attachment,
} from "./format";

const nb = (s: string) => s.replace(/\u00a0|\u202f/g, " ");

function att(kind: Attachment["kind"], name = "x"): Attachment {
  return { id: name, kind, name, mime: "application/octet-stream", size: 1, url: "/f", created_at: "2026-01-01T00:00:00Z" };
}

describe("formatSize", () => {
  it("shows bytes below a kilobyte, with Russian plural forms", () => {
    expect(formatSize(0, "ru")).toBe("0 байт");
    expect(formatSize(1, "ru")).toBe("1 байт");
    expect(formatSize(3, "ru")).toBe("3 байта");
    expect(formatSize(1, "en")).toBe("1 byte");
    expect(formatSize(512, "en")).toBe("512 bytes");
  });
  it("uses localised decimals and units", () => {
    expect(formatSize(1536, "ru")).toBe("1,5 КБ");
    expect(formatSize(1536, "en")).toBe("1.5 KB");
    expect(formatSize(10 * 1024 * 1024, "ru")).toBe("10 МБ");
    expect(nb(formatSize(250 * 1024, "en"))).toBe("250 KB");
    expect(formatSize(3.25 * 1024 ** 3, "en")).toBe("3.3 GB");
  });
  it("never shows 1024 of a unit", () => {
    expect(formatSize(1024 * 1024 - 10, "en")).toBe("1 MB");
  });
  it("treats nonsense as zero", () => {
    expect(formatSize(-5, "en")).toBe("0 bytes");
    expect(formatSize(Number.NaN, "en")).toBe("0 bytes");
  });
});

describe("formatDuration", () => {
  it("formats minutes and hours", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(1499)).toBe("0:01");
    expect(formatDuration(83_000)).toBe("1:23");
    expect(formatDuration(3_723_000)).toBe("1:02:03");
  });
});

describe("limitFromMessage", () => {
  it("reads the server's limit", () => {
    expect(limitFromMessage("The file is too large. The limit is 10 MB.")).toBe(10 * 1024 * 1024);
    expect(limitFromMessage("The limit is 1.5 GB")).toBe(1.5 * 1024 ** 3);
    expect(limitFromMessage("The limit is 512 KB.")).toBe(512 * 1024);
    expect(limitFromMessage("Too large.")).toBeNull();
  });
});

describe("file types", () => {
  it("goes by the sniffed type before the name", () => {
    expect(fileType("work.docx", "application/pdf")).toBe("pdf");
    expect(fileType("table.bin", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).toBe("sheet");
    expect(fileType("notes.md", "application/octet-stream")).toBe("text");
    expect(fileType("slides.pptx", "application/zip")).toBe("archive");
    expect(fileType("mystery", "application/octet-stream")).toBe("other");
  });
  it("badges with a short extension or the type", () => {
    expect(badgeText("Отчёт.PDF", "application/pdf")).toBe("PDF");
    expect(badgeText("archive.tar.gz", "application/gzip")).toBe("GZ");
    expect(badgeText("noext", "application/pdf")).toBe("PDF");
    expect(badgeText("weird.verylongext", "application/octet-stream")).toBe("FILE");
  });
});

describe("addresses", () => {
  it("adds download=1 once", () => {
    expect(downloadUrl("/api/v1/files/A?sig=1")).toBe("/api/v1/files/A?sig=1&download=1");
    expect(downloadUrl("/api/v1/files/A")).toBe("/api/v1/files/A?download=1");
    expect(downloadUrl("/api/v1/files/A?download=1")).toBe("/api/v1/files/A?download=1");
  });
  it("knows when a signed link has run out", () => {
    const now = 1_800_000_000_000;
    expect(linkExpired(`/f?exp=${now / 1000 - 1}&sig=x`, now)).toBe(true);
    expect(linkExpired(`/f?exp=${now / 1000 + 3600}&sig=x`, now)).toBe(false);
    expect(linkExpired(`/f?expires=${now / 1000 + 5}`, now)).toBe(true); // within the margin
    expect(linkExpired("/f?sig=x", now)).toBe(false);
    expect(linkExpired("/f", now)).toBe(false);
  });
});

describe("grouping", () => {
  it("puts each kind in its tab", () => {
    expect(tabOf("image")).toBe("media");
    expect(tabOf("video")).toBe("media");
    expect(tabOf("voice")).toBe("audio");
    expect(tabOf("audio")).toBe("audio");
    expect(tabOf("file")).toBe("files");
  });
  it("splits a message's attachments by how they are shown, keeping order", () => {
    const g = groupAttachments([att("file", "a"), att("image", "b"), att("voice", "c"), att("image", "d"), att("video", "e")]);
    expect(g.images.map((a) => a.name)).toEqual(["b", "d"]);
    expect(g.files.map((a) => a.name)).toEqual(["a"]);
    expect(g.voices.map((a) => a.name)).toEqual(["c"]);
    expect(g.videos.map((a) => a.name)).toEqual(["e"]);
    expect(g.audios).toEqual([]);
  });
  it("lays out pictures in a tidy grid", () => {
    expect([1, 2, 3, 4, 5, 9].map(gridColumns)).toEqual([1, 2, 3, 2, 3, 3]);
  });
});

import { describe, expect, it } from "vitest";
import { previewText } from "./ChatList";
import { ru } from "../../i18n/ru";
import type { Key } from "../../i18n";

const t = (k: Key): string => String((ru as Record<string, unknown>)[k] ?? k);
const base = { id: "m", seq: 1, author_id: "a", author_name: "Анна", deleted: false, created_at: "" };

describe("chat list preview", () => {
  it("names calls, polls, tasks and files-only messages instead of showing nothing", () => {
    expect(previewText({ ...base, text: "", kind: "call", files: 0 }, t)).toBe("📞 Звонок");
    expect(previewText({ ...base, text: "Когда собрание?", kind: "poll", files: 0 }, t)).toBe(
      "📊 Когда собрание?",
    );
    expect(previewText({ ...base, text: "", kind: "assignment", files: 0 }, t)).toBe("📝 Задание");
    expect(previewText({ ...base, text: "", kind: "text", files: 2 }, t)).toBe("📎 Файлы");
    expect(previewText({ ...base, text: "Привет", kind: "text", files: 1 }, t)).toBe("Привет");
  });
});

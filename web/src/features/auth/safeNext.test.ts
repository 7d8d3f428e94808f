import { describe, expect, it } from "vitest";
import { safeNext } from "./session";

const ORIGIN = "https://parta.example";

describe("safeNext", () => {
  it("keeps paths of this site, with their query and hash", () => {
    expect(safeNext("/chats/01ABC", ORIGIN)).toBe("/chats/01ABC");
    expect(safeNext("/settings/sessions?x=1#top", ORIGIN)).toBe("/settings/sessions?x=1#top");
    expect(safeNext("/invite/abc", ORIGIN)).toBe("/invite/abc");
  });

  it("sends everything that would leave the site home", () => {
    for (const evil of [
      "//evil.example",
      "//evil.example/path",
      "/\\evil.example",
      "/\\/evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      null,
    ]) {
      expect(safeNext(evil, ORIGIN), String(evil)).toBe("/");
    }
  });
});

import { describe, expect, it } from "vitest";
import { en } from "./en";
import { detectLang, translate, type Key } from "./index";
import { ru } from "./ru";

describe("i18n", () => {
  it("has the same keys in both catalogues, none empty", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ru).sort());
    for (const [k, v] of [...Object.entries(ru), ...Object.entries(en)]) {
      expect(typeof v === "string" ? v : v.other, k).not.toBe("");
    }
  });

  it("is Russian by default and follows the browser otherwise", () => {
    expect(detectLang(null, [])).toBe("ru");
    expect(detectLang(null, ["de-DE", "fr"])).toBe("ru");
    expect(detectLang(null, ["en-GB", "ru"])).toBe("en");
    expect(detectLang(null, ["ru-RU", "en"])).toBe("ru");
    expect(detectLang("en", ["ru-RU"])).toBe("en");
  });

  it("uses Russian plural forms", () => {
    const k: Key = "chat.members";
    expect(translate("ru", k, { count: 1 })).toBe("1 участник");
    expect(translate("ru", k, { count: 3 })).toBe("3 участника");
    expect(translate("ru", k, { count: 5 })).toBe("5 участников");
    expect(translate("ru", k, { count: 21 })).toBe("21 участник");
    expect(translate("en", k, { count: 1 })).toBe("1 member");
    expect(translate("en", k, { count: 2 })).toBe("2 members");
    expect(translate("ru", "invite.heading", { org: "Школа №5" })).toBe("Школа №5 приглашает вас");
  });
});

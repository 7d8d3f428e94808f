import { describe, expect, it } from "vitest";
import { translate, type Key, type Vars } from "../../i18n";
import { daysLabel, isoWeekday, quietText } from "./format";

const ru = (key: Key, vars?: Vars) => translate("ru", key, vars);
const en = (key: Key, vars?: Vars) => translate("en", key, vars);

describe("safety formatting", () => {
  it("writes days as people say them", () => {
    expect(daysLabel(ru, [1, 2, 3, 4, 5])).toBe("пн–пт");
    expect(daysLabel(ru, [5, 1, 3])).toBe("пн, ср, пт");
    expect(daysLabel(ru, [1, 2, 3, 6])).toBe("пн–ср, сб");
    expect(daysLabel(en, [6, 7])).toBe("Sat, Sun");
    expect(daysLabel(en, [])).toBe("");
  });

  it("says until when quiet hours last", () => {
    expect(quietText(ru, { active: false }, 1)).toBeNull();
    expect(quietText(ru, { active: true, until_local: "08:00", until_weekday: 2 }, 1)).toBe(
      "Тихие часы до 08:00: сообщение доставят сразу, а уведомления придут после 08:00.",
    );
    expect(quietText(en, { active: true, until_local: "08:00", until_weekday: 1 }, 5)).toBe(
      "Quiet hours until Monday, 08:00: your message is delivered now, notifications go out later.",
    );
  });

  it("counts weekdays from Monday", () => {
    expect(isoWeekday(new Date(2026, 5, 1))).toBe(1); // 1 June 2026 is a Monday
    expect(isoWeekday(new Date(2026, 5, 7))).toBe(7);
  });
});

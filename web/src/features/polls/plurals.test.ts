import { describe, expect, it } from "vitest";
import { translate } from "../../i18n";

describe("poll and acknowledgement plurals", () => {
  it("says how many voted, in Russian forms", () => {
    const n = (count: number) => translate("ru", "polls.voted", { count });
    expect(n(1)).toBe("1 человек проголосовал");
    expect(n(3)).toBe("3 человека проголосовали");
    expect(n(5)).toBe("5 человек проголосовали");
    expect(n(11)).toBe("11 человек проголосовали");
    expect(n(21)).toBe("21 человек проголосовал");
    expect(n(24)).toBe("24 человека проголосовали");
    expect(translate("en", "polls.voted", { count: 1 })).toBe("1 person voted");
    expect(translate("en", "polls.voted", { count: 2 })).toBe("2 people voted");
  });

  it("counts votes per option", () => {
    const v = (count: number) => translate("ru", "polls.optionVotes", { count });
    expect([v(0), v(1), v(2), v(5), v(22)]).toEqual(["0 голосов", "1 голос", "2 голоса", "5 голосов", "22 голоса"]);
  });

  it("says how many families confirmed", () => {
    const f = (confirmed: number, count: number) => translate("ru", "acks.countFamilies", { confirmed, count });
    expect(f(23, 25)).toBe("Подтвердили: 23 из 25 семей");
    expect(f(1, 21)).toBe("Подтвердили: 1 из 21 семьи");
    expect(f(0, 3)).toBe("Подтвердили: 0 из 3 семей");
    expect(translate("ru", "acks.countPeople", { confirmed: 1, count: 2 })).toBe("Подтвердили: 1 из 2 человек");
    expect(translate("en", "acks.countFamilies", { confirmed: 23, count: 25 })).toBe("Confirmed by 23 of 25 families");
    expect(translate("en", "acks.countPeople", { confirmed: 0, count: 1 })).toBe("Confirmed by 0 of 1 person");
  });
});

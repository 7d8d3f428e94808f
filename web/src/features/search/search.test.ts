import { describe, expect, it } from "vitest";
import { localDayStart } from "./SearchView";

describe("search dates", () => {
  it("sends local midnights; the 'to' date counts whole", () => {
    expect(new Date(localDayStart("2026-09-01")).getDate()).toBe(1);
    expect(new Date(localDayStart("2026-09-01")).getHours()).toBe(0);
    expect(new Date(localDayStart("2026-09-30", true)).getDate()).toBe(1);
    expect(new Date(localDayStart("2026-12-31", true)).getFullYear()).toBe(2027);
  });
});

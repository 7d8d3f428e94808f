import { describe, expect, it } from "vitest";
import { clampHours, mayReport, modTabs, parseModPath, statusKey } from "./logic";

describe("moderation logic", () => {
  it("offers Report on others' live messages only", () => {
    const m = { author_id: "b", deleted: false, kind: "text" };
    expect(mayReport(m, "a")).toBe(true);
    expect(mayReport(m, "b")).toBe(false);
    expect(mayReport({ ...m, deleted: true }, "a")).toBe(false);
    expect(mayReport({ ...m, author_id: null }, "a")).toBe(false);
    expect(mayReport({ ...m, kind: "call" }, "a")).toBe(false);
    expect(mayReport({ ...m, kind: "poll" }, "a")).toBe(true);
  });

  it("tells the reporter the status, then the outcome", () => {
    expect(statusKey({ status: "open" })).toBe("mod.status.open");
    expect(statusKey({ status: "closed", outcome: "no_violation" })).toBe("mod.outcome.no_violation");
    expect(statusKey({ status: "closed", outcome: null })).toBe("mod.status.closed");
  });

  it("reads the section's paths", () => {
    const q = new URLSearchParams();
    expect(parseModPath("", q)).toEqual({ tab: "reports", status: "open", reportId: null });
    expect(parseModPath("", new URLSearchParams("status=closed"))).toEqual({
      tab: "reports",
      status: "closed",
      reportId: null,
    });
    expect(parseModPath("reports/R1", q)).toEqual({ tab: "reports", status: "open", reportId: "R1" });
    expect(parseModPath("trust/T1", q)).toEqual({ tab: "trust", threadId: "T1" });
    expect(parseModPath("access", q)).toEqual({ tab: "access", grantId: null });
    expect(parseModPath("suspensions", q)).toEqual({ tab: "suspensions" });
    expect(parseModPath("nowhere", q)).toBeNull();
    expect(parseModPath("reports/R1/x", q)).toBeNull();
  });

  it("shows each person the tabs of their duties", () => {
    expect(modTabs({ handler: true, responder: false, admin: false })).toEqual(["reports"]);
    expect(modTabs({ handler: false, responder: true, admin: false })).toEqual(["reports", "trust"]);
    expect(modTabs({ handler: true, responder: false, admin: true })).toEqual(["reports", "access", "suspensions"]);
  });

  it("keeps access between 1 and 24 hours", () => {
    expect(clampHours("3")).toBe(3);
    expect(clampHours("0")).toBe(1);
    expect(clampHours("99")).toBe(24);
    expect(clampHours("x")).toBe(1);
  });
});

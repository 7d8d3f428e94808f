import { describe, expect, it } from "vitest";
import { assignmentState, authorProgress, deadlineToIso, defaultDeadline, mayHandIn, studentStatus, type Assignment } from "./status";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const base = (over: Partial<Assignment> = {}): Assignment => ({
  id: "a1",
  title: "Essay",
  deadline: "2026-12-01T15:00:00Z",
  closed: false,
  ...over,
});

describe("assignment state", () => {
  it("open, due soon, overdue, closed", () => {
    expect(assignmentState(base(), NOW).key).toBe("homework.state.open");
    expect(assignmentState(base({ deadline: null }), NOW).key).toBe("homework.state.open");
    expect(assignmentState(base({ deadline: "2026-11-28T20:00:00Z" }), NOW).key).toBe("homework.state.soon");
    expect(assignmentState(base({ deadline: "2026-11-28T11:59:00Z" }), NOW).tone).toBe("late");
    expect(assignmentState(base({ closed: true, deadline: "2026-11-01T00:00:00Z" }), NOW).key).toBe("homework.state.closed");
  });

  it("the author's count, when known", () => {
    expect(authorProgress(base())).toBeNull();
    const p = authorProgress(base({ submitted: 12, expected: 25 }));
    expect(p?.key).toBe("homework.progress");
    expect(p?.vars).toMatchObject({ submitted: 12, expected: 25, count: 12 });
    expect(p?.tone).toBe("open");
    expect(authorProgress(base({ submitted: 25, expected: 25 }))?.tone).toBe("done");
  });

  it("a student's own status, with late hand-ins", () => {
    expect(studentStatus(base(), null, NOW).key).toBe("homework.mine.todo");
    expect(studentStatus(base(), "2026-11-30T10:00:00Z", NOW).key).toBe("homework.mine.done");
    expect(studentStatus(base(), "2026-12-02T10:00:00Z", NOW).key).toBe("homework.mine.late");
    expect(studentStatus(base({ deadline: "2026-11-27T00:00:00Z" }), null, NOW).key).toBe("homework.mine.overdue");
    expect(studentStatus(base({ closed: true }), null, NOW).key).toBe("homework.mine.missed");
    expect(studentStatus(base({ closed: true }), "2026-11-30T10:00:00Z", NOW).key).toBe("homework.mine.done");
    expect(mayHandIn(base())).toBe(true);
    expect(mayHandIn(base({ closed: true }))).toBe(false);
  });

  it("deadlines from the date-time field", () => {
    expect(deadlineToIso("")).toBeNull();
    expect(deadlineToIso("garbage")).toBeNull();
    const iso = deadlineToIso("2026-12-05T18:00");
    expect(iso).toBe(new Date(2026, 11, 5, 18, 0).toISOString());
    expect(defaultDeadline(new Date(2026, 10, 28, 9, 30))).toBe("2026-12-05T18:00");
  });
});

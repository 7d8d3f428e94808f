// What an assignment card says about its state, as catalogue keys (pure, tested).
import type { Schemas } from "../../api/client";
import type { Key, Vars } from "../../i18n";

export type Assignment = Schemas["AssignmentOut"];

export interface StatusText {
  key: Key;
  vars?: Vars;
  tone: "open" | "soon" | "late" | "closed" | "done";
}

const SOON_MS = 24 * 3600 * 1000;

/** The state of collection as everyone sees it: closed, past the deadline, due soon, open. */
export function assignmentState(a: Assignment, now: number): StatusText {
  if (a.closed) return { key: "homework.state.closed", tone: "closed" };
  if (a.deadline) {
    const due = Date.parse(a.deadline);
    if (due <= now) return { key: "homework.state.overdue", tone: "late" };
    if (due - now <= SOON_MS) return { key: "homework.state.soon", tone: "soon" };
  }
  return { key: "homework.state.open", tone: "open" };
}

/** The author's line: "handed in 12 of 25"; null while the counts are not known. */
export function authorProgress(a: Assignment): StatusText | null {
  if (a.submitted == null || a.expected == null) return null;
  return {
    key: "homework.progress",
    vars: { count: a.submitted, submitted: a.submitted, expected: a.expected },
    tone: a.expected > 0 && a.submitted >= a.expected ? "done" : "open",
  };
}

/** A student's line about their own work. */
export function studentStatus(a: Assignment, mySubmittedAt: string | null | undefined, now: number): StatusText {
  if (mySubmittedAt) {
    const late = a.deadline != null && Date.parse(mySubmittedAt) > Date.parse(a.deadline);
    return late
      ? { key: "homework.mine.late", tone: "late" }
      : { key: "homework.mine.done", tone: "done" };
  }
  if (a.closed) return { key: "homework.mine.missed", tone: "closed" };
  if (a.deadline && Date.parse(a.deadline) <= now) return { key: "homework.mine.overdue", tone: "late" };
  return { key: "homework.mine.todo", tone: "open" };
}

/** Whether a student may still hand in or change their work (late is allowed until closed). */
export function mayHandIn(a: Assignment): boolean {
  return !a.closed;
}

/** A `datetime-local` value (local wall time) as an ISO instant; "" → null. */
export function deadlineToIso(local: string): string | null {
  if (!local) return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The default deadline offered: a week ahead at 18:00 local time, as a `datetime-local` value. */
export function defaultDeadline(now: Date): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 7, 18, 0);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

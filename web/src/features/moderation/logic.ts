// Pure helpers of the moderation screens (unit-tested in logic.test.ts).
import type { Key } from "../../i18n";

/** Whether the message menu offers "Report": others' messages that still exist and have a
 *  person behind them (never system or call records). */
export function mayReport(m: { author_id: string | null; deleted: boolean; kind: string }, myId: string): boolean {
  return m.author_id !== null && m.author_id !== myId && !m.deleted && m.kind !== "system" && m.kind !== "call";
}

/** The status line of a report as its reporter reads it. */
export function statusKey(r: { status: string; outcome?: string | null }): Key {
  if (r.status === "closed" && r.outcome) return `mod.outcome.${r.outcome}` as Key;
  return `mod.status.${r.status === "closed" ? "closed" : "open"}` as Key;
}

/** Where each part of the moderation section lives, and which tab it belongs to. */
export type ModTab = "reports" | "trust" | "access" | "suspensions";
export type ModView =
  | { tab: "reports"; status: "open" | "closed"; reportId: string | null }
  | { tab: "trust"; threadId: string | null }
  | { tab: "access"; grantId: string | null }
  | { tab: "suspensions" }
  | null;

export function parseModPath(rest: string, query: URLSearchParams): ModView {
  const [first = "", second, ...more] = rest.split("/").filter(Boolean);
  if (more.length) return null;
  if (first === "" || first === "reports") {
    if (first === "reports" && second) return { tab: "reports", status: "open", reportId: second };
    return { tab: "reports", status: query.get("status") === "closed" ? "closed" : "open", reportId: null };
  }
  if (first === "trust") return { tab: "trust", threadId: second ?? null };
  if (first === "access") return { tab: "access", grantId: second ?? null };
  if (first === "suspensions" && !second) return { tab: "suspensions" };
  return null;
}

/** The tabs a person sees: what they handle, answer or administer. */
export function modTabs(o: { handler: boolean; responder: boolean; admin: boolean }): ModTab[] {
  const tabs: ModTab[] = ["reports"];
  if (o.responder) tabs.push("trust");
  if (o.admin) tabs.push("access", "suspensions");
  return tabs;
}

/** Hours of access: 1 to 24. */
export function clampHours(value: string): number {
  const n = Math.round(Number(value));
  return Number.isFinite(n) ? Math.min(24, Math.max(1, n)) : 1;
}

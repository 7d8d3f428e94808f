// Calls of moderation, blocks and the trust line (docs/api/moderation.md).
import { api, ok, type Schemas } from "../../api/client";

export type Report = Schemas["ReportOut"];
export type ReportRow = Schemas["ReportRow"];
export type ReportPage = Schemas["ReportPage"];
export type Reason = Schemas["ReportIn"]["reason"];
export type Outcome = Schemas["CloseIn"]["outcome"];
export type Action = Schemas["ActionIn"]["action"];
export type Overview = Schemas["Overview"];
export type Safeguarding = Schemas["SafeguardingSettings"];
export type Block = Schemas["BlockOut"];
export type Suspension = Schemas["SuspensionOut"];
export type ChatPick = Schemas["ChatPick"];
export type ChatAccess = Schemas["ChatAccessOut"];
export type AccessHistory = Schemas["AccessHistory"];
export type TrustInfo = Schemas["TrustInfo"];
export type Thread = Schemas["Thread"];
export type ThreadPage = Schemas["ThreadPage"];

export const REASONS: Reason[] = ["bullying", "harassment", "inappropriate", "spam", "self_harm", "other"];
export const OUTCOMES: Outcome[] = ["action_taken", "no_violation", "referred"];
/** Silences offered to handlers, in minutes. */
export const SILENCES = [60, 24 * 60, 7 * 24 * 60] as const;

const org = (orgId: string) => ({ params: { path: { org_id: orgId } } });

export const overview = (orgId: string) => ok(api.GET("/api/v1/orgs/{org_id}/moderation", org(orgId)));

/** File a report; `created` is false when it is my open report of the same thing. */
export async function fileReport(orgId: string, body: Schemas["ReportIn"]): Promise<{ report: Report; created: boolean }> {
  let status = 0;
  const report = await ok(
    api.POST("/api/v1/orgs/{org_id}/moderation/reports", { ...org(orgId), body }).then((r) => {
      status = r.response.status;
      return r;
    }),
  );
  return { report, created: status === 201 };
}

export function queue(orgId: string, status: "open" | "closed", cursor: string | null): Promise<ReportPage> {
  return ok(
    api.GET("/api/v1/orgs/{org_id}/moderation/reports", {
      params: { path: { org_id: orgId }, query: { status, ...(cursor ? { cursor } : {}) } },
    }),
  );
}

export function myReports(orgId: string, cursor: string | null): Promise<ReportPage> {
  return ok(
    api.GET("/api/v1/orgs/{org_id}/moderation/reports/mine", {
      params: { path: { org_id: orgId }, query: cursor ? { cursor } : {} },
    }),
  );
}

const reportPath = (orgId: string, reportId: string) => ({ params: { path: { org_id: orgId, report_id: reportId } } });

export const getReport = (orgId: string, reportId: string) =>
  ok(api.GET("/api/v1/orgs/{org_id}/moderation/reports/{report_id}", reportPath(orgId, reportId)));

export function act(orgId: string, reportId: string, body: Schemas["ActionIn"]): Promise<Report> {
  return ok(
    api.POST("/api/v1/orgs/{org_id}/moderation/reports/{report_id}/actions", { ...reportPath(orgId, reportId), body }),
  );
}

export function closeReport(orgId: string, reportId: string, body: Schemas["CloseIn"]): Promise<Report> {
  return ok(
    api.POST("/api/v1/orgs/{org_id}/moderation/reports/{report_id}/close", { ...reportPath(orgId, reportId), body }),
  );
}

export function liftSilence(orgId: string, silenceId: string): Promise<unknown> {
  return ok(
    api.POST("/api/v1/orgs/{org_id}/moderation/silences/{silence_id}/lift", {
      params: { path: { org_id: orgId, silence_id: silenceId } },
      body: { note: "" },
    }),
  );
}

export const suspensions = (orgId: string) => ok(api.GET("/api/v1/orgs/{org_id}/moderation/suspensions", org(orgId)));

export function liftSuspension(orgId: string, id: string): Promise<unknown> {
  return ok(
    api.POST("/api/v1/orgs/{org_id}/moderation/suspensions/{suspension_id}/lift", {
      params: { path: { org_id: orgId, suspension_id: id } },
      body: { note: "" },
    }),
  );
}

export const safeguarding = (orgId: string) => ok(api.GET("/api/v1/orgs/{org_id}/moderation/settings", org(orgId)));

export function saveSafeguarding(orgId: string, body: Schemas["SafeguardingPatch"]): Promise<Safeguarding> {
  return ok(api.PUT("/api/v1/orgs/{org_id}/moderation/settings", { ...org(orgId), body }));
}

export function pickChats(orgId: string, q: string): Promise<ChatPick[]> {
  return ok(
    api.GET("/api/v1/orgs/{org_id}/moderation/chats", {
      params: { path: { org_id: orgId }, query: q ? { q } : {} },
    }),
  );
}

export const myAccess = (orgId: string) => ok(api.GET("/api/v1/orgs/{org_id}/moderation/chat-access", org(orgId)));

export function openAccess(orgId: string, body: Schemas["ChatAccessIn"]): Promise<ChatAccess> {
  return ok(api.POST("/api/v1/orgs/{org_id}/moderation/chat-access", { ...org(orgId), body }));
}

export function readAccess(orgId: string, grantId: string, beforeSeq: number | null): Promise<AccessHistory> {
  return ok(
    api.GET("/api/v1/orgs/{org_id}/moderation/chat-access/{grant_id}/messages", {
      params: { path: { org_id: orgId, grant_id: grantId }, query: beforeSeq === null ? {} : { before_seq: beforeSeq } },
    }),
  );
}

export function endAccess(orgId: string, grantId: string): Promise<unknown> {
  return ok(
    api.POST("/api/v1/orgs/{org_id}/moderation/chat-access/{grant_id}/end", {
      params: { path: { org_id: orgId, grant_id: grantId } },
    }),
  );
}

// Blocks: one list per person, cached while the page lives (block and unblock refresh it).
let blocksCache: Promise<Block[]> | null = null;
const blockListeners = new Set<() => void>();

export function myBlocks(fresh = false): Promise<Block[]> {
  if (!blocksCache || fresh) blocksCache = ok(api.GET("/api/v1/me/blocks"));
  return blocksCache;
}

export function onBlocksChanged(fn: () => void): () => void {
  blockListeners.add(fn);
  return () => {
    blockListeners.delete(fn);
  };
}

function changed(): void {
  blocksCache = null;
  for (const fn of blockListeners) fn();
}

export async function block(accountId: string): Promise<Block> {
  const out = await ok(api.POST("/api/v1/me/blocks", { body: { account_id: accountId } }));
  changed();
  return out;
}

export async function unblock(accountId: string): Promise<void> {
  await ok(api.DELETE("/api/v1/me/blocks/{account_id}", { params: { path: { account_id: accountId } } }));
  changed();
}

// The trust line.
export const trustInfo = (orgId: string) => ok(api.GET("/api/v1/orgs/{org_id}/trust", org(orgId)));

export function myThreads(orgId: string, cursor: string | null): Promise<ThreadPage> {
  return ok(
    api.GET("/api/v1/orgs/{org_id}/trust/threads", { params: { path: { org_id: orgId }, query: cursor ? { cursor } : {} } }),
  );
}

export function trustInbox(orgId: string, cursor: string | null): Promise<ThreadPage> {
  return ok(
    api.GET("/api/v1/orgs/{org_id}/trust/inbox", { params: { path: { org_id: orgId }, query: cursor ? { cursor } : {} } }),
  );
}

export function openThread(orgId: string, body: Schemas["ThreadIn"]): Promise<Thread> {
  return ok(api.POST("/api/v1/orgs/{org_id}/trust/threads", { ...org(orgId), body }));
}

const threadPath = (orgId: string, threadId: string) => ({ params: { path: { org_id: orgId, thread_id: threadId } } });

export const getThread = (orgId: string, threadId: string) =>
  ok(api.GET("/api/v1/orgs/{org_id}/trust/threads/{thread_id}", threadPath(orgId, threadId)));

export function writeThread(orgId: string, threadId: string, body: string): Promise<Thread> {
  return ok(
    api.POST("/api/v1/orgs/{org_id}/trust/threads/{thread_id}/entries", { ...threadPath(orgId, threadId), body: { body } }),
  );
}

export const closeThread = (orgId: string, threadId: string) =>
  ok(api.POST("/api/v1/orgs/{org_id}/trust/threads/{thread_id}/close", threadPath(orgId, threadId)));

export function escalateThread(orgId: string, threadId: string, reason: string): Promise<Thread> {
  return ok(
    api.POST("/api/v1/orgs/{org_id}/trust/threads/{thread_id}/escalate", {
      ...threadPath(orgId, threadId),
      body: { reason },
    }),
  );
}

// Calls of support, suggestions and platform news (docs/api/support.md).
import { api, ok, type Schemas } from "../../api/client";
import { upload } from "../../api/upload";

export type Ticket = Schemas["SupportTicketOut"];
export type Detail = Schemas["SupportTicketDetailOut"];
export type Entry = Schemas["SupportEntryOut"];
export type SupportFile = Schemas["SupportFileOut"];
export type Inbox = Schemas["SupportInboxPage"];
export type TicketStatus = Ticket["status"];
export type Suggestion = Schemas["SuggestionOut"];
export type PlatformSuggestion = Schemas["PlatformSuggestionOut"];
export type SuggestionStatus = Suggestion["status"];
export type PostSummary = Schemas["NewsPostSummary"];
export type Post = Schemas["NewsPostOut"];
export type EditorPost = Schemas["NewsEditorPostOut"];
export type Category = Post["category"];
export type Audience = Post["audience"];

export const TICKET_STATUSES: TicketStatus[] = ["open", "answered", "closed"];
export const SUGGESTION_STATUSES: SuggestionStatus[] = ["new", "planned", "done", "declined"];
export const CATEGORIES: Category[] = ["news", "howto", "webinar"];
export const MAX_FILES = 5;

/** Where a thread's requests go: the organisation's routes or the operator's console. */
export interface ThreadApi {
  send(body: string, files: File[], internal: boolean): Promise<Detail>;
  setStatus(status: TicketStatus): Promise<Detail>;
  escalate?(note: string): Promise<Detail>;
}

function entryForm(body: string, files: File[], internal: boolean): FormData {
  const form = new FormData();
  form.set("body", body);
  form.set("internal", internal ? "true" : "false");
  for (const f of files) form.append("files", f, f.name);
  return form;
}

export function orgThread(orgId: string, ticketId: string): ThreadApi {
  const path = { org_id: orgId, ticket_id: ticketId };
  return {
    send: (body, files, internal) =>
      upload<Detail>(`/api/v1/orgs/${orgId}/support/tickets/${ticketId}/entries`, entryForm(body, files, internal)),
    setStatus: (status) =>
      ok(api.PUT("/api/v1/orgs/{org_id}/support/tickets/{ticket_id}/status", { params: { path }, body: { status } })),
    escalate: (note) =>
      ok(api.POST("/api/v1/orgs/{org_id}/support/tickets/{ticket_id}/escalate", { params: { path }, body: { note } })),
  };
}

export function platformThread(ticketId: string): ThreadApi {
  const path = { ticket_id: ticketId };
  return {
    send: (body, files, internal) =>
      upload<Detail>(`/api/v1/operator/support/tickets/${ticketId}/entries`, entryForm(body, files, internal)),
    setStatus: (status) =>
      ok(api.PUT("/api/v1/operator/support/tickets/{ticket_id}/status", { params: { path }, body: { status } })),
  };
}

export function openTicket(
  orgId: string,
  subject: string,
  body: string,
  files: File[],
  toPlatform: boolean,
): Promise<Detail> {
  const form = new FormData();
  form.set("subject", subject);
  form.set("body", body);
  if (toPlatform) form.set("to_platform", "true");
  for (const f of files) form.append("files", f, f.name);
  return upload<Detail>(`/api/v1/orgs/${orgId}/support/tickets`, form);
}

export function orgTicket(orgId: string, ticketId: string): Promise<Detail> {
  return ok(
    api.GET("/api/v1/orgs/{org_id}/support/tickets/{ticket_id}", {
      params: { path: { org_id: orgId, ticket_id: ticketId } },
    }),
  );
}

export function myTickets(orgId: string, cursor: string | null) {
  return ok(
    api.GET("/api/v1/orgs/{org_id}/support/tickets", {
      params: { path: { org_id: orgId }, query: { cursor: cursor ?? undefined, limit: 30 } },
    }),
  );
}

export function orgInbox(orgId: string, status: TicketStatus | null, cursor: string | null): Promise<Inbox> {
  return ok(
    api.GET("/api/v1/orgs/{org_id}/support/inbox", {
      params: { path: { org_id: orgId }, query: { status: status ?? undefined, cursor: cursor ?? undefined, limit: 30 } },
    }),
  );
}

export function platformInbox(status: TicketStatus | null, cursor: string | null): Promise<Inbox> {
  return ok(
    api.GET("/api/v1/operator/support/tickets", {
      params: { query: { status: status ?? undefined, cursor: cursor ?? undefined, limit: 30 } },
    }),
  );
}

export function platformTicket(ticketId: string): Promise<Detail> {
  return ok(api.GET("/api/v1/operator/support/tickets/{ticket_id}", { params: { path: { ticket_id: ticketId } } }));
}

export function suggest(orgId: string, title: string, body: string): Promise<Suggestion> {
  return ok(api.POST("/api/v1/orgs/{org_id}/support/suggestions", { params: { path: { org_id: orgId } }, body: { title, body } }));
}

export function mySuggestions(orgId: string, cursor: string | null) {
  return ok(
    api.GET("/api/v1/orgs/{org_id}/support/suggestions", {
      params: { path: { org_id: orgId }, query: { cursor: cursor ?? undefined, limit: 30 } },
    }),
  );
}

export function platformSuggestions(status: SuggestionStatus | null, cursor: string | null) {
  return ok(
    api.GET("/api/v1/operator/suggestions", {
      params: { query: { status: status ?? undefined, cursor: cursor ?? undefined, limit: 30 } },
    }),
  );
}

export function decide(id: string, status: SuggestionStatus, reply: string): Promise<PlatformSuggestion> {
  return ok(api.PUT("/api/v1/operator/suggestions/{suggestion_id}", { params: { path: { suggestion_id: id } }, body: { status, reply } }));
}

export function newsFeed(category: Category | null, q: string, cursor: string | null) {
  return ok(
    api.GET("/api/v1/news", {
      params: { query: { category: category ?? undefined, q: q.trim() || undefined, cursor: cursor ?? undefined, limit: 20 } },
    }),
  );
}

export function webinars(): Promise<PostSummary[]> {
  return ok(api.GET("/api/v1/news/webinars"));
}

export function newsPost(id: string): Promise<Post> {
  return ok(api.GET("/api/v1/news/{post_id}", { params: { path: { post_id: id } } }));
}

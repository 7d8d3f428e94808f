// Server calls of homework collection (POST/GET/PUT/DELETE under /orgs/{org}/assignments).
import { ApiError, api, ok, type Schemas } from "../../api/client";
import type { Message } from "../chats/types";

export type Submission = Schemas["SubmissionOut"];
export type Submissions = Schemas["SubmissionsOut"];

export function createAssignment(
  orgId: string,
  chatId: string,
  body: { client_id: string; title: string; body: string; deadline: string | null; attachment_ids: string[] },
): Promise<Message> {
  return ok(
    api.POST("/api/v1/orgs/{org_id}/chats/{chat_id}/assignments", {
      params: { path: { org_id: orgId, chat_id: chatId } },
      body,
    }),
  );
}

const path = (orgId: string, id: string) => ({ params: { path: { org_id: orgId, assignment_id: id } } });

export function submissions(orgId: string, id: string): Promise<Submissions> {
  return ok(api.GET("/api/v1/orgs/{org_id}/assignments/{assignment_id}/submissions", path(orgId, id)));
}

/** My submission, or null when I have not handed in. */
export async function mySubmission(orgId: string, id: string): Promise<Submission | null> {
  try {
    return await ok(api.GET("/api/v1/orgs/{org_id}/assignments/{assignment_id}/submission", path(orgId, id)));
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

export function handIn(orgId: string, id: string, comment: string, attachmentIds: string[]): Promise<Submission> {
  return ok(
    api.PUT("/api/v1/orgs/{org_id}/assignments/{assignment_id}/submission", {
      ...path(orgId, id),
      body: { comment, attachment_ids: attachmentIds },
    }),
  );
}

export function withdraw(orgId: string, id: string): Promise<void> {
  return ok(api.DELETE("/api/v1/orgs/{org_id}/assignments/{assignment_id}/submission", path(orgId, id))).then(() => undefined);
}

export function closeAssignment(orgId: string, id: string): Promise<Schemas["AssignmentOut"]> {
  return ok(api.POST("/api/v1/orgs/{org_id}/assignments/{assignment_id}/close", path(orgId, id)));
}

export function archiveUrl(orgId: string, id: string): string {
  return `/api/v1/orgs/${encodeURIComponent(orgId)}/assignments/${encodeURIComponent(id)}/archive.zip`;
}

// The server calls of files and homework uploads: upload with progress (XMLHttpRequest via
// api/upload.ts), cancel, a fresh copy of an attachment when its signed links ran out,
// the chat's files tab, and my roles (who may collect homework).
import { ApiError, api, ok, type Schemas } from "../../api/client";
import { upload } from "../../api/upload";
import { isVerifiedStaff } from "../chats/NewChat";
import { limitFromMessage, type Attachment, type AttachmentKind } from "./format";
import type { UploadError } from "./uploadQueue";

export type FilesPage = Schemas["FileTabPage"];

const seg = encodeURIComponent;

export interface UploadOpts {
  voice?: boolean;
  durationMs?: number;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** Upload one file to a chat: a pending attachment, mine until a message or a hand-in uses it. */
export function uploadFile(orgId: string, chatId: string, file: Blob, name: string, opts: UploadOpts = {}): Promise<Attachment> {
  const form = new FormData();
  form.append("file", file, name);
  if (opts.voice) form.append("voice", "true");
  if (opts.durationMs !== undefined) form.append("duration_ms", String(Math.round(opts.durationMs)));
  return upload<Attachment>(`/api/v1/orgs/${seg(orgId)}/chats/${seg(chatId)}/uploads`, form, {
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}

/** Drop my pending upload (the cancel button once it has finished). Errors are ignored: the
 * server forgets unused uploads anyway. */
export function cancelUpload(orgId: string, chatId: string, attachmentId: string): Promise<void> {
  return ok(
    api.DELETE("/api/v1/orgs/{org_id}/chats/{chat_id}/uploads/{attachment_id}", {
      params: { path: { org_id: orgId, chat_id: chatId, attachment_id: attachmentId } },
    }),
  ).then(
    () => undefined,
    () => undefined,
  );
}

const refreshing = new Map<string, Promise<Attachment>>();
const fresh = new Map<string, Attachment>();

/** The newest copy of an attachment seen here (links renewed after a 410), or the given one. */
export function latest(a: Attachment): Attachment {
  return fresh.get(a.id) ?? a;
}

/** New signed links for an attachment; concurrent callers share one request. */
export function refreshAttachment(orgId: string, attachmentId: string): Promise<Attachment> {
  let p = refreshing.get(attachmentId);
  if (!p) {
    p = ok(
      api.GET("/api/v1/orgs/{org_id}/attachments/{attachment_id}", {
        params: { path: { org_id: orgId, attachment_id: attachmentId } },
      }),
    ).then((a) => {
      fresh.set(a.id, a);
      return a;
    });
    p.finally(() => refreshing.delete(attachmentId)).catch(() => undefined);
    refreshing.set(attachmentId, p);
  }
  return p;
}

/** A page of the chat's files tab, newest first. */
export function chatFiles(orgId: string, chatId: string, kind: AttachmentKind, before: string | null, limit = 30): Promise<FilesPage> {
  return ok(
    api.GET("/api/v1/orgs/{org_id}/chats/{chat_id}/files", {
      params: {
        path: { org_id: orgId, chat_id: chatId },
        query: { kind, limit, ...(before ? { before } : {}) },
      },
    }),
  );
}

/** What went wrong with an upload, as the composer explains it. */
export function uploadError(err: unknown, knownLimit: number | null): UploadError {
  if (err instanceof ApiError) {
    if (err.isNetwork) return { code: err.code === "aborted" ? "aborted" : "network" };
    if (err.code === "file_too_large" || (err.status === 413 && err.code !== "quota_exceeded")) {
      return { code: "file_too_large", limit: limitFromMessage(err.message) ?? knownLimit };
    }
    if (err.status === 415 || err.code === "unsupported_file_type" || err.code === "file_type_not_allowed") {
      return { code: "type" };
    }
    return { code: err.code };
  }
  return { code: "network" };
}

type MyOrg = Schemas["MyOrg"];
let myOrgs: Promise<MyOrg[]> | null = null;

/** My organisations and roles, fetched once per page (the server still decides every call). */
export function myRoles(orgId: string): Promise<MyOrg["roles"]> {
  if (!myOrgs) {
    myOrgs = ok(api.GET("/api/v1/me/orgs"));
    myOrgs.catch(() => {
      myOrgs = null;
    });
  }
  return myOrgs.then((list) => list.find((o) => o.org_id === orgId)?.roles ?? []);
}

export async function mayCollect(orgId: string): Promise<boolean> {
  return isVerifiedStaff(await myRoles(orgId));
}

export async function isStudent(orgId: string): Promise<boolean> {
  return (await myRoles(orgId)).some((r) => r.role === "student");
}

const limits = new Map<string, Promise<number | null>>();

/** The organisation's per-file limit in bytes (settings.file_max_mb), when the server says. */
export function fileLimit(orgId: string): Promise<number | null> {
  let p = limits.get(orgId);
  if (!p) {
    p = ok(api.GET("/api/v1/orgs/{org_id}", { params: { path: { org_id: orgId } } })).then(
      (org) => {
        const mb = (org.settings as Record<string, unknown>).file_max_mb;
        return typeof mb === "number" && mb > 0 ? mb * 1024 * 1024 : null;
      },
      () => null,
    );
    limits.set(orgId, p);
  }
  return p;
}

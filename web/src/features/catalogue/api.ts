// Calls of the verified content catalogue (docs/api/catalogue.md).
import { api, ok, type Schemas } from "../../api/client";
import type { paths } from "../../api/schema";
import { upload, type UploadOptions } from "../../api/upload";

export type Item = Schemas["CatalogueItemOut"];
export type ReviewItem = Schemas["ReviewItemOut"];
// By the endpoint, not the schema's name: another domain's SubjectOut makes that name move.
export type Subject = paths["/api/v1/catalogue/subjects"]["get"]["responses"][200]["content"]["application/json"][number];
export type ItemPage = Schemas["Page_CatalogueItemOut_"];
export type ReviewPage = Schemas["Page_ReviewItemOut_"];
export type Status = Item["status"];

let subjectsOnce: Promise<Subject[]> | null = null;

/** The subjects (fixed on the server): fetched once per page. */
export function subjects(): Promise<Subject[]> {
  if (!subjectsOnce) {
    subjectsOnce = ok(api.GET("/api/v1/catalogue/subjects")).catch((err: unknown) => {
      subjectsOnce = null;
      throw err;
    });
  }
  return subjectsOnce;
}

export interface Filters {
  subject: string | null;
  grade: number | null;
  q: string;
}

export function browse(f: Filters, cursor: string | null): Promise<ItemPage> {
  return ok(
    api.GET("/api/v1/catalogue/items", {
      params: {
        query: {
          subject: f.subject ?? undefined,
          grade: f.grade ?? undefined,
          q: f.q.trim() || undefined,
          cursor: cursor ?? undefined,
          limit: 20,
        },
      },
    }),
  );
}

export function item(id: string): Promise<Item> {
  return ok(api.GET("/api/v1/catalogue/items/{item_id}", { params: { path: { item_id: id } } }));
}

export function mine(cursor: string | null): Promise<ItemPage> {
  return ok(api.GET("/api/v1/catalogue/mine", { params: { query: { cursor: cursor ?? undefined, limit: 20 } } }));
}

/** A teacher's submission, or (orgId null) the operator's new item: the same form. */
export function sendItem<T extends Item>(orgId: string | null, form: FormData, opts: UploadOptions = {}): Promise<T> {
  const url = orgId
    ? `/api/v1/orgs/${encodeURIComponent(orgId)}/catalogue/submissions`
    : "/api/v1/operator/catalogue/items";
  return upload<T>(url, form, opts);
}

export function share(orgId: string, itemId: string, chatId: string, clientId: string, comment: string) {
  return ok(
    api.POST("/api/v1/orgs/{org_id}/catalogue/items/{item_id}/share", {
      params: { path: { org_id: orgId, item_id: itemId } },
      body: { chat_id: chatId, client_id: clientId, comment },
    }),
  );
}

// --- the operator -------------------------------------------------------------------

export function reviewQueue(status: Status, cursor: string | null): Promise<ReviewPage> {
  return ok(
    api.GET("/api/v1/operator/catalogue/items", {
      params: { query: { status, cursor: cursor ?? undefined, limit: 30 } },
    }),
  );
}

export function approve(id: string): Promise<ReviewItem> {
  return ok(api.POST("/api/v1/operator/catalogue/items/{item_id}/approve", { params: { path: { item_id: id } } }));
}

export function reject(id: string, reason: string): Promise<ReviewItem> {
  return ok(
    api.POST("/api/v1/operator/catalogue/items/{item_id}/reject", {
      params: { path: { item_id: id } },
      body: { reason },
    }),
  );
}

export function withdraw(id: string): Promise<void> {
  return ok(api.DELETE("/api/v1/operator/catalogue/items/{item_id}", { params: { path: { item_id: id } } })).then(
    () => undefined,
  );
}

// Calls of the materials library (docs/api/materials.md). Nothing here is realtime: after a
// change the page loads the folder again.
import { api, ok, type Schemas } from "../../api/client";
import { upload, type UploadOptions } from "../../api/upload";
import { linkExpired } from "../files/format";
import type { PlaceKind } from "./paths";

export type Place = Schemas["PlaceOut"];
export type Material = Schemas["MaterialOut"];
export type LibraryPage = Schemas["LibraryPage"];

export interface Where {
  place: PlaceKind;
  placeId: string;
}

/** The organisation's library is addressed without a place id. */
function placeId(w: Where): string | undefined {
  return w.place === "org" ? undefined : w.placeId;
}

export function places(orgId: string): Promise<Place[]> {
  return ok(api.GET("/api/v1/orgs/{org_id}/materials/places", { params: { path: { org_id: orgId } } }));
}

export function folder(orgId: string, w: Where, folderId: string | null): Promise<LibraryPage> {
  return ok(
    api.GET("/api/v1/orgs/{org_id}/materials", {
      params: {
        path: { org_id: orgId },
        query: { place: w.place, place_id: placeId(w), folder_id: folderId ?? undefined },
      },
    }),
  );
}

export function createFolder(orgId: string, w: Where, parentId: string | null, title: string): Promise<Material> {
  return ok(
    api.POST("/api/v1/orgs/{org_id}/materials/folders", {
      params: { path: { org_id: orgId } },
      body: { place: w.place, place_id: placeId(w) ?? null, parent_id: parentId, title },
    }),
  );
}

export function createLink(
  orgId: string,
  w: Where,
  parentId: string | null,
  title: string,
  url: string,
): Promise<Material> {
  return ok(
    api.POST("/api/v1/orgs/{org_id}/materials/links", {
      params: { path: { org_id: orgId } },
      body: { place: w.place, place_id: placeId(w) ?? null, parent_id: parentId, title, url },
    }),
  );
}

/** Put a file of a chat message into a library (the same stored file, no copy). */
export function shareFromChat(orgId: string, w: Where, parentId: string | null, attachmentId: string): Promise<Material> {
  return ok(
    api.POST("/api/v1/orgs/{org_id}/materials/shared", {
      params: { path: { org_id: orgId } },
      body: { place: w.place, place_id: placeId(w) ?? null, parent_id: parentId, attachment_id: attachmentId },
    }),
  );
}

export function uploadInto(
  orgId: string,
  w: Where,
  parentId: string | null,
  file: File,
  opts: UploadOptions = {},
): Promise<Material> {
  const q = new URLSearchParams({ place: w.place });
  const pid = placeId(w);
  if (pid) q.set("place_id", pid);
  if (parentId) q.set("parent_id", parentId);
  const form = new FormData();
  form.append("file", file, file.name);
  return upload<Material>(`/api/v1/orgs/${encodeURIComponent(orgId)}/materials/uploads?${q.toString()}`, form, opts);
}

export type MaterialPatch = Schemas["MaterialPatch"];

export function changeItem(orgId: string, id: string, patch: MaterialPatch): Promise<Material> {
  return ok(
    api.PATCH("/api/v1/orgs/{org_id}/materials/items/{item_id}", {
      params: { path: { org_id: orgId, item_id: id } },
      body: patch,
    }),
  );
}

export function deleteItem(orgId: string, id: string): Promise<void> {
  return ok(
    api.DELETE("/api/v1/orgs/{org_id}/materials/items/{item_id}", {
      params: { path: { org_id: orgId, item_id: id } },
    }),
  ).then(() => undefined);
}

/** A file's address, fetched anew when its signed link has run out. */
export async function freshFileUrl(orgId: string, item: Material): Promise<string | null> {
  const url = item.file?.url ?? null;
  if (!url || !linkExpired(url, Date.now())) return url;
  const fresh = await ok(
    api.GET("/api/v1/orgs/{org_id}/materials/items/{item_id}", {
      params: { path: { org_id: orgId, item_id: item.id } },
    }),
  );
  return fresh.file?.url ?? null;
}

// Pure helpers of the materials section: its addresses, breadcrumbs and how places group.
import type { Schemas } from "../../api/client";

export type PlaceKind = "org" | "class" | "group";
type Place = Schemas["PlaceOut"];
type FolderRef = Schemas["FolderRef"];

export interface MaterialsRoute {
  place: PlaceKind;
  placeId: string;
  folderId: string | null;
}

const KINDS: readonly string[] = ["org", "class", "group"];

/** "/materials/<place>/<placeId>[/<folderId>]" (the part after /materials/) → a route;
 *  null for the section's root or anything malformed. */
export function parseRest(rest: string): MaterialsRoute | null {
  const parts = rest.split("/").filter(Boolean).map(decodeURIComponent);
  const [place, placeId, folderId, ...extra] = parts;
  if (!place || !KINDS.includes(place) || !placeId || extra.length > 0) return null;
  return { place: place as PlaceKind, placeId, folderId: folderId ?? null };
}

export function materialsPath(place: PlaceKind, placeId: string, folderId: string | null = null): string {
  const base = `/materials/${place}/${encodeURIComponent(placeId)}`;
  return folderId ? `${base}/${encodeURIComponent(folderId)}` : base;
}

export interface Crumb {
  label: string;
  href: string;
  current: boolean;
}

/** The breadcrumbs of a folder: the library itself, then every folder down to this one. */
export function crumbs(place: Pick<Place, "place" | "place_id" | "title">, path: readonly FolderRef[]): Crumb[] {
  const kind = place.place as PlaceKind;
  const out: Crumb[] = [{ label: place.title, href: materialsPath(kind, place.place_id), current: path.length === 0 }];
  path.forEach((f, i) =>
    out.push({ label: f.title, href: materialsPath(kind, place.place_id, f.id), current: i === path.length - 1 }),
  );
  return out;
}

/** Places in the order the server gives, split into the organisation, classes and groups. */
export function groupPlaces<P extends { place: string }>(list: readonly P[]): Record<PlaceKind, P[]> {
  const out: Record<PlaceKind, P[]> = { org: [], class: [], group: [] };
  for (const p of list) if (KINDS.includes(p.place)) out[p.place as PlaceKind].push(p);
  return out;
}

/** Whether two places are the same library. */
export function samePlace(a: { place: string; place_id: string }, b: { place: string; placeId: string }): boolean {
  return a.place === b.place && a.place_id === b.placeId;
}

/** The host of a link's address, as its row shows it ("example.org"); "" when unparsable. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, "");
  } catch {
    return "";
  }
}

import { describe, expect, it } from "vitest";
import { crumbs, groupPlaces, hostOf, materialsPath, parseRest, samePlace } from "./paths";

const org = { place: "org" as const, place_id: "ORG1", title: "Школа №5" };

describe("materials addresses", () => {
  it("reads the section's path", () => {
    expect(parseRest("")).toBeNull();
    expect(parseRest("org")).toBeNull();
    expect(parseRest("org/ORG1")).toEqual({ place: "org", placeId: "ORG1", folderId: null });
    expect(parseRest("class/C1/F1")).toEqual({ place: "class", placeId: "C1", folderId: "F1" });
    expect(parseRest("group/G1/")).toEqual({ place: "group", placeId: "G1", folderId: null });
    expect(parseRest("chat/X1")).toBeNull();
    expect(parseRest("class/C1/F1/extra")).toBeNull();
  });

  it("builds paths that read back the same", () => {
    expect(materialsPath("class", "C1")).toBe("/materials/class/C1");
    expect(materialsPath("group", "G1", "F9")).toBe("/materials/group/G1/F9");
    const path = materialsPath("class", "C 1", "F/2");
    expect(parseRest(path.replace("/materials/", ""))).toEqual({ place: "class", placeId: "C 1", folderId: "F/2" });
  });
});

describe("breadcrumbs", () => {
  it("is just the library at its top", () => {
    expect(crumbs(org, [])).toEqual([{ label: "Школа №5", href: "/materials/org/ORG1", current: true }]);
  });

  it("leads from the library down to the folder, the last one current", () => {
    const trail = crumbs({ place: "class", place_id: "C1", title: "5А" }, [
      { id: "F1", title: "Математика" },
      { id: "F2", title: "Контрольные" },
    ]);
    expect(trail.map((c) => c.label)).toEqual(["5А", "Математика", "Контрольные"]);
    expect(trail.map((c) => c.href)).toEqual([
      "/materials/class/C1",
      "/materials/class/C1/F1",
      "/materials/class/C1/F2",
    ]);
    expect(trail.map((c) => c.current)).toEqual([false, false, true]);
  });
});

describe("places", () => {
  it("groups the organisation, classes and groups, keeping the order", () => {
    const g = groupPlaces([
      { place: "org", place_id: "O" },
      { place: "class", place_id: "5А" },
      { place: "class", place_id: "6Б" },
      { place: "group", place_id: "Хор" },
      { place: "other", place_id: "?" },
    ]);
    expect(g.org.map((p) => p.place_id)).toEqual(["O"]);
    expect(g.class.map((p) => p.place_id)).toEqual(["5А", "6Б"]);
    expect(g.group.map((p) => p.place_id)).toEqual(["Хор"]);
  });

  it("compares a place with a route", () => {
    expect(samePlace({ place: "class", place_id: "C1" }, { place: "class", placeId: "C1" })).toBe(true);
    expect(samePlace({ place: "group", place_id: "C1" }, { place: "class", placeId: "C1" })).toBe(false);
  });

  it("shows a link's host", () => {
    expect(hostOf("https://www.resh.edu.ru/subject/12")).toBe("resh.edu.ru");
    expect(hostOf("http://school.example:8080/a")).toBe("school.example:8080");
    expect(hostOf("not a url")).toBe("");
  });
});
